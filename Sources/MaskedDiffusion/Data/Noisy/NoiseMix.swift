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
///
/// How far the habit is from the right answer matters as much as its share, because rollouts
/// use LLaDA's low-confidence remasking: each step commits the position whose *sampled* token
/// has the highest (untempered) probability. Where the habit is likelier than the right answer
/// at m positions, a sample reaches the right answer only if all m positions sample it at the
/// step that decides, about q^m, so a habit that differs in many positions makes sampling as
/// mode-seeking as greedy decoding (measured: a Sudoku base at 22.7% greedy had pass@16 37.5%).
/// A `.nearMiss` habit differs in one position, so samples find the right answer at
/// about the rate the mix gives it while greedy decoding keeps the habit.
public struct NoiseMix: Codable, Equatable, Sendable, CustomStringConvertible {
    /// Share of demonstrations that solve the item (the canonical solution).
    public var correct: Double
    /// Share that is the solver's habitual wrong answer; the rest are random wrong answers.
    public var habit: Double
    /// What the habitual wrong answer is (per task: `CountdownNoisySolver`, `SudokuNoisySolver`).
    public var style: HabitStyle

    public enum HabitStyle: String, Codable, Sendable, CaseIterable {
        /// One slip from the right answer (an operator, a cell).
        case nearMiss = "near"
        /// A naive guess that ignores most of the task (sum in order, rows filled ascending).
        case lazy
    }

    public enum Kind: Sendable, Equatable, CaseIterable { case correct, habit, random }

    public static let `default` = NoiseMix(correct: 0.35, habit: 0.5, style: .nearMiss)

    public init(correct: Double, habit: Double, style: HabitStyle = .nearMiss) {
        self.correct = correct
        self.habit = habit
        self.style = style
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

    /// `p=0.35,h=0.5,habit=near`, the form `--task countdown-noisy:…` takes.
    public var description: String { "p=\(correct),h=\(habit),habit=\(style.rawValue)" }

    /// Parses `p=…,h=…,habit=near|lazy` (any may be left out: the default's value); nil on
    /// anything else.
    public init?(parsing text: String) {
        var mix = NoiseMix.default
        for field in text.split(separator: ",", omittingEmptySubsequences: true) {
            let kv = field.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
            guard kv.count == 2 else { return nil }
            switch kv[0] {
            case "p": guard let v = Double(kv[1]) else { return nil }; mix.correct = v
            case "h": guard let v = Double(kv[1]) else { return nil }; mix.habit = v
            case "habit": guard let s = HabitStyle(rawValue: kv[1]) else { return nil }; mix.style = s
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
