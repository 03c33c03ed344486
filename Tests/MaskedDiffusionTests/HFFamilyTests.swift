import Testing

@testable import MaskedDiffusion

/// Every supported Hugging Face family, from models `transformers` itself made and ran
/// (Fixtures/hf_families/make_hf_families_fixture.py): the engine imports each and reproduces its
/// bidirectional logits within 1e-4, with the file's token ids mapped to the engine's
/// (`TokenIdMap`: the mask may be any row; the head never offers it).
@Suite(.serialized) struct HFFamilyTests {
    static let fixtures = String(#filePath.dropLast("HFFamilyTests.swift".count)) + "Fixtures/hf_families"

    /// What each variant must turn into.
    struct Expected: Sendable, CustomTestStringConvertible {
        let variant: String
        let architecture: HFModelConfig.Architecture
        let files: Int
        let dtype: String
        let config: ModelConfig
        let fileMaskId: Int
        var testDescription: String { variant }
    }

    static let cases: [Expected] = [
        Expected(
            variant: "llama-gqa-f32", architecture: .llama, files: 1, dtype: "F32",
            config: ModelConfig(
                vocabSize: 39, dModel: 24, nLayers: 2, nHeads: 4, nKVHeads: 2, ffHidden: 40, maxSeqLen: 64,
                normEps: 1e-6, ropeTheta: 10_000),
            fileMaskId: 5),
        Expected(
            variant: "qwen2-tied-sharded", architecture: .qwen2, files: 3, dtype: "F32",
            config: ModelConfig(
                vocabSize: 47, dModel: 32, nLayers: 2, nHeads: 4, nKVHeads: 2, ffHidden: 48, maxSeqLen: 64,
                normEps: 1e-6, ropeTheta: 1_000_000, qkvBias: true, tiedEmbeddings: true),
            fileMaskId: 47),
        Expected(
            variant: "qwen3-bf16", architecture: .qwen3, files: 1, dtype: "BF16",
            config: ModelConfig(
                vocabSize: 35, dModel: 24, nLayers: 2, nHeads: 4, nKVHeads: 2, headDim: 8, ffHidden: 40, maxSeqLen: 64,
                normEps: 1e-6, ropeTheta: 1_000_000, qkNorm: true),
            fileMaskId: 20),
        Expected(
            variant: "qwen3-tied-f32", architecture: .qwen3, files: 1, dtype: "F32",
            config: ModelConfig(
                vocabSize: 35, dModel: 24, nLayers: 2, nHeads: 4, nKVHeads: 2, headDim: 8, ffHidden: 40, maxSeqLen: 64,
                normEps: 1e-6, ropeTheta: 1_000_000, qkNorm: true, tiedEmbeddings: true),
            fileMaskId: 35),
        Expected(
            variant: "dream-f32", architecture: .dream, files: 1, dtype: "F32",
            config: ModelConfig(
                vocabSize: 47, dModel: 32, nLayers: 2, nHeads: 4, nKVHeads: 2, ffHidden: 48, maxSeqLen: 64,
                normEps: 1e-6, ropeTheta: 1_000_000, qkvBias: true, shiftedPrediction: true),
            fileMaskId: 40),
        Expected(
            variant: "llada-midmask-f32", architecture: .llada, files: 1, dtype: "F32",
            config: ModelConfig(
                vocabSize: 39, dModel: 24, nLayers: 2, nHeads: 4, ffHidden: 40, maxSeqLen: 64, normEps: 1e-6,
                ropeTheta: 500_000),
            fileMaskId: 7)
    ]

    @Test(arguments: cases)
    func logitsMatchTransformers(expected: Expected) throws {
        BLAS.setThreads(1)
        let (params, summary) = try HFCheckpoint(directory: Self.fixtures + "/" + expected.variant).load()
        #expect(summary.config.architecture == expected.architecture)
        #expect(summary.files == expected.files && summary.dtypes == [expected.dtype])
        #expect(params.config == expected.config)
        let ids = summary.config.ids
        #expect(ids == TokenIdMap(rows: expected.config.vocabSize + 1, fileMaskId: expected.fileMaskId))

        let reference = try SafetensorsFile(contentsOf: Self.fixtures + "/reference.safetensors")
        let tokensTensor = try reference.tensor("tokens." + expected.variant)
        let (B, T) = (tokensTensor.shape[0], tokensTensor.shape[1])
        let fileTokens = try tokensTensor.integers().map { Int($0) }
        #expect(fileTokens.contains(expected.fileMaskId), "the reference must exercise the mask")
        let tokens = fileTokens.map { Int32(ids.engineId(file: $0)) }
        #expect(
            tokens.filter { $0 == Int32(params.config.maskTokenId) }.count == fileTokens.filter { $0 == ids.fileMaskId }.count)

        let V = params.config.vocabSize, rows = ids.rows
        let logits = Tensor(shape: [B * T, V])
        Transformer(params: params, maxRows: B * T, threads: 1).forward(
            TokenBatch(tokens: tokens, batch: B, seqLen: T, keyValid: nil), into: logits)
        let expectedLogits = try reference.tensor("logits." + expected.variant, shape: [B, T, rows]).floats()
        var error: Float = 0
        for r in 0..<(B * T) {
            for e in 0..<V { error = max(error, abs(logits[r * V + e] - expectedLogits[r * rows + ids.fileId(engine: e)])) }
        }
        #expect(error <= 1e-4, "max |Δ logit| = \(error)")
    }

