#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A checkpoint folder, HF style: `config.json` + `model.safetensors`, and while training also
/// `optimizer.safetensors` and `trainer_state.json`.
///
/// Every file is written atomically, so a crash mid-save leaves the previous file intact.
/// Tensor names are the `ParameterLayout` names (`model.embed_tokens.weight`,
/// `model.layers.{i}.self_attn.q_proj.weight`, …, `lm_head.weight`), stored as F32.
///
/// ```swift
/// let ckpt = Checkpoint(directory: "runs/tiny/step-1000")
/// try ckpt.save(params)
/// let restored = try ckpt.loadParameters()
/// ```
///
/// Errors are `CheckpointError` (JSON files, folder) or `SafetensorsError` (tensor files);
/// both print as `<path>: <problem>`.
public struct Checkpoint: Sendable {
    public static let configFile = "config.json"
    public static let modelFile = "model.safetensors"
    public static let optimizerFile = "optimizer.safetensors"
    public static let trainerStateFile = "trainer_state.json"

    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The path of `file` inside the folder.
    public func path(_ file: String) -> String { directory + "/" + file }

    /// Writes `config.json` and `model.safetensors` (metadata `format: pt`, as HF writes),
    /// creating the folder if needed.
    public func save(_ parameters: ModelParameters) throws {
        try createDirectory()
        var writer = SafetensorsWriter(metadata: ["format": "pt"])
        writer.add(parameters.layout, from: parameters.values)
        try writer.write(to: path(Self.modelFile))
        try JSONFile.write(CheckpointConfig(parameters.config), to: path(Self.configFile))
    }

    /// Reads and validates `config.json`.
    public func loadConfig() throws(CheckpointError) -> ModelConfig {
        let file = path(Self.configFile)
        let config: CheckpointConfig
        do { config = try JSONFile.read(CheckpointConfig.self, from: file) } catch {
            // A Hugging Face config without model_type reads as an Unmask one (whose model_type is
            // optional) and failed on the first Unmask field it lacks with no word of the family.
            if case .missingField(let field) = error.problem, let json = try? HFJSONObject(contentsOf: file),
                json.value("model_type") == nil
            {
                throw CheckpointError(
                    path: file,
                    .invalidValue(
                        "missing field '\(field)' of an Unmask config, and no model_type: a Hugging Face config "
                            + "names its family (supported: \(HFModelConfig.supportedTypes))"))
            }
            throw error
        }
        if let problem = config.problems.first { throw CheckpointError(path: file, .invalidValue(problem)) }
        return config.model
    }

    /// Loads the weights, requiring exactly the tensors the config's layout names, each with
    /// its shape (F32, F16, BF16 or F64 values are accepted and converted). The config's sizes
    /// are bounded (`ModelConfig.problems`) and every shape is checked against the file's
    /// header before the parameter buffer is allocated, so a config that disagrees with its
    /// weights costs no memory.
    public func loadParameters() throws -> ModelParameters {
        let config = try loadConfig()
        let file = try SafetensorsFile(contentsOf: path(Self.modelFile))
        for e in ParameterLayout(config).entries { _ = try file.tensor(e.name, shape: e.shape) }
        let parameters = ModelParameters(config: config)
        try file.read(parameters.layout, into: parameters.values)
        try file.requireOnly(SafetensorsFile.names(of: parameters.layout))
        try FiniteWeights.check(parameters.layout, parameters.values) { (path(Self.modelFile), $0) }
        return parameters
    }

    /// Writes any set of tensors (e.g. `optimizer.safetensors`) into the folder atomically.
    public func saveTensors(_ writer: SafetensorsWriter, as file: String) throws {
        try createDirectory()
        try writer.write(to: path(file))
    }

    /// Opens a tensor file of the folder for reading.
    public func openTensors(_ file: String) throws(SafetensorsError) -> SafetensorsFile {
        try SafetensorsFile(contentsOf: path(file))
    }

    /// Writes a Codable value (e.g. `trainer_state.json`) into the folder atomically.
    public func saveJSON(_ value: some Encodable, as file: String) throws(CheckpointError) {
        try createDirectory()
        try JSONFile.write(value, to: path(file))
    }

    public func loadJSON<T: Decodable>(_ type: T.Type, from file: String) throws(CheckpointError) -> T {
        try JSONFile.read(type, from: path(file))
    }

    /// Creates the folder and any missing parents (`mkdir -p`).
    private func createDirectory() throws(CheckpointError) {
        var prefix = directory.hasPrefix("/") ? "/" : ""
        for part in directory.split(separator: "/") {
            prefix += part + "/"
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw CheckpointError(path: directory, .writeFailed("mkdir \(prefix): \(String(cString: strerror(errno)))"))
            }
        }
        var info = stat()
        guard stat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw CheckpointError(path: directory, .writeFailed("not a directory"))
        }
    }
}

/// Weights must be finite: one NaN or ±∞ in a tensor makes every logit NaN, and the commands
/// then printed empty completions, 0% accuracy or "nan ± nan" and exited 0. Loaders check
/// once, after reading, and name the tensor and the element.
enum FiniteWeights {
    /// Throws for the first weight that is not finite, naming the tensor and its file as
    /// `source` gives them for a layout entry's name (a Hugging Face folder's own names and
    /// shard; the folder alone was once named).
    static func check(
        _ layout: ParameterLayout, _ values: Tensor, source: (String) -> (file: String, tensor: String)
    ) throws(CheckpointError) {
        for e in layout.entries {
            let p = values.data + e.offset
            for i in 0..<e.count where !p[i].isFinite {
                let (file, tensor) = source(e.name)
                throw CheckpointError(
                    path: file, .invalidValue("tensor '\(tensor)' holds \(p[i]) at element \(i); weights must be finite"))
            }
        }
    }
}
