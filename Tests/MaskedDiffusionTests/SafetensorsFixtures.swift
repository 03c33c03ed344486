import Foundation

@testable import MaskedDiffusion

/// Fixture files, scratch folders and hand-built (often broken) safetensors bytes for the
/// safetensors and checkpoint tests.
enum SafetensorsFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static func path(_ name: String) -> String { folder.appendingPathComponent("safetensors/\(name)").path }
    static let checker = folder.appendingPathComponent("check_safetensors.py").path

    /// `expected.json`: per file, the metadata and every tensor's dtype, shape and values.
    struct Expected: Decodable {
        struct File: Codable {
            let metadata: [String: String]
            let tensors: [String: Tensor]
        }
        struct Tensor: Codable {
            let dtype: String
            let shape: [Int]
            let values: [Double]
        }
    }

    static func expected() throws -> [String: Expected.File] {
        try JSONDecoder().decode(
            [String: Expected.File].self, from: Data(contentsOf: URL(fileURLWithPath: path("expected.json"))))
    }

    /// A fresh, empty folder under the system temporary directory.
    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.path + "/unmask-safetensors-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func contents(of directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    /// A file with the given header text (unpadded) and data bytes; `declaredLength` overrides
    /// the header length field.
    static func file(_ header: String, data: [UInt8] = [], declaredLength: UInt64? = nil) -> [UInt8] {
        let json = Array(header.utf8)
        return withUnsafeBytes(of: (declaredLength ?? UInt64(json.count)).littleEndian, Array.init) + json + data
    }

    /// `count` bytes of F32 data 0, 1, 2, … (count/4 floats).
    static func floatBytes(_ floats: Int) -> [UInt8] {
        (0..<floats).flatMap { withUnsafeBytes(of: Float($0).bitPattern.littleEndian, Array.init) }
    }

    static let badName = "bad.safetensors"

    /// The problem reading `bytes` reports, or nil if they read fine.
    static func problem(_ bytes: [UInt8]) -> SafetensorsError.Problem? {
        do {
            _ = try SafetensorsFile(bytes: bytes, path: badName)
            return nil
        } catch {
            precondition(error.path == badName)
            return error.problem
        }
    }

    /// Whether `python3` can import the reference package (and numpy).
    static let pythonHasSafetensors: Bool = (try? runPython(["-c", "import safetensors, numpy"]).status) == 0

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
