import Foundation

/// Training progress for a human: a self-overwriting bar on a terminal, plain lines otherwise.
struct ProgressLine {
    let total: Int
    let isTerminal = isatty(STDOUT_FILENO) != 0
    /// Plain-output cadence (every step on a terminal).
    let every: Int
    private var smoothedLoss: Double?
    private var smoothedSeconds: Double?

    init(total: Int, every: Int) {
        self.total = total
        self.every = max(1, every)
    }

    mutating func update(step: Int, loss: Double, tokensPerSecond: Double, seconds: Double) {
        if loss.isFinite { smoothedLoss = smoothedLoss.map { 0.9 * $0 + 0.1 * loss } ?? loss }
        smoothedSeconds = smoothedSeconds.map { 0.9 * $0 + 0.1 * seconds } ?? seconds
        let done = step + 1
        let eta = Double(total - done) * (smoothedSeconds ?? 0)
        let lossText = smoothedLoss.map { String(format: "%.4f", $0) } ?? "nan"
        let figures = "step \(done)/\(total)  loss \(lossText)  \(Int(tokensPerSecond)) tok/s  ETA \(Self.duration(eta))"
        if isTerminal {
            let width = 24, filled = Int(Double(width) * Double(done) / Double(max(total, 1)))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            writeOut("\r\u{1B}[2K" + bar + "  " + figures)
            if done == total { writeOut("\n") }
        } else if done % every == 0 || done == total {
            writeOut(figures + "\n")  // unbuffered: logs follow progress live
        }
    }

    /// Ends a bar line before other output.
    func interrupt() {
        if isTerminal { writeOut("\n") }
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600
            ? "\(s / 3600)h\(String(format: "%02d", s % 3600 / 60))m" : "\(s / 60)m\(String(format: "%02d", s % 60))s"
    }
}
