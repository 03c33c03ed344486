import CAllocationCounter
import Testing

@testable import MaskedDiffusion

/// The network call at the heart of sampling, ELBO and training allocates nothing once its
/// workspace exists: every buffer is sized at construction (docs/architecture.md), so a step's
/// time is arithmetic, not the allocator. Counted with an interposed malloc on this thread.
struct HotPathAllocationTests {
    static let config = ModelConfig(vocabSize: 19, dModel: 32, nLayers: 2, nHeads: 2, ffHidden: 48, maxSeqLen: 16)

    /// Heap allocations of `body` on this thread, after one untimed call to warm caches up.
    static func allocations(_ body: () -> Void) -> Int {
        body()
        unmask_allocations_begin()
        body()
        return unmask_allocations_end()
    }

    @Test func forwardPassesAllocateNothing() {
        let c = Self.config, T = 16, B = 2
        let model = Transformer(params: TestModels.randomParameters(c, seed: 1), maxRows: B * T, forwardOnly: true)
        var rng = RNG(seed: 2, stream: .data)
        let batch = TokenBatch(tokens: (0..<B * T).map { _ in Int32(rng.int(below: c.vocabSize + 1)) }, batch: B, seqLen: T)
        let logits = Tensor(shape: [B * T, c.vocabSize])
        let cache = KVCache(config: c, slots: B, seqLen: T)
        let slots = [0, 1]
        #expect(Self.allocations { model.forward(batch, into: logits) } == 0)
        #expect(Self.allocations { model.forward(batch, into: logits, cache: cache, slots: slots, use: .fill) } == 0)
        #expect(Self.allocations { model.forward(batch, into: logits, cache: cache, slots: slots, use: .window(4..<8)) } == 0)
    }

    /// The counter does count: an array built inside the measured body shows up.
    @Test func theCounterSeesAnAllocation() {
        var kept: [[Int]] = []
        #expect(Self.allocations { kept.append(Array(repeating: kept.count, count: 100)) } >= 1)
    }
}
