/// Images feed the trainer directly: batch `step` holds examples `step·size ..< (step+1)·size`
/// of run `seed`, each row `[class token] ++ patch codes` with the class as a 1-token prefix
/// (the eMIGM objective masks only patches and drops the class to the null class itself).
extension ImageDataset: TrainingSource {
    public var seqLen: Int { tokenizer.sequenceLength }

    public func batch(step: Int, size: Int, seed: UInt64) -> CleanBatch {
        let tokens = (0..<size).flatMap { trainingExample(step * size + $0, seed: seed).tokens }
        return CleanBatch(
            tokens: tokens, batch: size, seqLen: seqLen,
            prefixLengths: [Int](repeating: tokenizer.prefixLength, count: size))
    }
}
