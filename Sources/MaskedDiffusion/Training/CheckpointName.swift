/// The name of a checkpoint folder, `step-000200`: six digits at least, more past 999,999.
/// Checkpoints are ordered by `step`, never by name: as text "step-1000000" sorts before
/// "step-999999", which once made pruning delete the newest fallback.
struct CheckpointName: Equatable, Sendable {
    let step: Int

    init(step: Int) { self.step = step }

    /// `step-N` with N all digits; nil for anything else (staging and aside folders included).
    init?(folder: String) {
        guard folder.hasPrefix("step-") else { return nil }
        let digits = folder.dropFirst(5)
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= "0" && $0 <= "9" }), let step = Int(digits) else { return nil }
        self.step = step
    }

    var folder: String {
        let digits = String(step)
        return "step-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// Where a checkpoint is written before it is named: `.step-N.partial`.
    static func staging(_ folder: String) -> String { "." + folder + ".partial" }
    static func isStaging(_ entry: String) -> Bool { entry.hasPrefix(".step-") && entry.hasSuffix(".partial") }

    /// Where a re-saved step's previous copy waits until the new one is in place: `.step-N.old`.
    static func aside(_ folder: String) -> String { "." + folder + ".old" }
    /// `step-N` for `.step-N.old`.
    static func fromAside(_ entry: String) -> String? {
        guard entry.hasPrefix(".step-"), entry.hasSuffix(".old") else { return nil }
        return String(entry.dropFirst().dropLast(4))
    }
}
