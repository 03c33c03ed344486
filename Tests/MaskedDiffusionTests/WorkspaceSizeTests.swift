import Testing

@testable import MaskedDiffusion

/// The memory a network will take is known before it is built (`Workspace.floatCount`,
/// `Transformer.memoryProblem`), so a command can refuse `--rows 100000000` with a reason
/// instead of dying in an allocation.
struct WorkspaceSizeTests {
    static let configs = [
        ModelConfig(vocabSize: 19, dModel: 32, nLayers: 2, nHeads: 2, ffHidden: 48, maxSeqLen: 16),
        // Grouped-query attention, an explicit head size and q/k norms (Qwen3's pieces).
        ModelConfig(
            vocabSize: 23, dModel: 24, nLayers: 3, nHeads: 4, nKVHeads: 2, headDim: 8, ffHidden: 40, maxSeqLen: 12,
            qkNorm: true),
        // Heads of 128, which get no attention panels.
        ModelConfig(vocabSize: 13, dModel: 32, nLayers: 1, nHeads: 2, headDim: 128, ffHidden: 48, maxSeqLen: 8)
    ]

    /// Every distinct tensor a workspace holds, also inside optionals and structs (attention's
    /// panels), found by reflection so a buffer added later is counted without editing this test.
    static func allocatedFloats(_ ws: Workspace) -> Int {
        var seen = Set<ObjectIdentifier>(), total = 0
        func visit(_ value: Any) {
            if let t = value as? Tensor {
                if seen.insert(ObjectIdentifier(t)).inserted { total += t.count }
            } else if let ts = value as? [Tensor] {
                ts.forEach(visit)
            } else if [.optional, .struct].contains(Mirror(reflecting: value).displayStyle) {
                Mirror(reflecting: value).children.forEach { visit($0.value) }
            }
        }
        Mirror(reflecting: ws).children.forEach { visit($0.value) }
        return total
    }

    /// Training, inference on OpenBLAS, and inference on packed weights (SwiGLU fused where the
    /// kernel runs: the first config's MLP is 48 wide, whole panels).
    @Test(arguments: configs) func theCountIsWhatTheWorkspaceAllocates(config c: ModelConfig) {
        for (forwardOnly, packs) in [(false, false), (true, false), (true, true)] {
            for (rows, seq) in [(c.maxSeqLen, c.maxSeqLen), (5 * c.maxSeqLen, c.maxSeqLen), (7, 4)] {
                let ws = Workspace(config: c, maxRows: rows, maxSeqLen: seq, forwardOnly: forwardOnly, packsWeights: packs)
                #expect(
                    Workspace.floatCount(config: c, maxRows: rows, maxSeqLen: seq, forwardOnly: forwardOnly, packsWeights: packs)
                        == Self.allocatedFloats(ws), "rows \(rows), seq \(seq), forward-only \(forwardOnly), packed \(packs)")
            }
        }
        let fused = Workspace(config: c, maxRows: 8, maxSeqLen: 4, forwardOnly: true, packsWeights: true)
        #expect(fused.fusesSwiGLU == (PackedWeights.enabled && c.ffHidden % 16 == 0 && c.dModel <= 512))
        #expect(fused.gateUp[0].count == (fused.fusesSwiGLU ? 0 : 8 * 2 * c.ffHidden))
    }

    @Test func hugeNetworksAreRefusedWithTheirSizeAndOverflowIsCaught() throws {
        let c = Self.configs[0]
        #expect(Transformer.memoryProblem(c, networks: [(64, 16, 2, false)], what: "small") == nil)
        let huge = try #require(Transformer.memoryProblem(c, networks: [(100_000_000, 16, 1, true)], what: "a big one"))
        #expect(huge.hasPrefix("a big one needs ") && huge.contains(" GB of memory with the weights, more than this machine's"))
        let overflow = try #require(Transformer.memoryProblem(c, networks: [(Int.max / 2, 16, 1, true)], what: "x"))
        #expect(overflow.contains("needs more memory than can be counted"))
        // Networks that fit one at a time (each 40% of the memory) can be too much together.
        let perSequence = try #require(Workspace.floatCount(config: c, maxRows: 16, maxSeqLen: 16, forwardOnly: true))
        let sequences = try #require(ModelMemory.physicalBytes) / 4 / perSequence * 2 / 5
        #expect(Transformer.memoryProblem(c, networks: [(sequences, 16, 1, true)], what: "one") == nil)
        let three = Array(repeating: (sequences, 16, 1, true), count: 3)
        #expect(Transformer.memoryProblem(c, networks: three, what: "three") != nil)
    }

    /// Inference keeps a packed copy of the weight matrices only where both fit in three
    /// quarters of memory: a model that fits once but not twice (Qwen3-4B in 24 GiB) once could
    /// open and then not build a network; it now multiplies from its weights as they are.
    @Test func thePackedCopyIsKeptOnlyWhereItFits() throws {
        let memory = try #require(ModelMemory.physicalBytes)
        #expect(ModelMemory.packedCopyFits(Self.configs[0]))
        // Layers of d 1024, ff 4096 (16.8 M parameters each) until the weights take 60% of memory.
        var big = ModelConfig(vocabSize: 100, dModel: 1024, nLayers: 1, nHeads: 8, ffHidden: 4096, maxSeqLen: 64)
        let perLayer = try #require(ModelMemory.parameterCount(big)) - 1024 * 202
        big.nLayers = memory / 4 * 3 / 5 / perLayer
        #expect(ModelMemory.problem(big) == nil, "the weights alone fit")
        #expect(!ModelMemory.packedCopyFits(big) && !PackedWeights.used(for: big))
        #expect(Transformer.memoryProblem(big, networks: [(1, 64, 1, true)], what: "sampling") == nil)
    }
}
