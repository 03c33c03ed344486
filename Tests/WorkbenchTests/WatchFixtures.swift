import Foundation

/// The runs written by real trainers' writers (Tests/RunLogTests/Fixtures/make_watch_fixtures.py,
/// shared with RunLogTests), and scratch folders for runs the tests write as they go.
enum WatchFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("RunLogTests/Fixtures/watch_runs").path

    static func path(_ run: String) -> String { folder + "/" + run }

    /// The three runs in command-line order: TRL events (simple_value), ESPO events (tensors,
    /// two files), diffu-GRPO trainer_state.json.
    static let runs = ["trl_grpo", "espo", "diffu_grpo"]

    /// `expected.json`: every event-file scalar as TensorBoard's own loader read it.
    struct ExpectedPoint: Decodable {
        let tag: String
        let step: Int
        let value: Double
        let tensor: Bool
    }

    static func expected() throws -> [String: [ExpectedPoint]] {
        try JSONDecoder().decode(
            [String: [ExpectedPoint]].self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/expected.json")))
    }

    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.path + "/unmask-watch-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func append(_ bytes: some Sequence<UInt8>, to path: String) throws {
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
    }

    static func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }
}
