/// SFT batches of a reasoning task whose completions come from a noisy solver (`NoiseMix`):
/// the same prompts as `TaskSource` (training item n of the run seed, never a test item), each
/// answered by one demonstration whose kind and randomness depend only on (seed, n), so a
/// resumed run sees exactly the same data.
public struct NoisyTaskSource: TrainingSource {
    public let task: any ReasoningTask
    public let solver: any NoisySolver
    public let mix: NoiseMix
    public var seqLen: Int { task.promptLength + task.completionLength }

    public init(task: any ReasoningTask, solver: any NoisySolver, mix: NoiseMix) {
        self.task = task
        self.solver = solver
        self.mix = mix
    }

    /// The n-th training example and the kind of its demonstration.
    public func trainingExample(_ n: Int, seed: UInt64) -> (example: TaskExample, kind: NoiseMix.Kind) {
        let item = task.trainingItem(n, seed: seed)
        // Its own stream path, so the prompts are exactly those of a plain SFT run with this seed.
        var rng = RNG(seed: seed, stream: .data, path: [task.split.tag, UInt64(n), Self.pathTag])
        let (text, kind) = solver.demonstration(for: item, mix: mix, using: &rng)
        return (task.example(for: item, completion: text), kind)
    }

    public func batch(step: Int, size: Int, seed: UInt64) -> CleanBatch {
        var tokens: [Int32] = []
        tokens.reserveCapacity(size * seqLen)
        for i in 0..<size { tokens += trainingExample(step * size + i, seed: seed).example.tokens }
        return CleanBatch(
            tokens: tokens, batch: size, seqLen: seqLen,
            prefixLengths: [Int](repeating: task.promptLength, count: size))
    }

    /// "noisy" in ASCII.
    static let pathTag: UInt64 = 0x6E_6F69_7379
}
