import CPUGuard
import Foundation
import MaskedDiffusion
import Testing

/// The `unmask` binary as a user meets it: run as a process, judged by exit status and output.
struct CLITests {
    @Test func versionPrintsTheRelease() throws {
        let r = try runUnmask(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.split(separator: "\n").first?.split(separator: ".").count == 3)
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

/// The bytes one reader thread hands to another, after a semaphore orders the two.
private final class DataBox: @unchecked Sendable { var data = Data() }

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the `unmask` (or another product, `executable`) built next to this test bundle.
func runUnmask(
    _ arguments: [String], environment: [String: String]? = nil, stdin: String? = nil, executable: String = "unmask",
    directory: String? = nil
) throws -> ProcessResult {
    let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let p = Process()
    p.executableURL = products.appendingPathComponent(executable)
    p.arguments = arguments
    if let environment { p.environment = environment }
    if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let out = Pipe(), err = Pipe(), input = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = input
    try p.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    // Both pipes are drained at once: reading one to EOF first deadlocks once the child fills the other.
    let stderrData = DataBox(), stderrRead = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        stderrData.data = err.fileHandleForReading.readDataToEndOfFile()
        stderrRead.signal()
    }
    let o = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    stderrRead.wait()
    let e = stderrData.data
    return ProcessResult(
        status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
        stderr: String(decoding: e, as: UTF8.self))
}

/// `unmask` runs on the fastest OpenBLAS kernels this CPU supports, and says so.
struct BLASKernelCLITests {
    /// The core `--version` reports, its provenance and the whole output.
    func reportedCore(environment extra: [String: String]) throws -> (core: String, line: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_CORETYPE"] = nil
        environment.merge(extra) { $1 }
        let r = try runUnmask(["--version"], environment: environment)
        #expect(r.status == 0, "\(r.stderr)")
        let line = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("BLAS: ") })
        let core = try #require(line.split(separator: "core ").last?.split(separator: " ").first)
        return (String(core), String(line))
    }

    @Test func versionNamesTheCPUTheEngineCodeTheCoreAndTheThreads() throws {
        let r = try runUnmask(["--version"])
        #expect(r.stdout.contains("CPU: "))
        // The binary and this test bundle are compiled by the same manifest evaluation.
        #expect(r.stdout.contains("engine code: \(String(cString: unmask_codegen()))\n"))
        #expect(r.stdout.contains("BLAS: OpenBLAS"))
        #expect(r.stdout.contains("threads: "))
    }

    /// Whatever OpenBLAS picks by itself, the binary ends up on a core of the best level cpuid allows.
    @Test func theRunningCoreIsTheBestTheCPUSupports() throws {
        let best = try #require(BLASCore.best(for: .current, known: BLASKernels.knownCores), "not x86-64")
        let (core, _) = try reportedCore(environment: [:])
        let running = try #require(BLASCore.named(core), "unranked core \(core)")
        #expect(running.level == best.level)
        #expect(running.requires.isSubset(of: CPUFeatures.current.features))
    }

    /// The re-exec path, on any CPU: as if OpenBLAS had fallen back to Prescott.
    @Test func aFallbackToPrescottIsReplacedByReExecuting() throws {
        let best = try #require(BLASCore.best(for: .current, known: BLASKernels.knownCores), "not x86-64")
        try #require(best.level > 0, "this CPU runs nothing better than Prescott")
        let (core, line) = try reportedCore(environment: ["UNMASK_BLAS_ASSUME_CHOSEN": "Prescott"])
        #expect(core == best.name)
        #expect(line.contains("OpenBLAS alone chose Prescott"))
    }

    /// Inference's products run on the widest packed kernel the CPU runs, at 8 lanes with
    /// `UNMASK_PACKED_GEMM=avx2`, and on OpenBLAS with `UNMASK_PACKED_GEMM=0`; `--version` says which.
    @Test func versionNamesTheInferenceKernelAndTheOptOutWorks() throws {
        func reported(_ extra: [String: String]) throws -> String {
            let r = try runUnmask(["--version"], environment: ProcessInfo.processInfo.environment.merging(extra) { $1 })
            let line = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("inference weight products: ") })
            return String(line.dropFirst("inference weight products: ".count))
        }
        // This test process reads the same CPU (and no UNMASK_PACKED_GEMM), so it chose the same.
        #expect(try reported([:]) == ModelParameters.inferenceKernel)
        #expect(try reported(["UNMASK_PACKED_GEMM": "0"]) == "OpenBLAS sgemm")
        if ModelParameters.inferenceKernel != "OpenBLAS sgemm" {
            #expect(try reported(["UNMASK_PACKED_GEMM": "avx2"]) == "packed AVX2/FMA kernel")
        }
    }

    @Test func theUsersCoreTypeWins() throws {
        let (core, line) = try reportedCore(environment: ["OPENBLAS_CORETYPE": "Prescott"])
        #expect(core == "Prescott")
        #expect(line.contains("set by the user"))
    }
}

/// Runs `unmask COMMAND --out FOLDER --resume FLAG [value]` for every flag its `--help` lists and
/// returns the flags that behave wrongly: one outside `allowing` must be refused as changing the
/// resumed run (status 2), one inside must not be. The folder holds no run, so nothing trains.
func resumeChecks(_ command: String, allowing allowed: Set<String>) throws -> [String] {
    let help = try runUnmask([command, "--help"]).stdout
    // The OPTIONS lines ("  --steps <steps>   …", "  -h, --help"), not flags named in the prose.
    let options = help.split(separator: "\n").compactMap { line in
        line.firstMatch(of: /^\s+(?:-[a-z], )?(--[a-z][a-z-]*)( <[a-z-]+>)?/).map { (String($0.output.1), $0.output.2 != nil) }
    }
    var seen = Set<String>(), wrong: [String] = []
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("resume-\(UUID().uuidString)").path
    for (flag, takesValue) in options where !["--help", "--version", "--out", "--resume"].contains(flag) {
        guard seen.insert(flag).inserted else { continue }
        let r = try runUnmask([command, "--out", out, "--resume", flag] + (takesValue ? ["1"] : []))
        let refused = r.status == 2 && r.stderr.contains("\(flag) cannot change a resumed run")
        if refused == allowed.contains(flag) { wrong.append("\(flag): \(r.stderr)") }
    }
    if FileManager.default.fileExists(atPath: out) { wrong.append("\(out) was made") }
    return seen.count >= 4 ? wrong : ["--help listed only \(seen)"]
}
