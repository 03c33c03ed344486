import Foundation
import Testing

@testable import MaskedDiffusion

/// Importing Hugging Face checkpoints (Fixtures/hf_import/make_hf_import_fixture.py: one random model
/// saved as sharded BF16 LLaMA, tied-head F16 LLaMA and F32 LLaDA): the engine reproduces the numpy
/// reference logits of each variant's rounded weights, and every kind of bad folder fails naming
/// the file and the field or tensor.
@Suite(.serialized) struct HFImportTests {
    static let fixtures = String(#filePath.dropLast("HFImportTests.swift".count)) + "Fixtures/hf_import"

    @Test(arguments: [
        ("llama-bf16-sharded", HFModelConfig.Architecture.llama, 2, ["BF16"]),
        ("llama-f16-tied", .llama, 1, ["F16"]),
        ("llada-f32", .llada, 1, ["F32"])
    ])
    func logitsMatchTheNumpyReference(variant: String, architecture: HFModelConfig.Architecture, files: Int, dtypes: [String])
        throws
    {
        BLAS.setThreads(1)
        let (params, summary) = try HFCheckpoint(directory: Self.fixtures + "/" + variant).load()
        #expect(summary.config.architecture == architecture && summary.files == files && summary.dtypes == dtypes)
        let c = params.config
        #expect(
            c
                == ModelConfig(
                    vocabSize: 11, dModel: 16, nLayers: 2, nHeads: 2, ffHidden: 24, maxSeqLen: 32,
                    normEps: 1e-6, ropeTheta: 500_000, tiedEmbeddings: variant.hasSuffix("tied")))
        let reference = try SafetensorsFile(contentsOf: Self.fixtures + "/reference.safetensors")
        let tokensTensor = try reference.tensor("tokens")
        let (B, T) = (tokensTensor.shape[0], tokensTensor.shape[1])
        let batch = TokenBatch(tokens: try tokensTensor.integers().map { Int32($0) }, batch: B, seqLen: T, keyValid: nil)
        let logits = Tensor(shape: [B * T, c.vocabSize])
        Transformer(params: params, maxRows: B * T, threads: 1).forward(batch, into: logits)
        let expected = try reference.tensor("logits." + variant, shape: [B, T, c.vocabSize]).floats()
        let error = zip(logits.array, expected).map { abs($0 - $1) }.max()!
        #expect(error <= 1e-3, "max |Δ logit| = \(error)")
    }

    @Test func importedWeightsSurviveACheckpointRoundTrip() throws {
        let params = try HFCheckpoint(directory: Self.fixtures + "/llada-f32").loadParameters()
        let out = try Self.scratch()
        try Checkpoint(directory: out).save(params)
        let back = try Checkpoint(directory: out).loadParameters()
        #expect(back.config == params.config && back.values.array == params.values.array)
    }

    // MARK: - errors

    /// A writable copy of a fixture variant.
    static func scratch(copying variant: String? = nil) throws -> String {
        let dir = FileManager.default.temporaryDirectory.path + "/unmask-hf-import-\(UUID().uuidString)"
        if let variant {
            try FileManager.default.copyItem(atPath: fixtures + "/" + variant, toPath: dir)
        } else {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        return dir
    }

    static func editJSON(_ path: String, _ edit: (inout [String: Any]) -> Void) throws {
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        edit(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
    }

    /// Rewrites a safetensors file as F32, letting `edit` drop, reshape or add tensors.
    static func rewrite(
        _ path: String, _ edit: (inout SafetensorsWriter, _ name: String, _ shape: [Int], _ values: [Float]) -> Void
    ) throws {
        let file = try SafetensorsFile(contentsOf: path)
        var writer = SafetensorsWriter()
        for name in file.names {
            let t = try file.tensor(name)
            edit(&writer, name, t.shape, try t.floats())
        }
        try writer.write(to: path)
    }

    /// The error loading `directory` throws (its description), nil when it loads.
    static func failure(_ directory: String) -> String? {
        do { _ = try HFCheckpoint(directory: directory).loadParameters(); return nil } catch { return "\(error)" }
    }

    @Test func missingTensorIsNamedWithTheFileThatShouldHoldIt() throws {
        let dir = try Self.scratch(copying: "llama-f16-tied")
        try Self.rewrite(dir + "/model.safetensors") { w, name, shape, values in
            if name != "model.layers.1.mlp.up_proj.weight" { w.add(name, shape: shape, values: values) }
        }
        #expect(Self.failure(dir) == "\(dir)/model.safetensors: missing tensor 'model.layers.1.mlp.up_proj.weight'")
    }

    @Test func tensorMissingFromTheIndexNamesTheIndex() throws {
        let dir = try Self.scratch(copying: "llama-bf16-sharded")
        try Self.editJSON(dir + "/model.safetensors.index.json") { o in
            var map = o["weight_map"] as! [String: Any]
            map["model.norm.weight"] = nil
            o["weight_map"] = map
        }
        #expect(Self.failure(dir) == "\(dir)/model.safetensors.index.json: missing tensor 'model.norm.weight'")
    }

    @Test func missingShardNamesTheIndexAndTheShard() throws {
        let dir = try Self.scratch(copying: "llama-bf16-sharded")
        try FileManager.default.removeItem(atPath: dir + "/model-00002-of-00002.safetensors")
        let message = try #require(Self.failure(dir))
        #expect(
            message.hasPrefix(
                "\(dir)/model.safetensors.index.json: shard 'model-00002-of-00002.safetensors' listed in weight_map is missing"))
    }

    @Test func wrongShapeNamesTheTensorAndBothShapes() throws {
        let dir = try Self.scratch(copying: "llada-f32")
        try Self.rewrite(dir + "/model.safetensors") { w, name, shape, values in
            w.add(name, shape: name == "model.transformer.blocks.0.ff_out.weight" ? shape.reversed() : shape, values: values)
        }
        #expect(
            Self.failure(dir)
                == "\(dir)/model.safetensors: tensor 'model.transformer.blocks.0.ff_out.weight' has shape [24, 16], expected [16, 24]"
        )
    }

