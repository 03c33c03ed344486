/// The config.json key each size of a `ModelConfig` was read from, so that a refusal names the
/// field the file has: Unmask's own files and the transformers families use LLaMA's names, LLaDA's
/// OLMo-style files their own (`d_model`, `n_layers`, …).
/// The defaults are Unmask's own keys, which `ModelConfig.CodingKeys` defines.
public struct ConfigKeys: Sendable, Equatable {
    public var vocabulary = ModelConfig.CodingKeys.vocabSize.rawValue
    public var width = ModelConfig.CodingKeys.dModel.rawValue
    public var layers = ModelConfig.CodingKeys.nLayers.rawValue
    public var heads = ModelConfig.CodingKeys.nHeads.rawValue
    public var keyValueHeads = ModelConfig.CodingKeys.nKVHeads.rawValue
    public var headDim = ModelConfig.CodingKeys.explicitHeadDim.rawValue
    public var mlpWidth = ModelConfig.CodingKeys.ffHidden.rawValue
    public var positions = ModelConfig.CodingKeys.maxSeqLen.rawValue
    public var normEps = ModelConfig.CodingKeys.normEps.rawValue
    public var ropeTheta = ModelConfig.CodingKeys.ropeTheta.rawValue
    /// Whether the vocabulary key counts every embedding row, the mask's too (Hugging Face files),
    /// rather than the real tokens only (Unmask's own `vocab_size`).
    public var vocabularyCountsMask = false

    /// Unmask's own config.json.
    public static let unmask = ConfigKeys()
    /// transformers' `llama`, `qwen2`, `qwen3` and Dream: the same names, counting the mask's row.
    public static let transformers = ConfigKeys(vocabularyCountsMask: true)

    /// LLaDA's `LLaDAConfig`, whose row count is `vocabulary` (`embedding_size` where present) and
    /// MLP width `mlpWidth` (`mlp_hidden_size`, or `mlp_ratio` times `d_model`).
    static func llada(vocabulary: String, mlpWidth: String) -> ConfigKeys {
        ConfigKeys(
            vocabulary: vocabulary, width: "d_model", layers: "n_layers", heads: "n_heads", keyValueHeads: "n_kv_heads",
            headDim: "d_model / n_heads", mlpWidth: mlpWidth, positions: "max_sequence_length",
            vocabularyCountsMask: true)
    }

    /// The vocabulary key's value for `c`.
    func vocabulary(of c: ModelConfig) -> Int { c.vocabSize + (vocabularyCountsMask ? 1 : 0) }
}
