import Foundation
import MaskedDiffusion
import Testing

/// `unmask sample` on a model folder whose tokenizer is a Hugging Face tokenizer.json with a
/// ChatML template: the typed prompt is wrapped unless `--raw-prompt`, and the output is text.
struct HFTokenizerCLITests {
    static let fixtures =
        String(#filePath.dropLast("Tests/CLITests/HFTokenizerCLITests.swift".count)) + "Tests/TokenizersTests/Fixtures/"

    /// A random one-layer model over the byte-level fixture's vocabulary, with Qwen3's template.
    static func model() throws -> String {
        let dir = FileManager.default.temporaryDirectory.path + "/hf-cli-\(UUID().uuidString)"
        let tokenizer = try ModelTokenizer.load(from: fixtures + "bytelevel.json")
        let config = ModelConfig(vocabSize: tokenizer.vocabSize, dModel: 16, nLayers: 1, nHeads: 2, maxSeqLen: 64)
        try Checkpoint(directory: dir).save(ModelParameters(config: config))
        try FileManager.default.copyItem(atPath: fixtures + "bytelevel.json", toPath: dir + "/tokenizer.json")
        try FileManager.default.copyItem(
            atPath: fixtures + "chat/qwen3.tokenizer_config.json", toPath: dir + "/tokenizer_config.json")
        return dir
    }

    static func text(_ r: ProcessResult) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        return (object["rows"] as! [[String: Any]])[0]["text"] as! String
    }

    @Test func promptIsWrappedInTheChatTemplateUnlessRaw() throws {
        let dir = try Self.model()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let chat = try runUnmask(["sample", "--model", dir, "--prompt", "Hello there", "--length", "4", "--json"])
        #expect(chat.status == 0, "\(chat.stderr)")
        #expect(try Self.text(chat).hasPrefix("<|im_start|>user\nHello there<|im_end|>\n<|im_start|>assistant\n"))
        let raw = try runUnmask([
            "sample", "--model", dir, "--prompt", "Hello there", "--length", "4", "--json", "--raw-prompt"
        ])
        #expect(raw.status == 0, "\(raw.stderr)")
        #expect(try Self.text(raw).hasPrefix("Hello there"))
    }

    /// Without a Jinja interpreter the built-in rendering is shown next to the file's template.
    @Test func showChatTemplatePrintsTheFilesTemplateAndTheRendering() throws {
        let dir = try Self.model()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try runUnmask(["sample", "--model", dir, "--prompt", "Hi", "--show-chat-template"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("chat template: ChatML, rendered by Unmask's built-in code"))
        #expect(r.stdout.contains("enable_thinking"), "the file's Jinja text")
        #expect(r.stdout.hasSuffix("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n\n"))
        let plain = try runUnmask(["sample", "--model", "\(Self.fixtures)../../../Examples/models/text", "--show-chat-template"])
        #expect(plain.status != 0 && plain.stderr.contains("has no chat template"), "\(plain.stderr)")
    }

    @Test func unsupportedTokenizerIsRefusedNamingTheField() throws {
        let dir = try Self.model()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/tokenizer.json"
        var doc = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as! [String: Any]
        doc["normalizer"] = ["type": "Lowercase"]
        try JSONSerialization.data(withJSONObject: doc).write(to: URL(fileURLWithPath: file))
        let r = try runUnmask(["sample", "--model", dir, "--prompt", "hi"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("tokenizer.json: normalizer.type = \"Lowercase\" is not supported"), "\(r.stderr)")
    }

    /// A template Unmask does not render, or a tokenizer_config.json that is not JSON, leaves
    /// the prompt as typed and says why (it once did so without a word), and
    /// `--show-chat-template` names the reason instead of "has no chat template".
    @Test func aTemplateUnmaskCannotRenderIsSaid() throws {
        let dir = try Self.model()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = dir + "/tokenizer_config.json"
        try #"{"chat_template": "{% for m in messages %}[{{ m.role }}] {{ m.content }}{% endfor %}"}"#
            .write(toFile: config, atomically: true, encoding: .utf8)
        let r = try runUnmask(["sample", "--model", dir, "--prompt", "Hello", "--length", "4", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.text(r).hasPrefix("Hello"))
        #expect(r.stderr.contains("tokenizer_config.json: chat_template = a template of no known family"), "\(r.stderr)")
        #expect(r.stderr.contains("the prompt is used as typed"), "\(r.stderr)")
        let show = try runUnmask(["sample", "--model", dir, "--show-chat-template"])
        #expect(show.status != 0 && show.stderr.contains("a template of no known family"), "\(show.stderr)")
        let raw = try runUnmask(["sample", "--model", dir, "--prompt", "Hello", "--length", "4", "--raw-prompt"])
        #expect(!raw.stderr.contains("note:"), "--raw-prompt asked for it as typed")
        try #"{"chat_template": "#.write(toFile: config, atomically: true, encoding: .utf8)
        let broken = try runUnmask(["sample", "--model", dir, "--prompt", "Hello", "--length", "4"])
        #expect(broken.stderr.contains("tokenizer_config.json: (document) is not JSON: "), "\(broken.stderr)")
        #expect(!broken.stderr.contains("NSCocoaErrorDomain"), "\(broken.stderr)")
    }
}
