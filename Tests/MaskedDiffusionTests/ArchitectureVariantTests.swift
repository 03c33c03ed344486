import Foundation
import Testing

@testable import MaskedDiffusion

/// The architecture options of `ModelConfig` outside the forward and backward passes (those are
/// GradientCheckTests and HFFamilyTests): layout, initialisation and the checkpoint's config.json.
struct ArchitectureVariantTests {
    @Test(arguments: TestModels.variantConfigs.keys.sorted())
    func layoutInitialisationAndCheckpointRoundTrip(variant: String) throws {
        let config = TestModels.variantConfigs[variant]!
        let params = ModelParameters(config: config)
        params.initialize(seed: 3)
        let layout = params.layout
        #expect(layout.totalCount == ModelMemory.parameterCount(config))
        #expect((layout.entry(named: "lm_head.weight") == nil) == config.tiedEmbeddings)
        #expect(layout.head == (config.tiedEmbeddings ? layout.embedding : layout.entry(named: "lm_head.weight")!.offset))
        #expect(layout.entry(named: "model.layers.0.self_attn.q_proj.weight")?.shape == [config.queryWidth, config.dModel])
        #expect(layout.entry(named: "model.layers.0.self_attn.o_proj.weight")?.shape == [config.dModel, config.queryWidth])
        #expect(layout.entry(named: "model.layers.0.self_attn.k_proj.weight")?.shape == [config.keyValueWidth, config.dModel])
        for e in layout.entries where !e.decays {
            let values = Array(UnsafeBufferPointer(start: params.values.data + e.offset, count: e.count))
            #expect(values.allSatisfy { $0 == (e.isBias ? 0 : 1) }, "\(e.name)")
        }
        #expect(layout.entries.contains { $0.isBias } == config.qkvBias)
        #expect(layout.entries.contains { $0.name.hasSuffix("q_norm.weight") } == config.qkNorm)

        let dir = FileManager.default.temporaryDirectory.path + "/unmask-variant-\(UUID().uuidString)"
        let random = TestModels.randomParameters(config, seed: 4)
        try Checkpoint(directory: dir).save(random)
        let back = try Checkpoint(directory: dir).loadParameters()
        #expect(back.config == config && back.values.array == random.values.array)
    }

    /// A plain model's config.json has exactly the keys it always had; each option adds its own.
    @Test func configJSONNamesOnlyTheOptionsInUse() throws {
        func keys(_ c: ModelConfig) throws -> Set<String> {
            Set((try JSONSerialization.jsonObject(with: JSONEncoder().encode(c)) as! [String: Any]).keys)
        }
        let plain: Set = [
            "vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size",
            "max_position_embeddings", "rms_norm_eps", "rope_theta"
        ]
        #expect(try keys(TestModels.tinyConfig) == plain)
        let all = TestModels.variantConfigs["mqa-all"]!
        #expect(
            try keys(all)
                == plain.union([
                    "num_key_value_heads", "head_dim", "attention_bias", "qk_norm", "tie_word_embeddings", "shifted_prediction"
                ]))
        #expect(try JSONDecoder().decode(ModelConfig.self, from: JSONEncoder().encode(all)) == all)
        // A head_dim equal to hidden_size / heads is the default, not an option of its own.
        #expect(
            ModelConfig(vocabSize: 5, dModel: 8, nLayers: 1, nHeads: 2, headDim: 4, maxSeqLen: 4)
                == ModelConfig(
                    vocabSize: 5, dModel: 8, nLayers: 1, nHeads: 2, maxSeqLen: 4))
        let badGroups = ModelConfig(vocabSize: 5, dModel: 24, nLayers: 1, nHeads: 4, nKVHeads: 3, maxSeqLen: 4)
        #expect(badGroups.problems == ["num_key_value_heads (3) must divide num_attention_heads (4)"])
    }
}
