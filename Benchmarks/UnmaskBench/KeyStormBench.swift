import Foundation
import MaskedDiffusion

/// `unmask-bench keystorm [--keys N] [--seed S] [--model PATH] [--no-round]`: the real `unmask tui`
/// on a private pty (120×40) trains ESPO on the Train tab while a seeded storm of `KeyStorm`
/// inputs goes over every tab. Fails (status 2) if the program ends (a trap), a key goes
/// unanswered, training stops, or `q` does not end it cleanly; the key → frame latencies are
/// reported, not judged (`docs/measurements.md §6.3`).
///
/// "Answered" is read off the screen: each input is written together with `:`, which opens the
/// command line (`:▏` on the status row) whatever the input did, and the latency is the time from
/// that write to the output chunk that shows it. Input is handled in order, so that frame has
/// handled the input: the figure bounds the input's key → frame from above. Backspace then closes
/// the line (Escape if the input left text in it) before the next input. `?`/F1 open help, which
/// swallows one key, so they are followed by `::`.
enum KeyStormBench {
    struct Options {
        var keys = 5000
        var seed: UInt64 = 1
        var model = "Examples/models/countdown-base"
        /// Wait for a finished RL round before the storm, so curve updates land among the keys.
        var waitForRound = true
    }

    struct Result {
        var latencies: WorkbenchBench.Latencies
        var rounds: Int
        var seconds: Double
        var failures: [String]
    }

    static let keyTimeout = 2.0

    static func run(arguments: [String]) throws {
        var o = Options()
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            switch flag {
            case "--no-round": o.waitForRound = false
            case "--keys", "--seed", "--model":
                guard let v = rest.popFirst() else { throw BenchError("\(flag) needs a value") }
                if flag == "--model" {
                    o.model = v
                } else if flag == "--keys" {
                    guard let n = Int(v), n > 0 else { throw BenchError("--keys needs a positive integer, got '\(v)'") }
                    o.keys = n
                } else {
                    guard let s = UInt64(v) else { throw BenchError("--seed needs an unsigned integer, got '\(v)'") }
                    o.seed = s
                }
            default: throw BenchError("unknown option \(flag)")
            }
        }
        guard let executable = WorkbenchBench.siblingExecutable("unmask") else {
            throw BenchError("no `unmask` next to unmask-bench (swift build --product unmask)")
        }
        guard let model = WorkbenchBench.findUpward(o.model) else { throw BenchError("\(o.model) not found") }
        emit("")
        emit(
            "keystorm: `unmask tui` on a private pty (120×40), \(o.model), ESPO training; "
                + "\(o.keys) inputs, seed \(o.seed); replay: unmask-bench keystorm --keys \(o.keys) --seed \(o.seed)")
        let loadBefore = WorkbenchBench.loadAverage()
        let r = try storm(executable: executable, model: model, options: o)
        let l = r.latencies
        emit(
            "machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(loadBefore) before, "
                + "\(WorkbenchBench.loadAverage()) after")
        emit(
            "key → frame over \(l.count) inputs: p50 \(WorkbenchBench.ms(l.percentile(0.5)))  "
                + "p95 \(WorkbenchBench.ms(l.percentile(0.95)))  p99 \(WorkbenchBench.ms(l.percentile(0.99)))  "
                + "max \(WorkbenchBench.ms(l.seconds.max() ?? .nan)) ms  (target p95 ≤ 50 ms: "
                + (l.percentile(0.95) <= 0.05 ? "PASS" : "MISS") + ")")
        emit("\(r.rounds) RL rounds finished during the storm; storm took \(fmt(r.seconds, 1)) s")
        guard r.failures.isEmpty else {
            throw BenchError(
                r.failures.joined(separator: "\n") + "\nreplay: unmask-bench keystorm --keys \(o.keys) --seed \(o.seed)")
        }
        emit("every input answered, training still running, q ended it with status 0")
    }

    /// The command line is open: the status row starts with `:` and shows its cursor.
    @Sendable static func commandLineOpen(_ screen: ScreenModel) -> Bool {
        (0..<screen.height).contains { screen.line($0).hasPrefix(":") && screen.line($0).contains("▏") }
    }

    static func storm(executable: String, model: String, options o: Options) throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("unmask-keystorm-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let runFolder = folder + "/run"
        let environment = AppUnderPty.terminalEnvironment()
        let app = try AppUnderPty(
            executable: executable, arguments: ["tui", "--model", model, "--run", runFolder], environment: environment,
            width: 120, height: 40, marker: Array("▏".utf8), directory: folder)
        defer { app.kill() }
        func waitFor(_ what: String, timeout: Double, _ check: @escaping @Sendable (ScreenModel) -> Bool) throws {
            guard app.waitForScreen(timeout: timeout, check) != nil else {
                throw BenchError("no \(what) within \(fmt(timeout, 0)) s; screen:\n\(app.screenText())")
            }
        }
        try waitFor("finished sample", timeout: 60) { $0.showsFinishedSample }
        app.send("5")
        try waitFor("Train tab", timeout: 10) { $0.contains("objective") }
        app.send("t")
        try waitFor("running training", timeout: 60) { $0.contains("running") }
        if o.waitForRound { try waitFor("first RL round", timeout: 600) { $0.contains(/round [1-9][0-9]*\//) } }
        let roundsBefore = WorkbenchBench.roundTimes(runFolder).count

        var generator = KeyStorm(seed: o.seed)
        let inputs = generator.inputs(o.keys)
        var latencies = WorkbenchBench.Latencies(seconds: [], unanswered: 0)
        var failures: [String] = []
        let start = monotonicSeconds()
        for (i, input) in inputs.enumerated() {
            let sent = app.send(input.bytes + (input.opensHelp ? "::" : ":"))
            if let shown = app.waitForScreen(timeout: keyTimeout, commandLineOpen) {
                latencies.seconds.append(shown - sent)
            } else if let status = app.pollExit() {
                let recent = inputs[max(0, i - 20)...i].map(\.label).joined(separator: " ")
                failures.append("input \(i) (\(input.label)): unmask ended with status \(status); last inputs: \(recent)")
                break
            } else {
                latencies.unanswered += 1
                failures.append("input \(i) (\(input.label)): no frame within \(fmt(keyTimeout, 0)) s")
            }
            app.send("\u{7F}")
            if app.waitForScreen(timeout: 1, { !commandLineOpen($0) }) == nil {
                app.send("\u{1B}")
                if app.waitForScreen(timeout: keyTimeout, { !commandLineOpen($0) }) == nil {
                    failures.append("input \(i) (\(input.label)): the command line does not close; screen:\n\(app.screenText())")
                    break
                }
            }
            Thread.sleep(forTimeInterval: 0.03 * generator.rng.uniformDouble())
        }
        let seconds = monotonicSeconds() - start
        let rounds = WorkbenchBench.roundTimes(runFolder).count - roundsBefore
        guard failures.isEmpty else { return Result(latencies: latencies, rounds: rounds, seconds: seconds, failures: failures) }

        app.send("5")
        if app.waitForScreen(timeout: 10, { $0.contains("objective") && $0.contains(/\w+ running/) }) == nil {
            failures.append("training is not running after the storm; screen:\n\(app.screenText())")
        }
        app.send("q")
        let status = app.waitForExit(timeout: 60)
        if status != 0 { failures.append("q: unmask " + (status.map { "exited with status \($0)" } ?? "did not exit in 60 s")) }
        return Result(latencies: latencies, rounds: rounds, seconds: seconds, failures: failures)
    }
}