    @Test func unsupportedDTypeIsNamed() throws {
        let dir = try Self.scratch(copying: "llada-f32")
        try Self.rewrite(dir + "/model.safetensors") { w, name, shape, values in
            if name == "model.transformer.ln_f.weight" {
                w.add(name, shape: shape, integers: values.map { Int64($0) }, as: .i8)
            } else {
                w.add(name, shape: shape, values: values)
            }
        }
        #expect(
            Self.failure(dir)
                == "\(dir)/model.safetensors: tensor 'model.transformer.ln_f.weight' has dtype I8, expected one of F32, F16, BF16, F64"
        )
    }

    @Test func tensorsTheEngineWouldIgnoreAreRefused() throws {
        let dir = try Self.scratch(copying: "llama-f16-tied")
        try Self.rewrite(dir + "/model.safetensors") { w, name, shape, values in
            w.add(name, shape: shape, values: values)
            if name == "model.layers.0.self_attn.q_proj.weight" {
                w.add("model.layers.0.self_attn.q_proj.bias", shape: [16], values: .init(repeating: 0, count: 16))
            }
            if name == "model.norm.weight" {
                w.add("model.layers.0.self_attn.rotary_emb.inv_freq", shape: [4], values: [1, 2, 3, 4])
            }
        }
        #expect(Self.failure(dir) == "\(dir)/model.safetensors: unexpected tensor 'model.layers.0.self_attn.q_proj.bias'")
    }

    /// (variant, field, new value as JSON text or nil to delete it, expected problem).
    @Test(
        arguments: [
            ("llama-f16-tied", "hidden_size", nil, "missing field 'hidden_size'"),
            ("llama-f16-tied", "num_hidden_layers", #""2""#, "field 'num_hidden_layers' must be an integer"),
            (
                "llama-f16-tied", "attention_bias", "true",
                "attention_bias is true: a bias on o_proj is not supported (only q/k/v biases, as Qwen2 has)"
            ),
            (
                "llama-f16-tied", "num_key_value_heads", "3",
                "num_key_value_heads (3) must divide num_attention_heads (2)"
            ),
            ("llama-f16-tied", "mlp_bias", "true", "mlp_bias is true: MLP biases are not supported"),
            (
                "llama-f16-tied", "rope_parameters", #"{"rope_type": "llama3", "rope_theta": 500000.0}"#,
                #"rope_parameters.rope_type is "llama3": only "default" (unscaled RoPE) is supported"#
            ),
            (
                "llama-f16-tied", "layer_types", #"["full_attention", "sliding_attention"]"#,
                #"layer_types has a layer that is not "full_attention": only full attention is supported"#
            ),
            (
                "llama-f16-tied", "use_sliding_window", "true",
                "use_sliding_window is true: sliding-window attention is not supported"
            ),
            ("llama-f16-tied", "hidden_act", #""gelu""#, #"hidden_act is "gelu": only "silu" (SwiGLU) is supported"#),
            (
                "llama-f16-tied", "rope_scaling", #"{"type": "linear", "factor": 2.0}"#,
                "rope_scaling is set: scaled RoPE is not supported"
            ),
            (
                "llama-f16-tied", "mask_token_id", "12",
                "mask_token_id is 12: it must be one of the 12 embedding rows (0…11)"
            ),
            // Once a trap (a range from 0 to −2), found by `make fuzz`.
            (
                "llama-f16-tied", "vocab_size", "-2",
                "vocab_size is -2: a model needs a real token and the mask (≥ 2 rows)"
            ),
            (
                "llama-f16-tied", "mask_token_id", nil,
                "missing field 'mask_token_id': a masked-diffusion model needs its mask token (one of the 12 embedding rows)"
            ),
            (
                "llama-f16-tied", "num_hidden_layers", "4294967296",
                "num_hidden_layers is 4294967296, more than the 1024 Unmask supports"
            ),
            (
                "llama-f16-tied", "intermediate_size", "1099511627776",
                "intermediate_size is 1099511627776, more than the 262144 Unmask supports"
            ),
            (
                "llama-f16-tied", "max_position_embeddings", "1000000000000",
                "max_position_embeddings is 1000000000000, more than the 1048576 Unmask supports"
            ),
            (
                "llama-f16-tied", "model_type", #""mistral""#,
                #"model_type "mistral" is not supported (supported: "llama", "qwen2", "qwen3", "Dream", "llada")"#
            ),
            ("llada-f32", "layer_norm_type", #""default""#, #"layer_norm_type is "default": only "rms" is supported"#),
            ("llada-f32", "layer_norm_type", nil, "missing field 'layer_norm_type'"),
            ("llada-f32", "include_bias", "true", "include_bias is true: not supported (the engine is a plain LLaMA block)"),
            ("llada-f32", "scale_logits", "true", "scale_logits is true: not supported (the engine is a plain LLaMA block)"),
            ("llada-f32", "block_group_size", "2", "block_group_size is 2: only 1 is supported"),
            // LLaDA's sizes are refused under its own keys (once LLaMA's: "num_attention_heads (3) must
            // divide hidden_size (16)" of a file that has neither).
            ("llada-f32", "n_heads", "3", "n_heads (3) must divide d_model (16)"),
            ("llada-f32", "n_layers", "4294967296", "n_layers is 4294967296, more than the 1024 Unmask supports"),
            ("llada-f32", "embedding_size", "-2", "embedding_size is -2: a model needs a real token and the mask (≥ 2 rows)"),
            ("llada-f32", "max_sequence_length", "0", "max_sequence_length must be ≥ 1 (got 0)")
        ] as [(String, String, String?, String)])
    func unsupportedOrMissingConfigFieldsAreNamed(variant: String, field: String, json: String?, problem: String) throws {
        let dir = try Self.scratch(copying: variant)
        let value = try json.map { try JSONSerialization.jsonObject(with: Data($0.utf8), options: .fragmentsAllowed) }
        try Self.editJSON(dir + "/config.json") { $0[field] = value }
        #expect(Self.failure(dir) == "\(dir)/config.json: \(problem)")
    }

    /// LLaDA's MLP width from `mlp_ratio` was multiplied without an overflow check: a huge ratio
    /// trapped. It is refused naming both factors.
    @Test func anOverflowingMLPRatioIsRefused() throws {
        let dir = try Self.scratch(copying: "llada-f32")
        try Self.editJSON(dir + "/config.json") {
            $0["mlp_hidden_size"] = nil
            $0["mlp_ratio"] = Int.max
        }
        #expect(Self.failure(dir) == "\(dir)/config.json: mlp_ratio \(Int.max) × d_model 16 overflows")
    }

    /// A LLaDA config too large for memory names its shape by the file's keys and row count.
    @Test func aLLaDAConfigTooLargeForMemoryIsDescribedInItsOwnKeys() throws {
        let dir = try Self.scratch(copying: "llada-f32")
        try Self.editJSON(dir + "/config.json") {
            $0["d_model"] = 65_536
            $0["n_layers"] = 1024
            $0["mlp_hidden_size"] = 262_144
        }
        let failure = try #require(Self.failure(dir))
        #expect(failure.hasPrefix("\(dir)/config.json: the weights need "), "\(failure)")
        #expect(
            failure.hasSuffix("(embedding_size 12, d_model 65536, n_layers 1024, mlp_hidden_size 262144)"), "\(failure)")
    }

    @Test func aFolderWithoutWeightsSaysWhatIsMissing() throws {
        let dir = try Self.scratch(copying: "llada-f32")
        try FileManager.default.removeItem(atPath: dir + "/model.safetensors")
        #expect(
            Self.failure(dir)
                == "\(dir): cannot read the file: neither model.safetensors nor model.safetensors.index.json is there")
        #expect(Self.failure(dir + "/nowhere")?.hasPrefix("\(dir)/nowhere/config.json: cannot read the file") == true)
    }
}
