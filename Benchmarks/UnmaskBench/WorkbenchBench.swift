import Foundation
import MaskedDiffusion

#if canImport(Glibc)
    import Glibc
#endif

/// Responsiveness of the workbench as a user meets it (issue 8's targets): the release `unmask`
/// binary next to `unmask-bench` runs `tui --model Examples/models/countdown --run TMP` on a
/// pseudo-terminal this process opens (120×40, TERM=xterm-256color), and everything is read off
/// the terminal's output, stamped as it arrives:
///
/// - open: launch → the title shows the first sample finished ("NFE 16 · 0.21 s"), target ≤ 2 s;
/// - idle CPU: 2 s after that, CPU time of the UI (main) thread over 10 s without input, target
///   ≤ 3% of one core; the whole process's for context;
/// - key → frame: on the Train tab, 60 presses alternating `j`/`k` with random 50–150 ms gaps;
///   each latency is the time from writing the key to the first output chunk holding the
///   settings marker `▸` (the only thing a selection move redraws). Measured with nothing
///   running (baseline) and while ESPO trains (`t`), target p95 ≤ 50 ms while training; the
///   ratio of the two p95s is the figure that carries over between machines. The training
///   phase starts after the first round is in and goes on past 60 presses until another round
///   has finished, so at least one curve update lands among the presses.
///
/// The process is always killed on the way out, and its run folder removed.
enum WorkbenchBench {
    static let width = 120, height = 40
    static let keysPerPhase = 60
    /// Cap on presses while waiting for an RL round to finish during them.
    static let maxKeys = 600
    /// U+25B8 ▸, the Train tab's selection marker.
    static let marker: [UInt8] = [0xE2, 0x96, 0xB8]
    /// Longest wait for a frame after a key before the press counts as unanswered.
    static let keyTimeout = 2.0

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct Latencies {
        var seconds: [Double]
        var unanswered: Int
        var count: Int { seconds.count + unanswered }

        func percentile(_ p: Double) -> Double {
            let s = seconds.sorted()
            return s.isEmpty ? .nan : s[max(0, Int((p * Double(s.count)).rounded(.up)) - 1)]
        }
    }

    struct Figures {
        var firstFrame: Double
        var firstSample: Double
        var idleMainThread: Double
        var idleProcess: Double
        var idleFrames: Int
        var baseline: Latencies
        var training: Latencies
        var roundsDuringKeys: Int
        /// Median wall time between rounds of the run.
        var roundSeconds: Double
    }

    static func run() {
        emit("")
        emit("workbench: `unmask tui` on a private pty (\(width)×\(height), xterm-256color), countdown model")
        guard let executable = siblingExecutable("unmask") else {
            emit("  skipped: no `unmask` next to unmask-bench (swift build -c release --product unmask)")
            return
        }
        guard let model = findUpward("Examples/models/countdown") else {
            emit("  skipped: Examples/models/countdown not found from the current folder or the binary's")
            return
        }
        let loadBefore = loadAverage()
        do {
            let f = try measure(executable: executable, model: model)
            report(f, loadBefore: loadBefore, loadAfter: loadAverage())
        } catch {
            emit("  failed: \(error)")
        }
    }

    // MARK: Scenario

