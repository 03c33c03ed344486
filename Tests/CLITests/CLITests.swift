import Foundation
import Testing

/// The `unmask` binary as a user meets it: run as a process, judged by exit status and output.
struct CLITests {
    @Test func versionPrintsTheRelease() throws {
        let r = try runUnmask(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }

    @Test func helpDescribesTheTool() throws {
        let r = try runUnmask(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("masked (discrete) diffusion"))
        #expect(r.stdout.contains("USAGE: unmask"))
    }

    @Test func unknownOptionIsAUsageErrorWithStatus2() throws {
        let r = try runUnmask(["--no-such-flag"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--no-such-flag"))
    }
}

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the `unmask` built next to this test bundle.
func runUnmask(_ arguments: [String], environment: [String: String]? = nil, stdin: String? = nil) throws -> ProcessResult {
    let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let p = Process()
    p.executableURL = products.appendingPathComponent("unmask")
    p.arguments = arguments
    if let environment { p.environment = environment }
    let out = Pipe(), err = Pipe(), input = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = input
    try p.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return ProcessResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                         stderr: String(decoding: e, as: UTF8.self))
}
