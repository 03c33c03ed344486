import Foundation

@testable import RunLog

/// Fixture files (made by Fixtures/make_tensorboard_fixtures.py), scratch folders and the
/// Python checker for the TensorBoard, trainer_state and watcher tests.
enum RunLogFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static func path(_ relative: String) -> String { folder + "/" + relative }

    /// `tensorboard/expected.json`: per event file, every scalar as TensorBoard's loader reads it.
    struct ExpectedPoint: Decodable {
        let tag: String
        let step: Int
        let wall_time: Double
        let value: Double
    }

    static func expectedPoints() throws -> [String: [ExpectedPoint]] {
        try JSONDecoder().decode(
            [String: [ExpectedPoint]].self, from: Data(contentsOf: URL(fileURLWithPath: path("tensorboard/expected.json"))))
    }

    /// A fresh, empty folder under the system temporary directory.
    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.path + "/unmask-runlog-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func append(_ bytes: some Sequence<UInt8>, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
    }

    static func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// A framed record holding `event`.
    static func frame(_ event: TensorBoardEvent) -> [UInt8] { TFRecord.frame(event.encoded) }

    /// Whether `python3` can import the `tensorboard` package (`pip install tensorboard`).
    static let pythonHasTensorBoard: Bool = (try? runPython(["-c", "import tensorboard"]).status) == 0

    static func runPython(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
