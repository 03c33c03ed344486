/// The config.json key each size of a `ModelConfig` was read from, so that a refusal names the
/// field the file has: Unmask's own files and the transformers families use LLaMA's names, LLaDA's
/// OLMo-style files their own (`d_model`, `n_layers`, …).
public struct ConfigKeys: Sendable, Equatable {
    public var vocabulary = "vocab_size"
    public var width = "hidden_size"
    public var layers = "num_hidden_layers"
    public var heads = "num_attention_heads"
    public var keyValueHeads = "num_key_value_heads"
    public var headDim = "head_dim"
    public var mlpWidth = "intermediate_size"
    public var positions = "max_position_embeddings"
    public var normEps = "rms_norm_eps"
    public var ropeTheta = "rope_theta"
    /// Whether the vocabulary key counts every embedding row, the mask's too (Hugging Face files),
    /// rather than the real tokens only (Unmask's own `vocab_size`).
    public var vocabularyCountsMask = false

    /// Unmask's own config.json.
    public static let unmask = ConfigKeys()
    /// transformers' `llama`, `qwen2`, `qwen3` and Dream.
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