    @Test func tokenIdMapIsABijectionThatPutsTheMaskLast() {
        for (rows, mask) in [(1, 0), (5, 0), (5, 2), (5, 4), (126_464, 126_336)] {
            let ids = TokenIdMap(rows: rows, fileMaskId: mask)
            #expect(ids.engineId(file: mask) == rows - 1 && ids.fileId(engine: rows - 1) == mask)
            #expect(ids.isIdentity == (mask == rows - 1))
            let sample = rows > 1000 ? Array(126_300..<126_464) + Array(0..<10) : Array(0..<rows)
            for f in sample { #expect(ids.fileId(engine: ids.engineId(file: f)) == f) }
            let engine = Set(sample.map { ids.engineId(file: $0) })
            #expect(engine.count == sample.count && engine.allSatisfy { (0..<rows).contains($0) })
        }
    }

    @Test func publishedConfigsGiveTheReleasedShapes() throws {
        let llada = try HFModelConfig.read(from: Self.fixtures + "/published/LLaDA-8B-Instruct/config.json")
        #expect(llada.architecture == .llada)
        #expect(
            llada.model
                == ModelConfig(
                    vocabSize: 126_463, dModel: 4096, nLayers: 32, nHeads: 32, ffHidden: 12_288, maxSeqLen: 4096,
                    normEps: 1e-5, ropeTheta: 500_000))
        #expect(llada.ids == TokenIdMap(rows: 126_464, fileMaskId: 126_336))
        let lladaCount = try #require(ModelMemory.parameterCount(llada.model))
        #expect((8.00e9...8.03e9).contains(Double(lladaCount)), "\(lladaCount)")

        let dream = try HFModelConfig.read(from: Self.fixtures + "/published/Dream-v0-Instruct-7B/config.json")
        #expect(dream.architecture == .dream)
        #expect(
            dream.model
                == ModelConfig(
                    vocabSize: 152_063, dModel: 3584, nLayers: 28, nHeads: 28, nKVHeads: 4, ffHidden: 18_944,
                    maxSeqLen: 131_072, normEps: 1e-6, ropeTheta: 1_000_000, qkvBias: true, shiftedPrediction: true))
        #expect(dream.model.headDim == 128 && dream.model.qkvWidth == 3584 + 2 * 512)
        #expect(dream.ids == TokenIdMap(rows: 152_064, fileMaskId: 151_666))
        let dreamCount = try #require(ModelMemory.parameterCount(dream.model))
        #expect((7.60e9...7.63e9).contains(Double(dreamCount)), "\(dreamCount)")
    }
}
