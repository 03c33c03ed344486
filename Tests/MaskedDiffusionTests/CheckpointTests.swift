import Foundation
import Testing

@testable import MaskedDiffusion

/// Checkpoint folders: exact round trips, and a clear error naming the file for each way a
/// folder can be wrong.
@Suite struct CheckpointTests {
    typealias F = SafetensorsFixtures
    let config = TestModels.tinyConfig

    func savedCheckpoint(seed: UInt64 = 3) throws -> (Checkpoint, ModelParameters) {
        let ckpt = Checkpoint(directory: try F.temporaryDirectory() + "/runs/step-10")
        let params = TestModels.randomParameters(config, seed: seed)
        try ckpt.save(params)
        return (ckpt, params)
    }

    /// Replaces `model.safetensors` with the layout's tensors, edited by `edit`.
    func rewriteModel(
        _ ckpt: Checkpoint, _ params: ModelParameters, skipping: String? = nil,
        _ edit: (inout SafetensorsWriter) -> Void = { _ in }
    ) throws {
        var writer = SafetensorsWriter()
        for e in params.layout.entries where e.name != skipping {
            writer.add(e.name, shape: e.shape, from: params.values, offset: e.offset)
        }
        edit(&writer)
        try writer.write(to: ckpt.path(Checkpoint.modelFile))
    }

    @Test func roundTripIsBitwiseExact() throws {
        let (ckpt, params) = try savedCheckpoint()
        let loaded = try ckpt.loadParameters()
        #expect(loaded.config == params.config)
        #expect(loaded.values.array.map(\.bitPattern) == params.values.array.map(\.bitPattern))
        #expect(try F.contents(of: ckpt.directory) == [Checkpoint.configFile, Checkpoint.modelFile])
    }

    /// The fingerprint names the weights: the same after a save and load, another after one
    /// changed weight or two swapped, 32 hex digits.
    @Test func fingerprintNamesTheWeights() throws {
        let (ckpt, params) = try savedCheckpoint()
        let print = params.fingerprint
        #expect(print.count == 32 && print.allSatisfy(\.isHexDigit))
        #expect(try ckpt.loadParameters().fingerprint == print)
        let changed = params.copy()
        changed.values.data[7] = changed.values.data[7].nextUp
        #expect(changed.fingerprint != print)
        let swapped = params.copy()
        (swapped.values.data[3], swapped.values.data[11]) = (params.values.data[11], params.values.data[3])
        #expect(params.values.data[3] != params.values.data[11] && swapped.fingerprint != print)
        #expect(try savedCheckpoint(seed: 4).1.fingerprint != print)
    }

