/// Writes well-formed demonstrations for a task's items that are correct only part of the time
/// (`NoiseMix`): the SFT data of a base model that RL can improve (issue #19).
public protocol NoisySolver: Sendable {
    /// The completion text (answer tags included, no padding) of one demonstration of `kind`.
    /// `.habit` must be a pure function of the item and never correct; `.random` never correct;
    /// every kind well formed (`ReasoningTask.isWellFormed`).
    func demonstration(for item: TaskItem, kind: NoiseMix.Kind, style: NoiseMix.HabitStyle, using rng: inout RNG) -> String
}

extension NoisySolver {
    /// A demonstration with its kind drawn from `mix`.
    public func demonstration(for item: TaskItem, mix: NoiseMix, using rng: inout RNG) -> (text: String, kind: NoiseMix.Kind) {
        let kind = mix.draw(using: &rng)
        return (demonstration(for: item, kind: kind, style: mix.style, using: &rng), kind)
    }
}

/// The tasks that have a noisy solver, by task name.
public enum NoisySolvers {
    public static let taskNames = ["countdown", "sudoku"]

    public static func solver(for task: String) -> (any NoisySolver)? {
        switch task {
        case "countdown": return CountdownNoisySolver()
        case "sudoku": return SudokuNoisySolver()
        default: return nil
        }
    }
}
