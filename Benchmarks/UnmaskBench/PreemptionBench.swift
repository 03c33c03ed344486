import Foundation
import MaskedDiffusion

/// `unmask-bench preempt`: does a knob change wait behind an ELBO estimate? The workbench runs
/// sampling and predictions on one engine worker and ELBO estimates on another
/// (docs/architecture.md §3), so it must not. The release `unmask tui --model
/// Examples/models/countdown` runs on a private pty (`AppUnderPty`); on the Tokens tab the
/// `steps` knob is pressed down and up by turns (each press resamples), and for every press the
/// bench stamps, from outside:
///
/// - key → first new step: the first frame whose header names the new step count and whose
///   trajectory shows a step of the new, unfinished sample ("step 3/3…");
/// - key → sample finished: the first frame whose title reads "NFE n · t s" for the new count.
///
/// Once with nothing else running, once while the ELBO tab estimates the held-out set with a
/// budget too large to finish during the presses. The figure that carries over between machines
/// is the ratio of the two medians.
enum PreemptionBench {
    static let presses = 40
    static let timeout = 10.0

    struct Phase {
        var firstStep: [Double] = []
        var finished: [Double] = []
        var unanswered = 0
    }

    static func run() {
        emit("")
        emit("preempt: key → first step on the Tokens tab, idle and while an ELBO estimate runs (countdown model)")
        guard let executable = WorkbenchBench.siblingExecutable("unmask") else {
            emit("  skipped: no `unmask` next to unmask-bench (swift build -c release --product unmask)")
            return
        }
        guard let model = WorkbenchBench.findUpward("Examples/models/countdown") else {
            emit("  skipped: Examples/models/countdown not found from the current folder or the binary's")
            return
        }
        let loadBefore = WorkbenchBench.loadAverage()
        do {
            let (idle, elbo) = try measure(executable: executable, model: model)
            emit("machine: load average \(loadBefore) before, \(WorkbenchBench.loadAverage()) after")
            report("nothing else running", idle)
            report("ELBO estimate running", elbo)
            emit(
                pad("median ratio, ELBO running / idle", 42) + "first step "
                    + fmt(median(elbo.firstStep) / median(idle.firstStep), 2) + "×, finished "
                    + fmt(median(elbo.finished) / median(idle.finished), 2) + "×")
        } catch {
            emit("  failed: \(error)")
        }
    }

    static func measure(executable: String, model: String) throws -> (idle: Phase, elbo: Phase) {
        let environment = AppUnderPty.terminalEnvironment()
        let app = try AppUnderPty(
            executable: executable, arguments: ["tui", "--model", model], environment: environment,
            width: WorkbenchBench.width, height: WorkbenchBench.height, marker: WorkbenchBench.marker)
        defer { app.kill() }
        func waitFor(_ what: String, _ check: @escaping @Sendable (ScreenModel) -> Bool) throws {
            guard app.waitForScreen(timeout: 30, check) != nil else {
                throw WorkbenchBench.Failure(description: "no \(what) within 30 s; screen:\n\(app.screenText())")
            }
        }
        try waitFor("finished sample") { $0.showsFinishedSample }
        _ = app.send("jj")  // strategy → remasking → steps
        Thread.sleep(forTimeInterval: 0.3)
        let idle = press(app)

        _ = app.send("4")
        try waitFor("ELBO tab") { $0.contains("estimator") }
        _ = app.send("d:units 100000\re")
        try waitFor("running estimate") { $0.contains("running…") }
        _ = app.send("1")
        try waitFor("Tokens tab") { $0.contains("Trajectory") }
        let elbo = press(app)
        _ = app.send("4")
        try waitFor("estimate still running after the presses") { $0.contains("running…") }
        return (idle, elbo)
    }

    /// `presses` presses of `-` and `+` by turns, each timed to the new sample's first step and
    /// to its end; a pause of 100 ms after each.
    static func press(_ app: AppUnderPty) -> Phase {
        var phase = Phase()
        for i in 0..<presses {
            let before = steps(app.screenText())
            let sent = app.send(i % 2 == 0 ? "-" : "+")
            let isNew: @Sendable (ScreenModel) -> Bool = { s in
                guard let n = steps(s.line(0)) else { return false }
                return n != before
            }
            let first = app.waitForScreen(timeout: timeout) { s in
                isNew(s) && (s.line(4).contains(/step [1-9][0-9]*\/[0-9]+…/) || s.showsFinishedSample)
            }
            let done = app.waitForScreen(timeout: timeout) { s in isNew(s) && s.showsFinishedSample }
            if let first, let done {
                phase.firstStep.append(first - sent)
                phase.finished.append(done - sent)
            } else {
                phase.unanswered += 1
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return phase
    }

    /// The step count the title names ("· 16 steps ·").
    static func steps(_ text: String) -> Int? {
        text.firstMatch(of: /· (\d+) steps ·/).flatMap { Int($0.1) }
    }

    static func report(_ name: String, _ p: Phase) {
        func row(_ what: String, _ xs: [Double]) {
            let s = xs.sorted()
            let p95 = s.isEmpty ? Double.nan : s[max(0, Int((0.95 * Double(s.count)).rounded(.up)) - 1)]
            emit(
                pad("\(what), \(name) (\(s.count) keys)", 52) + "p50 \(WorkbenchBench.ms(median(s)))  p95 "
                    + "\(WorkbenchBench.ms(p95))  max \(WorkbenchBench.ms(s.last ?? .nan)) ms"
                    + (p.unanswered > 0 ? "  (\(p.unanswered) unanswered)" : ""))
        }
        row("key → first step", p.firstStep)
        row("key → sample finished", p.finished)
    }
}
