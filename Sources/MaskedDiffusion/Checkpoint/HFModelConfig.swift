/// A Hugging Face `config.json` of a supported family, checked against what the engine computes
/// and turned into a `ModelConfig` plus the file's token-id order (`TokenIdMap`).
///
/// Families (docs/file-formats.md §2): `llama`, `qwen2`, `qwen3` and `Dream` (transformers keys,
/// read by `transformers(_:)`) and `llada` (OLMo keys, `llada(_:)`). Supported: pre-norm blocks
/// with RMSNorm, grouped-query attention, q/k/v biases (Qwen2, Dream; LLaDA's
/// `include_qkv_bias`), per-head q/k RMSNorm (Qwen3), an explicit `head_dim`, rotate-half RoPE
/// without scaling, a SiLU-gated MLP without biases, a final RMSNorm and a linear head,
/// optionally tied. Attention is bidirectional in the engine whatever the source model did.
///
/// The absorbing mask (`mask_token_id`, required) may be any embedding row: the engine keeps the
/// other rows in order as its real tokens and the mask last, and drops the head's mask row (the
/// engine never predicts the mask). Anything else is refused with the file and field named.
public struct HFModelConfig: Equatable, Sendable {
    /// Which tensor names and config keys the checkpoint uses.
    public enum Architecture: String, Sendable, CaseIterable {
        /// transformers' `LlamaForCausalLM`.
        case llama
        /// transformers' `Qwen2ForCausalLM`: q/k/v biases.
        case qwen2
        /// transformers' `Qwen3ForCausalLM`: per-head q/k RMSNorm, `head_dim` of its own.
        case qwen3
        /// Dream (remote code `DreamModel`): Qwen2's modules and names; position i is predicted
        /// from the hidden state at i − 1.
        case dream = "Dream"
        /// LLaDA's `LLaDAModelLM` (OLMo-style keys and names).
        case llada
    }

    public let architecture: Architecture
    public let model: ModelConfig
    /// File token ids ↔ engine token ids.
    public let ids: TokenIdMap

    /// Embedding rows in the file (`model.vocabSize + 1`).
    public var embeddingRows: Int { model.vocabSize + 1 }

    static var supportedTypes: String { Architecture.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") }

    /// Reads and checks `config.json` at `path`.
    public static func read(from path: String) throws(CheckpointError) -> HFModelConfig {
        let json = try HFJSONObject(contentsOf: path)
        guard let type = try json.string("model_type") else {
            throw json.invalid("missing field 'model_type' (supported: \(supportedTypes))")
        }
        if type == CheckpointConfig.modelType {
            throw json.invalid("model_type is \"unmask\": this is already an Unmask checkpoint")
        }
        guard let architecture = Architecture(rawValue: type) else {
            throw json.invalid("model_type \"\(type)\" is not supported (supported: \(supportedTypes))")
        }
        return architecture == .llada ? try llada(json) : try transformers(json, architecture)
    }

    /// The sizes every family has, under its own key names.
    struct Sizes {
        var rows, d, layers, heads, kvHeads, headDim, ff, positions: Int
        var eps, theta: Double
        var qkvBias, qkNorm, tied, shifted: Bool
    }

    static func make(_ j: HFJSONObject, _ architecture: Architecture, _ s: Sizes) throws(CheckpointError) -> HFModelConfig {
        guard let mask = try j.int("mask_token_id") else {
            throw j.invalid(
                "missing field 'mask_token_id': a masked-diffusion model needs its mask token (one of the \(s.rows) embedding rows)"
            )
        }
        // Compared, not turned into a range: a negative row count (fuzzing found vocab_size −2)
        // must be an error, not a trap.
        guard s.rows >= 2 else { throw j.invalid("vocab_size is \(s.rows): a model needs a real token and the mask (≥ 2 rows)") }
        guard mask >= 0 && mask < s.rows else {
            throw j.invalid("mask_token_id is \(mask): it must be one of the \(s.rows) embedding rows (0…\(s.rows - 1))")
        }
        let model = ModelConfig(
            vocabSize: s.rows - 1, dModel: s.d, nLayers: s.layers, nHeads: s.heads, nKVHeads: s.kvHeads,
            headDim: s.headDim, ffHidden: s.ff, maxSeqLen: s.positions, normEps: Float(s.eps), ropeTheta: Float(s.theta),
            qkvBias: s.qkvBias, qkNorm: s.qkNorm, tiedEmbeddings: s.tied, shiftedPrediction: s.shifted)
        if let problem = model.shapeProblems.first { throw j.invalid(problem) }
        return HFModelConfig(architecture: architecture, model: model, ids: TokenIdMap(rows: s.rows, fileMaskId: mask))
    }
}
