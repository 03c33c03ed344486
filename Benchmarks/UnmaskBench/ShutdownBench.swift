import Foundation
import MaskedDiffusion

/// `unmask-bench shutdown [--repeats N]`: how long `unmask tui` takes to exit after `q`, SIGTERM,
/// SIGHUP or SIGQUIT in each state — idle, sampling, estimating an ELBO, training with ESPO — on a
/// private pty with the countdown model. The promise (README, durability) is ≤ 2 s in every case:
/// the round or job in flight is cancelled between network calls, nothing half-written.
enum ShutdownBench {
    enum State: String, CaseIterable {
        case idle, sampling, elbo, training
    }

    enum Stop: String, CaseIterable {
        case q, sigterm = "SIGTERM", sighup = "SIGHUP", sigquit = "SIGQUIT"
        var signal: Int32? {
            switch self {
            case .q: nil
            case .sigterm: SIGTERM
            case .sighup: SIGHUP
            case .sigquit: SIGQUIT
            }
        }
    }

    static func run(arguments: [String]) throws {
        var repeats = 3
        if let i = arguments.firstIndex(of: "--repeats"), i + 1 < arguments.count { repeats = Int(arguments[i + 1]) ?? repeats }
        guard let executable = WorkbenchBench.siblingExecutable("unmask"),
            let model = WorkbenchBench.findUpward("Examples/models/countdown")
        else { throw BenchError("needs `unmask` next to unmask-bench and Examples/models/countdown") }
        emit("shutdown: `unmask tui` on a pty, countdown model, \(repeats) runs per cell; load \(WorkbenchBench.loadAverage())")
        emit(pad("state", 10) + pad("stop", 9) + pad("max s", 8) + pad("median s", 10) + "exit statuses")
        var worst = 0.0
        for state in State.allCases {
            for stop in Stop.allCases {
                var seconds: [Double] = [], statuses: [Int32] = []
                for _ in 0..<repeats {
                    let (s, status) = try measure(executable: executable, model: model, state: state, stop: stop)
                    seconds.append(s)
                    statuses.append(status)
                }
                worst = max(worst, seconds.max() ?? 0)
                emit(
                    pad(state.rawValue, 10) + pad(stop.rawValue, 9) + pad(fmt(seconds.max() ?? .nan, 3), 8)
                        + pad(fmt(median(seconds), 3), 10) + statuses.map(String.init).joined(separator: " "))
            }
        }
        emit("p100 over every state and stop: \(fmt(worst, 3)) s (target ≤ 2 s: \(worst <= 2 ? "met" : "NOT met"))")
    }

    /// Seconds from the key or signal to the process's exit, and its exit status.
    static func measure(executable: String, model: String, state: State, stop: Stop) throws -> (Double, Int32) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("unmask-bench-shutdown-\(getpid())").path
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let environment = AppUnderPty.terminalEnvironment()
        let app = try AppUnderPty(
            executable: executable, arguments: ["tui", "--model", model, "--run", folder + "/run"],
            environment: environment, width: 120, height: 40, marker: WorkbenchBench.marker)
        defer { app.kill() }
        func waitFor(_ what: String, _ check: @escaping @Sendable (ScreenModel) -> Bool) throws {
            guard app.waitForScreen(timeout: 120, check) != nil else {
                throw BenchError("no \(what) within 120 s; screen:\n\(app.screenText())")
            }
        }
        try waitFor("finished first sample") { $0.showsFinishedSample }
        switch state {
        case .idle: break
        case .sampling:
            // A new seed resamples; the stop arrives while the sample is drawn.
            app.send("R")
            usleep(30_000)
        case .elbo:
            // Enough units that the estimate is still running when the stop arrives.
            app.send(":units 1000000\r")
            app.send("4")
            try waitFor("ELBO tab") { $0.contains("estimator") }
            app.send("e")
            try waitFor("ELBO running") { $0.contains("running…") }
            usleep(300_000)
        case .training:
            app.send("5")
            try waitFor("Train tab") { $0.contains("objective") }
            app.send("t")
            try waitFor("training running") { $0.contains("running") }
            usleep(500_000)
        }
        let t0: Double
        if let signal = stop.signal {
            t0 = monotonicSeconds()
            Glibc.kill(app.pid, signal)
        } else {
            t0 = app.send("q")
        }
        guard let status = app.waitForExit(timeout: 30) else {
            throw BenchError("no exit within 30 s of \(stop.rawValue) (\(state))")
        }
        return (monotonicSeconds() - t0, status)
    }
}
