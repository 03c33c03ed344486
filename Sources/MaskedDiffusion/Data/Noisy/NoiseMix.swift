/// The mixture a noisy solver draws its demonstrations from.
///
/// A base model for RL has to know the format and sometimes solve the task, but rarely by greedy
/// decoding (ESPO starts from 18.7% on Countdown). Mixing correct answers with *uniformly* random
/// wrong ones does not get there: every wrong answer is rare, so the correct one stays the mode
/// and greedy decoding finds it. A fixed wrong *habit* (one deterministic, plausible mistake per
/// prompt) with more mass than the correct answer makes the mode wrong, while sampling still
/// finds the correct answer about `correct` of the time; the random wrong share keeps samples
/// diverse. RL then has to move mass from the habit to the right answer, as it does from a
/// real base model.
public struct NoiseMix: Codable, Equatable, Sendable, CustomStringConvertible {
    /// Share of demonstrations that solve the item (the canonical solution).
    public var correct: Double
    /// Share that is the solver's habitual wrong answer; the rest are random wrong answers.
    public var habit: Double

    public enum Kind: Sendable, Equatable, CaseIterable { case correct, habit, random }

    public static let `default` = NoiseMix(correct: 0.3, habit: 0.45)

    public init(correct: Double, habit: Double) {
        self.correct = correct
        self.habit = habit
    }

    /// The share of random wrong demonstrations.
    public var random: Double { 1 - correct - habit }

    public var problems: [String] {
        guard correct >= 0, habit >= 0, correct + habit <= 1 + 1e-12 else {
            return ["noise mix needs p ≥ 0, h ≥ 0 and p + h ≤ 1 (got p=\(correct), h=\(habit))"]
        }
        return []
    }

    /// Which kind of demonstration to write, drawn with the mix's shares.
    public func draw(using rng: inout RNG) -> Kind {
        let u = rng.uniformDouble()
        return u < correct ? .correct : u < correct + habit ? .habit : .random
    }

    /// `p=0.3,h=0.45`, the form `--task countdown-noisy:…` takes.
    public var description: String { "p=\(correct),h=\(habit)" }

    /// Parses `p=…,h=…` (either may be left out: the default's value); nil on anything else.
    public init?(parsing text: String) {
        var mix = NoiseMix.default
        for field in text.split(separator: ",", omittingEmptySubsequences: true) {
            let kv = field.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
            guard kv.count == 2, let value = Double(kv[1]) else { return nil }
            switch kv[0] {
            case "p": mix.correct = value
            case "h": mix.habit = value
            default: return nil
            }
        }
        self = mix
    }
}

private extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
