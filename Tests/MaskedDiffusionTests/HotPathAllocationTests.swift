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
        var scored = batch
        scored.scored = (0..<B * T).map { $0 % 3 == 0 }
        #expect(Self.allocations { model.forward(scored, into: logits) } == 0)
        #expect(model.passes[0].ws.keepsRows)
        #expect(Self.allocations { model.forward(batch, into: logits, cache: cache, slots: slots, use: .fill) } == 0)
        #expect(Self.allocations { model.forward(batch, into: logits, cache: cache, slots: slots, use: .window(4..<8)) } == 0)
    }

    /// With the rows of one sequence split between two workers (Transformer+RowSplit.swift), the
    /// only allocations are the gang's: one box per join, and a pass joins twice per layer, once
    /// for the head and, on packed weights, once more to project the first layer's distinct
    /// tokens (TransformerPass+TokenRows.swift). Nothing scales with the batch.
    @Test func aRowSplitPassAllocatesOnlyItsJoins() {
        let c = Self.config, T = 16
        let model = Transformer(params: TestModels.randomParameters(c, seed: 1), maxRows: T, threads: 2, forwardOnly: true)
        let batch = TokenBatch(tokens: (0..<T).map { Int32($0 % c.vocabSize) }, batch: 1, seqLen: T)
        let logits = Tensor(shape: [T, c.vocabSize])
        #expect(model.splitsRows(batch))
        let oneJoin = Self.allocations { model.gang.run { _ in } }
        #expect(oneJoin == 1)
        let joins = 2 * c.nLayers + 1 + (PackedWeights.enabled ? 1 : 0)
        #expect(Self.allocations { model.forward(batch, into: logits) } == joins * oneJoin)
        var scored = batch
        scored.scored = (0..<T).map { $0 % 3 == 0 }
        #expect(Self.allocations { model.forward(scored, into: logits) } == joins * oneJoin)
    }

    /// The counter does count: an array built inside the measured body shows up.
    @Test func theCounterSeesAnAllocation() {
        var kept: [[Int]] = []
        #expect(Self.allocations { kept.append(Array(repeating: kept.count, count: 100)) } >= 1)
    }
}
