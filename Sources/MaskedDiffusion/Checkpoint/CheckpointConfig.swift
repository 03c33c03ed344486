/// The contents of a checkpoint's `config.json`: the `ModelConfig` fields (HF snake_case) plus
/// the HF-style identification fields, so the file reads like a transformers config:
///
/// ```json
/// { "architectures": ["UnmaskMaskedDiffusion"], "hidden_size": 64, "mask_token_id": 40,
///   "model_type": "unmask", "unmask_version": "0.1.0", "vocab_size": 40, … }
/// ```
///
/// On load, `model_type` (when present) must be "unmask" and `mask_token_id` (when present)
/// must equal `vocab_size`, the engine's convention; `unmask_version` is informational.
struct CheckpointConfig: Codable {
    static let modelType = "unmask"
    static let architecture = "UnmaskMaskedDiffusion"

    var model: ModelConfig
    var modelType: String?
    var architectures: [String]?
    var maskTokenId: Int?
    var unmaskVersion: String?

    init(_ model: ModelConfig) {
        self.model = model
        self.modelType = Self.modelType
        self.architectures = [Self.architecture]
        self.maskTokenId = model.maskTokenId
        self.unmaskVersion = MaskedDiffusion.unmaskVersion
    }

    private enum Keys: String, CodingKey {
        case modelType = "model_type", architectures, maskTokenId = "mask_token_id", unmaskVersion = "unmask_version"
    }

    init(from decoder: any Decoder) throws {
        model = try ModelConfig(from: decoder)
        let c = try decoder.container(keyedBy: Keys.self)
        modelType = try c.decodeIfPresent(String.self, forKey: .modelType)
        architectures = try c.decodeIfPresent([String].self, forKey: .architectures)
        maskTokenId = try c.decodeIfPresent(Int.self, forKey: .maskTokenId)
        unmaskVersion = try c.decodeIfPresent(String.self, forKey: .unmaskVersion)
    }

    func encode(to encoder: any Encoder) throws {
        try model.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encodeIfPresent(modelType, forKey: .modelType)
        try c.encodeIfPresent(architectures, forKey: .architectures)
        try c.encodeIfPresent(maskTokenId, forKey: .maskTokenId)
        try c.encodeIfPresent(unmaskVersion, forKey: .unmaskVersion)
    }

    /// Reasons this file cannot configure an Unmask model, each naming its field.
    var problems: [String] {
        var p = model.problems
        if let modelType, modelType != Self.modelType {
            p.append("model_type is \"\(modelType)\", expected \"\(Self.modelType)\"")
        }
        if let maskTokenId, maskTokenId != model.maskTokenId {
            p.append("mask_token_id is \(maskTokenId), expected vocab_size (\(model.maskTokenId))")
        }
        return p
    }
}