    @Test func filesUseStableHFNamesAndFields() throws {
        let (ckpt, params) = try savedCheckpoint()
        let file = try ckpt.openTensors(Checkpoint.modelFile)
        #expect(Set(file.names) == Set(params.layout.entries.map(\.name)))
        #expect(file.metadata == ["format": "pt"])
        #expect(try file.tensor("model.layers.1.self_attn.k_proj.weight").shape == [20, 20])
        #expect(try file.tensor("model.embed_tokens.weight").shape == [20, 20])
        #expect(try file.tensor("lm_head.weight").shape == [19, 20])
        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: ckpt.path(Checkpoint.configFile))))
            as! [String: Any]
        #expect(json["model_type"] as? String == "unmask")
        #expect(json["architectures"] as? [String] == ["UnmaskMaskedDiffusion"])
        #expect(json["mask_token_id"] as? Int == 19)
        #expect(json["unmask_version"] as? String == unmaskVersion)
        for key in [
            "vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size",
            "max_position_embeddings", "rms_norm_eps", "rope_theta"
        ] {
            #expect(json[key] != nil, "\(key)")
        }
    }

    @Test func savingAgainReplacesFilesAtomically() throws {
        let (ckpt, _) = try savedCheckpoint(seed: 1)
        let newer = TestModels.randomParameters(config, seed: 2)
        try ckpt.save(newer)
        #expect(try ckpt.loadParameters().values.array == newer.values.array)
        #expect(try F.contents(of: ckpt.directory) == [Checkpoint.configFile, Checkpoint.modelFile])
    }

    @Test func loadsBF16AndF16Weights() throws {
        let (ckpt, params) = try savedCheckpoint()
        for dtype in [SafetensorsDType.bf16, .f16] {
            var writer = SafetensorsWriter()
            writer.add(params.layout, from: params.values, as: dtype)
            try writer.write(to: ckpt.path(Checkpoint.modelFile))
            let loaded = try ckpt.loadParameters().values.array
            let rounded = params.values.array.map { dtype == .bf16 ? BFloat16.decode(BFloat16.encode($0)) : Float(Float16($0)) }
            #expect(loaded == rounded, "\(dtype)")
        }
    }

    @Test func missingTensor() throws {
        let (ckpt, params) = try savedCheckpoint()
        try rewriteModel(ckpt, params, skipping: "model.layers.1.mlp.down_proj.weight")
        #expect(
            throws: SafetensorsError(path: ckpt.path(Checkpoint.modelFile), .missingTensor("model.layers.1.mlp.down_proj.weight"))
        ) {
            try ckpt.loadParameters()
        }
    }

    @Test func unexpectedTensor() throws {
        let (ckpt, params) = try savedCheckpoint()
        try rewriteModel(ckpt, params) {
            $0.add("model.layers.2.input_layernorm.weight", shape: [20], values: .init(repeating: 1, count: 20))
        }
        let error = try #require(throws: SafetensorsError.self) { try ckpt.loadParameters() }
        #expect(
            error.description == ckpt.path(Checkpoint.modelFile) + ": unexpected tensor 'model.layers.2.input_layernorm.weight'")
    }

    @Test func wrongShape() throws {
        let (ckpt, _) = try savedCheckpoint()
        var bigger = config
        bigger.vocabSize += 1
        try Checkpoint(directory: ckpt.directory).saveJSON(CheckpointConfig(bigger), as: Checkpoint.configFile)
        #expect(
            throws: SafetensorsError(
                path: ckpt.path(Checkpoint.modelFile),
                .shapeMismatch(tensor: "model.embed_tokens.weight", expected: [21, 20], found: [20, 20]))
        ) {
            try ckpt.loadParameters()
        }
    }

    @Test func wrongDTypeForWeights() throws {
        let (ckpt, params) = try savedCheckpoint()
        try rewriteModel(ckpt, params, skipping: "model.norm.weight") {
            $0.add("model.norm.weight", shape: [20], integers: .init(repeating: 1, count: 20), as: .i32)
        }
        #expect(
            throws: SafetensorsError(
                path: ckpt.path(Checkpoint.modelFile),
                .dtypeMismatch(tensor: "model.norm.weight", dtype: .i32, expected: SafetensorsDType.floating))
        ) {
            try ckpt.loadParameters()
        }
    }

    /// Each broken config.json names the file and the field.
    @Test(
        arguments: [
            ("hidden_size", nil, "missing field 'hidden_size'"),
            ("hidden_size", "\"20\"", "field 'hidden_size' must be an integer"),
            ("rms_norm_eps", "null", "field 'rms_norm_eps' must be a number"),
            // Foundation calls these "not valid JSON", naming no field.
            ("hidden_size", "128.5", "field 'hidden_size' \(JSONMisfit.reason("128.5"))"),
            ("rms_norm_eps", "1e300", "field 'rms_norm_eps' \(JSONMisfit.reason("1e+300"))"),
            ("num_attention_heads", "3", "num_attention_heads (3) must divide hidden_size (20)"),
            ("model_type", "\"llama\"", "model_type is \"llama\", expected \"unmask\""),
            ("mask_token_id", "0", "mask_token_id is 0, expected vocab_size (19)")
        ] as [(String, String?, String)])
    func badConfig(field: String, value: String?, message: String) throws {
        let (ckpt, _) = try savedCheckpoint()
        let path = ckpt.path(Checkpoint.configFile)
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        json[field] = value.map { try! JSONSerialization.jsonObject(with: Data($0.utf8), options: .fragmentsAllowed) }
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: CheckpointError.self) { try ckpt.loadParameters() }
        #expect(error.description == "\(path): \(message)")
    }

    /// Sizes from config.json are checked (bounds, overflow-checked parameter count, memory,
    /// the tensors the file actually holds) before anything is allocated: each of these used
    /// to trap, hang or fail to allocate.
    @Test(
        arguments: [
            (["hidden_size": 1_000_000_000], "hidden_size"),
            (["vocab_size": 1_000_000_000_000, "mask_token_id": 1_000_000_000_000], "vocab_size"),
            (["num_hidden_layers": 4_294_967_296], "num_hidden_layers"),
            (["hidden_size": 65_536], "hidden_size"),
            (["intermediate_size": 1 << 40], "intermediate_size"),
            (["max_position_embeddings": 1_000_000_000_000], "max_position_embeddings")
        ] as [([String: Int], String)])
    func oversizedConfigIsRefusedBeforeAllocating(fields: [String: Int], named field: String) throws {
        let (ckpt, _) = try savedCheckpoint()
        let path = ckpt.path(Checkpoint.configFile)
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        for (key, value) in fields { json[key] = value }
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: (any Error).self) { try ckpt.loadParameters() }
        #expect("\(error)".contains(ckpt.directory + "/"), "\(error)")
        #expect("\(error)".contains(field), "\(error)")
    }

    /// Weights that are NaN or ±∞ are refused at load, naming the file, the tensor and the
    /// element: they used to load silently and sample empty completions, score 0%, ELBO NaN.
    @Test(arguments: [Float.nan, .infinity, -.infinity])
    func nonFiniteWeightsAreRefusedNamingTheTensor(bad: Float) throws {
        let (ckpt, params) = try savedCheckpoint()
        let entry = try #require(params.layout.entry(named: "model.layers.1.mlp.up_proj.weight"))
        params.values[entry.offset + 7] = bad
        try ckpt.save(params)
        let error = try #require(throws: (any Error).self) { try ckpt.loadParameters() }
        #expect("\(error)".contains(ckpt.path(Checkpoint.modelFile)), "\(error)")
        #expect("\(error)".contains("model.layers.1.mlp.up_proj.weight") && "\(error)".contains("element 7"), "\(error)")
    }

    @Test func unreadableOrInvalidConfig() throws {
        let (ckpt, _) = try savedCheckpoint()
        let path = ckpt.path(Checkpoint.configFile)
        try Data("{\"vocab_size\": 19,".utf8).write(to: URL(fileURLWithPath: path))
        let invalid = try #require(throws: CheckpointError.self) { try ckpt.loadConfig() }
        guard case .invalidJSON(let why) = invalid.problem else { Issue.record("\(invalid)"); return }
        #expect(invalid.path == path)
        // Where the text breaks off, not Foundation's bare "The given data was not valid JSON."
        #expect(why.contains("at byte 18"), "\(why)")
        try FileManager.default.removeItem(atPath: path)
        #expect(throws: CheckpointError(path: path, .unreadable("No such file or directory"))) { try ckpt.loadConfig() }
    }

    @Test func savingIntoAFileFailsClearly() throws {
        let dir = try F.temporaryDirectory()
        #expect(FileManager.default.createFile(atPath: dir + "/taken", contents: Data()))
        let error = try #require(throws: CheckpointError.self) {
            try Checkpoint(directory: dir + "/taken").save(TestModels.randomParameters(config, seed: 1))
        }
        #expect(error.description == dir + "/taken: cannot write: not a directory")
    }

    /// What the optimizer stores: AdamW moments under prefixed parameter names, the step in
    /// metadata, and trainer state as JSON.
    @Test func optimizerTensorsAndTrainerState() throws {
        let (ckpt, params) = try savedCheckpoint()
        let m = TestModels.randomParameters(config, seed: 11).values, v = TestModels.randomParameters(config, seed: 12).values
        var writer = SafetensorsWriter(metadata: ["step": "42"])
        writer.add(params.layout, from: m, prefix: "exp_avg.")
        writer.add(params.layout, from: v, prefix: "exp_avg_sq.")
        try ckpt.saveTensors(writer, as: Checkpoint.optimizerFile)

        let file = try ckpt.openTensors(Checkpoint.optimizerFile)
        #expect(file.metadata["step"] == "42")
        try file.requireOnly(
            SafetensorsFile.names(of: params.layout, prefix: "exp_avg.")
                .union(SafetensorsFile.names(of: params.layout, prefix: "exp_avg_sq.")))
        let m2 = Tensor(shape: [params.layout.totalCount]), v2 = Tensor(shape: [params.layout.totalCount])
        try file.read(params.layout, into: m2, prefix: "exp_avg.")
        try file.read(params.layout, into: v2, prefix: "exp_avg_sq.")
        #expect(m2.array == m.array && v2.array == v.array)
        // Same dtype, so data order is bytewise name order: "exp_avg.lm_head…" comes first.
        #expect(throws: SafetensorsError(path: file.path, .unexpectedTensor("exp_avg.lm_head.weight"))) {
            try file.requireOnly(SafetensorsFile.names(of: params.layout, prefix: "exp_avg_sq."))
        }

        struct TrainerState: Codable, Equatable {
            var globalStep: Int
            var bestLoss: Double
            enum CodingKeys: String, CodingKey { case globalStep = "global_step", bestLoss = "best_loss" }
        }
        let state = TrainerState(globalStep: 42, bestLoss: 1.25)
        try ckpt.saveJSON(state, as: Checkpoint.trainerStateFile)
        #expect(try ckpt.loadJSON(TrainerState.self, from: Checkpoint.trainerStateFile) == state)
        #expect(
            try F.contents(of: ckpt.directory) == [
                Checkpoint.configFile, Checkpoint.modelFile,
                Checkpoint.optimizerFile, Checkpoint.trainerStateFile
            ])
        try Data("{\"global_step\": 1}".utf8).write(to: URL(fileURLWithPath: ckpt.path(Checkpoint.trainerStateFile)))
        #expect(throws: CheckpointError(path: ckpt.path(Checkpoint.trainerStateFile), .missingField("best_loss"))) {
            try ckpt.loadJSON(TrainerState.self, from: Checkpoint.trainerStateFile)
        }
    }
}
