/// A Hugging Face checkpoint folder of a LLaMA- or LLaDA-architecture model: `config.json` plus
/// `model.safetensors` or a sharded `model.safetensors.index.json`, weights in BF16, F16 or F32
/// (F64 too), converted to the engine's F32 on load.
///
/// ```swift
/// let source = HFCheckpoint(directory: "hf/tiny-llada")
/// let params = try source.loadParameters()            // ModelParameters in ParameterLayout order
/// try Checkpoint(directory: "runs/imported").save(params)
/// ```
///
/// `config.json` is checked by `HFModelConfig` (unsupported features are refused naming the
/// field); tensor names map by `HFTensorNames`. Errors are `CheckpointError` (config, index, missing
/// shard) or `SafetensorsError` (missing tensor: the index or file that should list it; wrong shape
/// or dtype: the file holding it; a tensor the engine would ignore, such as a bias).
public struct HFCheckpoint: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public var configPath: String { directory + "/" + Checkpoint.configFile }

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
        let weights = try HFWeightFiles(directory: directory)
        // Every shape is checked against the files' headers before the buffer is allocated.
        for e in ParameterLayout(config.model).entries {
            let name = HFTensorNames.source(of: e.name, in: config)
            _ = try weights.tensor(
                name, shape: e.name == "lm_head.weight" ? [config.embeddingRows, config.model.dModel] : e.shape)
        }
        let parameters = ModelParameters(config: config.model)
        var used = Set<String>()
        for e in parameters.layout.entries {
            let name = HFTensorNames.source(of: e.name, in: config)
            used.insert(name)
            let destination = UnsafeMutableBufferPointer(start: parameters.values.data + e.offset, count: e.count)
            if e.name == "lm_head.weight" {
                // The source head (or tied embedding) has a row per embedding row; keep the first V.
                let t = try weights.tensor(name, shape: [config.embeddingRows, config.model.dModel])
                let all = try t.floats()
                _ = destination.update(fromContentsOf: all.prefix(e.count))
            } else {
                try weights.tensor(name, shape: e.shape).copyFloats(into: destination)
            }
        }
        try weights.requireOnly(used)
        try FiniteWeights.check(parameters.layout, parameters.values, file: directory)
        return (parameters, Summary(config: config, files: weights.files.count, dtypes: weights.dtypes))
    }

    public func loadParameters() throws -> ModelParameters { try load().0 }
}
