/// SFT batches of a reasoning task: each row is `prompt ++ reference completion`, with the
/// prompt as the never-masked prefix. Row i of step s is training item s·B + i.
public struct TaskSource: TrainingSource {
    public let task: any ReasoningTask
    public var seqLen: Int { task.promptLength + task.completionLength }

    public init(task: any ReasoningTask) { self.task = task }

    public func batch(step: Int, size: Int, seed: UInt64) -> CleanBatch {
        var tokens: [Int32] = []
        tokens.reserveCapacity(size * seqLen)
        for i in 0..<size { tokens += task.trainingExample(step * size + i, seed: seed).tokens }
        return CleanBatch(
            tokens: tokens, batch: size, seqLen: seqLen,
            prefixLengths: [Int](repeating: task.promptLength, count: size))
    }
}