    static func measure(executable: String, model: String) throws -> Figures {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("unmask-bench-workbench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let runFolder = folder + "/run"

        let environment = AppUnderPty.terminalEnvironment()
        let app = try AppUnderPty(
            executable: executable, arguments: ["tui", "--model", model, "--run", runFolder],
            environment: environment, width: width, height: height, marker: marker)
        defer { app.kill() }
        func waitFor(_ what: String, timeout: Double, _ check: @escaping @Sendable (ScreenModel) -> Bool) throws -> Double {
            guard let t = app.waitForScreen(timeout: timeout, check) else {
                throw Failure(description: "no \(what) within \(fmt(timeout, 0)) s; screen:\n\(app.screenText())")
            }
            return t
        }

        // Open.
        let firstFrame = try waitFor("first frame", timeout: 10) { $0.showsReady } - app.launchTime
        let firstSample =
            try waitFor("finished sample in the title", timeout: 30) { $0.showsFinishedSample } - app.launchTime

        // Idle.
        Thread.sleep(forTimeInterval: 2)
        let framesBefore = app.chunkCount
        guard let cpu0 = app.cpuSeconds() else { throw Failure(description: "unmask exited while idle") }
        let t0 = monotonicSeconds()
        Thread.sleep(forTimeInterval: 10)
        guard let cpu1 = app.cpuSeconds() else { throw Failure(description: "unmask exited while idle") }
        let idleSeconds = monotonicSeconds() - t0
        let idleFrames = app.chunkCount - framesBefore

        // Train tab, nothing running.
        app.send("5")
        _ = try waitFor("Train tab", timeout: 5) { $0.contains("objective") }
        Thread.sleep(forTimeInterval: 0.5)
        var rng = RNG(seed: 8, stream: .data)
        let baseline = pressKeys(app, rng: &rng)

        // The same while ESPO trains, from the second round on (the first one also evaluates, and
        // later rounds redraw the curves as they arrive).
        app.send("t")
        _ = try waitFor("running training", timeout: 30) { $0.contains("running") }
        _ = try waitFor("first RL round", timeout: 300) { $0.contains(/round [1-9][0-9]*\//) }
        let roundsBefore = roundTimes(runFolder).count
        let training = pressKeys(app, rng: &rng) { roundTimes(runFolder).count > roundsBefore }
        let roundsAfter = roundTimes(runFolder).count

        // Pause (the round in flight finishes and is saved), quit.
        app.send("t")
        _ = try waitFor("paused training", timeout: 180) { $0.contains("paused at round") }
        app.send("q")
        guard let status = app.waitForExit(timeout: 30) else { throw Failure(description: "unmask did not quit within 30 s") }
        guard status == 0 else { throw Failure(description: "unmask exited with status \(status)") }

        let rounds = roundTimes(runFolder).sorted { $0.key < $1.key }.map(\.value)
        let roundSeconds = rounds.count > 1 ? median(zip(rounds.dropFirst(), rounds).map { $0 - $1 }) : .nan
        return Figures(
            firstFrame: firstFrame, firstSample: firstSample,
            idleMainThread: (cpu1.mainThread - cpu0.mainThread) / idleSeconds,
            idleProcess: (cpu1.process - cpu0.process) / idleSeconds, idleFrames: idleFrames,
            baseline: baseline, training: training, roundsDuringKeys: roundsAfter - roundsBefore,
            roundSeconds: roundSeconds)
    }

    /// At least `keysPerPhase` presses alternating `j`/`k` (the marker moves one row and back),
    /// more until `enough` holds (at most `maxKeys`); after each answer (or `keyTimeout`), a random
    /// 50–150 ms pause like a user's.
    static func pressKeys(_ app: AppUnderPty, rng: inout RNG, until enough: () -> Bool = { true }) -> Latencies {
        var result = Latencies(seconds: [], unanswered: 0)
        var i = 0
        while i < keysPerPhase || (i < maxKeys && !enough()) {
            defer { i += 1 }
            let from = app.chunkCount
            let sent = app.send(i % 2 == 0 ? "j" : "k")
            if let chunk = app.waitForChunk(from: from, timeout: keyTimeout, { $0.containsMarker && $0.time >= sent }) {
                result.seconds.append(chunk.time - sent)
            } else {
                result.unanswered += 1
            }
            Thread.sleep(forTimeInterval: 0.05 + 0.1 * rng.uniformDouble())
        }
        return result
    }

    /// The rounds logged in the run's metrics.jsonl, each with its last record's wall_time.
    static func roundTimes(_ runFolder: String) -> [Int: Double] {
        guard let text = try? String(contentsOfFile: runFolder + "/metrics.jsonl", encoding: .utf8) else { return [:] }
        var rounds: [Int: Double] = [:]
        for line in text.split(separator: "\n") {
            if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let round = object["round"] as? Int, let time = object["wall_time"] as? Double
            {
                rounds[round] = max(rounds[round] ?? time, time)
            }
        }
        return rounds
    }

    // MARK: Report

    static func report(_ f: Figures, loadBefore: String, loadAfter: String) {
        emit(
            "machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(loadBefore) before, "
                + "\(loadAfter) after (other processes share the cores)")
        emit(pad("measure", 42) + pad("figure", 34) + pad("target", 14) + "verdict")
        func row(_ name: String, _ figure: String, _ target: String = "", _ pass: Bool? = nil) {
            emit(pad(name, 42) + pad(figure, 34) + pad(target, 14) + (pass.map { $0 ? "PASS" : "MISS" } ?? ""))
        }
        func latencies(_ l: Latencies) -> String {
            "p50 \(ms(l.percentile(0.5)))  p95 \(ms(l.percentile(0.95)))  max \(ms(l.seconds.max() ?? .nan)) ms"
                + (l.unanswered > 0 ? "  (\(l.unanswered) unanswered)" : "")
        }
        row("open → first frame", fmt(f.firstFrame, 2) + " s")
        row("open → first sample finished", fmt(f.firstSample, 2) + " s", "≤ 2 s", f.firstSample <= 2)
        row("UI thread CPU, idle 10 s", fmt(100 * f.idleMainThread, 2) + " % of a core", "≤ 3 %", f.idleMainThread <= 0.03)
        row(
            "whole process CPU, idle 10 s",
            fmt(100 * f.idleProcess, 2) + " % of a core"
                + " · \(f.idleFrames) output chunks")
        row("key → frame, nothing running (\(f.baseline.count) keys)", latencies(f.baseline))
        let p95 = f.training.percentile(0.95)
        row(
            "key → frame, ESPO training (\(f.training.count) keys)", latencies(f.training), "p95 ≤ 50 ms",
            f.training.unanswered == 0 && p95 <= 0.05)
        row("p95 training / p95 nothing running", fmt(p95 / f.baseline.percentile(0.95), 2) + "×")
        row("RL rounds completed during those keys", "\(f.roundsDuringKeys) (a round takes \(fmt(f.roundSeconds, 1)) s)")
    }

    static func ms(_ seconds: Double) -> String { fmt(seconds * 1000, 1) }

    // MARK: Environment

    /// A program in the same folder as this one (the build products folder).
    static func siblingExecutable(_ name: String) -> String? {
        guard let me = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        let path = URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent(name).path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// `relative` under the current folder, else under the binary's folder or up to five above it.
    static func findUpward(_ relative: String) -> String? {
        let fm = FileManager.default
        var candidates = [fm.currentDirectoryPath]
        if let me = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var url = URL(fileURLWithPath: me).deletingLastPathComponent()
            for _ in 0..<6 {
                candidates.append(url.path)
                url.deleteLastPathComponent()
            }
        }
        return candidates.map { $0 + "/" + relative }.first { fm.fileExists(atPath: $0) }
    }

    /// The 1-minute load average.
    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?"
    }
}
