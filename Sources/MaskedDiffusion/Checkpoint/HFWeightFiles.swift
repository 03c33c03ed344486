#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The safetensors files of a Hugging Face checkpoint folder: `model.safetensors`, or the shards
/// a `model.safetensors.index.json` lists (`{"weight_map": {"tensor name": "shard file"}}`).
///
/// Files are memory-mapped, so opening even a large sharded checkpoint reads only headers.
struct HFWeightFiles {
    static let singleFile = "model.safetensors"
    static let indexFile = "model.safetensors.index.json"

    /// Open files by file name.
    let files: [String: SafetensorsFile]
    /// Tensor name → file name (from the index, or every tensor of the single file).
    let location: [String: String]
    /// The index file's path for a sharded checkpoint.
    let indexPath: String?

    init(directory: String) throws {
        let index = directory + "/" + Self.indexFile
        if access(index, F_OK) == 0 {
            indexPath = index
            let json = try HFJSONObject(contentsOf: index)
            guard let weightMap = try json.object("weight_map") else { throw json.missing("weight_map") }
            var location: [String: String] = [:]
            for (name, value) in weightMap.members {
                guard case .string(let file) = value else { throw weightMap.wrongType("weight_map.\(name)", "a file name") }
                guard !file.isEmpty, !file.hasPrefix("/"), !file.split(separator: "/").contains("..") else {
                    throw weightMap.invalid("weight_map.\(name) names '\(file)', which is not a file inside the folder")
                }
                location[name] = file
            }
            var files: [String: SafetensorsFile] = [:]
            for file in Set(location.values).sorted() {
                let path = directory + "/" + file
                guard access(path, F_OK) == 0 else {
                    throw CheckpointError(path: index, .invalidValue("shard '\(file)' listed in weight_map is missing (\(path))"))
                }
                files[file] = try SafetensorsFile(contentsOf: path)
            }
            self.files = files
            self.location = location
        } else {
            let path = directory + "/" + Self.singleFile
            guard access(path, F_OK) == 0 else {
                throw CheckpointError(path: directory, .unreadable("neither \(Self.singleFile) nor \(Self.indexFile) is there"))
            }
            let file = try SafetensorsFile(contentsOf: path)
            files = [Self.singleFile: file]
            location = Dictionary(uniqueKeysWithValues: file.names.map { ($0, Self.singleFile) })
            indexPath = nil
        }
    }

    /// Where a missing tensor would have been listed: the index, or the single file.
    private var listing: String { indexPath ?? files[Self.singleFile]!.path }

    /// The named tensor with its shape checked; errors name the file that lists or holds it.
    /// The file that holds tensor `name`, nil when none does.
    func path(of name: String) -> String? { location[name].flatMap { files[$0]?.path } }

    func tensor(_ name: String, shape: [Int]) throws(SafetensorsError) -> SafetensorsTensor {
        guard let file = location[name].flatMap({ files[$0] }) else {
            throw SafetensorsError(path: listing, .missingTensor(name))
        }
        return try file.tensor(name, shape: shape)
    }

    /// Throws `unexpectedTensor` for the first stored tensor the import does not use, naming its
    /// file: leftover tensors (biases, extra heads) mean the model is not what the engine computes.
    func requireOnly(_ used: Set<String>) throws(SafetensorsError) {
        for (_, file) in files.sorted(by: { $0.key < $1.key }) {
            if let extra = file.names.first(where: { !used.contains($0) && !HFTensorNames.isIgnorable($0) }) {
                throw SafetensorsError(path: file.path, .unexpectedTensor(extra))
            }
        }
    }

    /// The dtypes stored, for reports (e.g. ["BF16"]).
    var dtypes: [String] { Set(files.values.flatMap { f in f.header.entries.map(\.dtype.rawValue) }).sorted() }
}

/// Where each engine weight (`ParameterLayout` name) lives in a Hugging Face checkpoint.
///
/// LLaMA, Qwen2, Qwen3 and Dream checkpoints use the engine's own names (q/k/v biases
/// `self_attn.{q,k,v}_proj.bias`, Qwen3's `self_attn.{q,k}_norm.weight`). LLaDA's
/// (`modeling_llada.py`, OLMo style):
///
/// | engine | LLaDA |
/// |---|---|
/// | `model.embed_tokens.weight` | `model.transformer.wte.weight` |
/// | `model.layers.{i}.input_layernorm.weight` | `model.transformer.blocks.{i}.attn_norm.weight` |
/// | `model.layers.{i}.self_attn.{q,k,v}_proj.weight` | `model.transformer.blocks.{i}.{q,k,v}_proj.weight` |
/// | `model.layers.{i}.self_attn.{q,k,v}_proj.bias` | `model.transformer.blocks.{i}.{q,k,v}_proj.bias` |
/// | `model.layers.{i}.self_attn.o_proj.weight` | `model.transformer.blocks.{i}.attn_out.weight` |
/// | `model.layers.{i}.post_attention_layernorm.weight` | `model.transformer.blocks.{i}.ff_norm.weight` |
/// | `model.layers.{i}.mlp.gate_proj.weight` | `model.transformer.blocks.{i}.ff_proj.weight` (SiLU applied) |
/// | `model.layers.{i}.mlp.up_proj.weight` | `model.transformer.blocks.{i}.up_proj.weight` |
/// | `model.layers.{i}.mlp.down_proj.weight` | `model.transformer.blocks.{i}.ff_out.weight` |
/// | `model.norm.weight` | `model.transformer.ln_f.weight` |
/// | `lm_head.weight` (all rows but the mask's) | `model.transformer.ff_out.weight` |
///
/// A tied head has no tensor of its own (`ParameterLayout` has no `lm_head.weight` then).
enum HFTensorNames {
    static func source(of name: String, in config: HFModelConfig) -> String {
        guard config.architecture == .llada else { return name }
        switch name {
        case "model.embed_tokens.weight": return "model.transformer.wte.weight"
        case "model.norm.weight": return "model.transformer.ln_f.weight"
        case "lm_head.weight": return "model.transformer.ff_out.weight"
        default: break
        }
        // model.layers.{i}.<rest>
        let parts = name.split(separator: ".", maxSplits: 3)
        precondition(parts.count == 4 && parts[1] == "layers", "not a layer weight: \(name)")
        let rest: String =
            switch parts[3] {
            case "input_layernorm.weight": "attn_norm.weight"
            case "self_attn.q_proj.weight": "q_proj.weight"
            case "self_attn.k_proj.weight": "k_proj.weight"
            case "self_attn.v_proj.weight": "v_proj.weight"
            case "self_attn.q_proj.bias": "q_proj.bias"
            case "self_attn.k_proj.bias": "k_proj.bias"
            case "self_attn.v_proj.bias": "v_proj.bias"
            case "self_attn.o_proj.weight": "attn_out.weight"
            case "post_attention_layernorm.weight": "ff_norm.weight"
            case "mlp.gate_proj.weight": "ff_proj.weight"
            case "mlp.up_proj.weight": "up_proj.weight"
            case "mlp.down_proj.weight": "ff_out.weight"
            default: preconditionFailure("unknown layer weight \(name)")
            }
        return "model.transformer.blocks.\(parts[2]).\(rest)"
    }

    /// Tensors a checkpoint may hold that carry no weights (recomputed buffers), skipped on import.
    static func isIgnorable(_ name: String) -> Bool { name.hasSuffix("rotary_emb.inv_freq") }
}
