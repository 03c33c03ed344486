import Foundation
import MaskedDiffusion
import Testing

@testable import ESPO

/// `RLTrainer.memoryProblem` counts what a trainer will hold, the rollout sampler's logits
/// included: [rollouts, T, V] for every row's latest logits and a call's output, which dominate
/// with a large vocabulary (LLaDA's is 126k).
struct RLMemoryTests {
    /// Gigabytes named by a "needs N GB" message.
    static func gigabytes(_ message: String) -> Double? {
        guard let r = message.firstMatch(of: /needs ([0-9.]+) GB/) else { return nil }
        return Double(r.1)
    }

    @Test func rolloutSamplerLogitsAreCounted() throws {
        let task = ArithmeticTask(), T = task.promptLength + task.completionLength
        let V = 1 << 24
        let model = ModelConfig(vocabSize: V, dModel: 8, nLayers: 1, nHeads: 1, ffHidden: 8, maxSeqLen: T)
        var c = ESPOConfig()
        c.promptsPerRound = 32
        c.group = 12
        c.microBatch = 1
        c.numMC = 1
        let message = try #require(RLTrainer.memoryProblem(model: model, task: task, config: c, threads: 1))
        let needs = try #require(Self.gigabytes(message), "\(message)")
        // The sampler alone: two [384·T, V] float arrays.
        let samplerBytes = 2.0 * Double(c.rolloutSize * T) * Double(V) * 4 / 1e9
        #expect(needs >= samplerBytes, "\(message)")
    }
}
