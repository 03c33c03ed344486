/// A Hugging Face checkpoint folder of a supported family (`HFModelConfig`): `config.json` plus
/// `model.safetensors` or a sharded `model.safetensors.index.json`, weights in BF16, F16 or F32
/// (F64 too), converted to the engine's F32 on load, rows in the engine's token order.
///
/// ```swift
/// let source = HFCheckpoint(directory: "hf/tiny-qwen3")
/// let params = try source.loadParameters()            // ModelParameters in ParameterLayout order
/// try Checkpoint(directory: "runs/imported").save(params)
/// ```
///
/// `config.json` is checked by `HFModelConfig` (unsupported features are refused naming the
/// field); tensor names map by `HFTensorNames`; the embedding's and head's rows are reordered by
/// the config's `TokenIdMap` (mask last, the head's mask row dropped). Errors are `CheckpointError`
/// (config, index, missing shard) or `SafetensorsError` (missing tensor: the index or file that
/// should list it; wrong shape or dtype: the file holding it; a tensor the engine would ignore,
/// such as an o_proj bias or an `lm_head` next to a tied head).
public struct HFCheckpoint: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public var configPath: String { directory + "/" + Checkpoint.configFile }

    /// True when `directory` holds a `config.json` whose `model_type` is not Unmask's (a folder
    /// to read with this type rather than `Checkpoint`).
    public static func isHuggingFace(_ directory: String) -> Bool {
        guard let json = try? HFJSONObject(contentsOf: directory + "/" + Checkpoint.configFile),
            let type = try? json.string("model_type")
        else { return false }
        return type != CheckpointConfig.modelType
    }

    public func loadConfig() throws(CheckpointError) -> HFModelConfig {
        try HFModelConfig.read(from: configPath)
    }

    /// What was read, for a one-line report.
    public struct Summary: Sendable {
        public let config: HFModelConfig
        /// Safetensors files read (1, or the number of shards).
        public let files: Int
        /// Stored dtypes, e.g. ["BF16"].
        public let dtypes: [String]
    }

    /// Loads every weight into a new parameter buffer, with a summary of the source.
    public func load() throws -> (ModelParameters, Summary) {
        let config = try loadConfig()
        if let memory = ModelMemory.problem(config.model, keys: config.keys) {
            throw CheckpointError(path: configPath, .invalidValue(memory))
        }
        let weights = try HFWeightFiles(directory: directory)
        // Every shape is checked against the files' headers before the buffer is allocated.
        for e in ParameterLayout(config.model).entries {
            _ = try weights.tensor(HFTensorNames.source(of: e.name, in: config), shape: fileShape(e, config))
        }
        let parameters = ModelParameters(config: config.model)
        var used = Set<String>()
        for e in parameters.layout.entries {
            let name = HFTensorNames.source(of: e.name, in: config)
            used.insert(name)
            let destination = parameters.values.data + e.offset
            let tensor = try weights.tensor(name, shape: fileShape(e, config))
            if e.name == "lm_head.weight" {
                // [rows, d] in the file → the V rows that are not the mask's, in engine order.
                let all = try tensor.floats(), d = config.model.dModel, m = config.ids.fileMaskId
                destination.update(from: all, count: m * d)
                all.withUnsafeBufferPointer {
                    (destination + m * d).update(from: $0.baseAddress! + (m + 1) * d, count: e.count - m * d)
                }
            } else {
                try tensor.copyFloats(into: UnsafeMutableBufferPointer(start: destination, count: e.count))
                if e.offset == parameters.layout.embedding { config.ids.toEngineOrder(destination, width: config.model.dModel) }
            }
        }
        try weights.requireOnly(used)
        try FiniteWeights.check(parameters.layout, parameters.values) { name in
            let source = HFTensorNames.source(of: name, in: config)
            return (weights.path(of: source) ?? directory, source)
        }
        return (parameters, Summary(config: config, files: weights.files.count, dtypes: weights.dtypes))
    }

    public func loadParameters() throws -> ModelParameters { try load().0 }

    /// The file's shape of a layout entry: an untied head has a row per embedding row, the mask's included.
    private func fileShape(_ e: ParameterLayout.Entry, _ config: HFModelConfig) -> [Int] {
        e.name == "lm_head.weight" ? [config.embeddingRows, config.model.dModel] : e.shape
    }
}
