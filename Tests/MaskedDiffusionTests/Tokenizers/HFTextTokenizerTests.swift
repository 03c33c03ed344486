import Foundation
import Testing
import Tokenizers

@testable import MaskedDiffusion

/// A Hugging Face tokenizer.json through the model's tokenizer entry point: recognised, encoded,
/// shown token by token, wrapped in its chat template, and saved back.
struct HFTextTokenizerTests {
    static let fixtures =
        String(#filePath.dropLast("MaskedDiffusionTests/Tokenizers/HFTextTokenizerTests.swift".count))
        + "TokenizersTests/Fixtures"

    /// A model folder's tokenizer files: the byte-level fixture, and a chat template if named.
    static func folder(chat family: String?) throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        try FileManager.default.copyItem(atPath: fixtures + "/bytelevel.json", toPath: dir.path + "/tokenizer.json")
        if let family {
            try FileManager.default.copyItem(
                atPath: fixtures + "/chat/\(family).tokenizer_config.json", toPath: dir.path + "/tokenizer_config.json")
        }
        return dir
    }

    static func load(_ dir: TemporaryDirectory) throws -> HFTextTokenizer {
        guard case .text(let t) = try ModelTokenizer.load(from: dir.path + "/tokenizer.json"), let hf = t as? HFTextTokenizer
        else { throw TokenizerError.unsupportedKind("not a Hugging Face tokenizer") }
        return hf
    }

    @Test func loadsThroughModelTokenizerAndEncodesLikeTheReader() throws {
        let dir = try Self.folder(chat: nil)
        let t = try Self.load(dir)
        let reader = try HFTokenizer(contentsOf: Self.fixtures + "/bytelevel.json")
        let text = "The model's café, 你好 🏳️‍🌈\n"
        #expect(try t.encode(text) == reader.encode(text))
        #expect(t.decode(try t.encode(text)) == text)
        #expect(t.vocabSize == reader.vocabSize)
        #expect(t.chatTemplate == nil)
        // The mask id (one past the vocabulary) shows as the mask glyph inside decoded text.
        #expect(t.decode(try t.encode("a") + [Int32(t.vocabSize)] + (try t.encode("b"))) == "a░b")
    }

    @Test func tokensShowLeadingSpacesAndBytePieces() throws {
        let t = try Self.load(try Self.folder(chat: nil))
        let reader = t.tokenizer
        let spaced = try #require(reader.id(of: "Ġthe"))
        #expect(t.display(spaced) == "␣the")
        #expect(t.text(of: spaced) == " the")
        // "ã" is the byte 0xE3 alone, the first byte of a three-byte character.
        let lead = try #require(reader.id(of: "ã"))
        #expect(t.display(lead) == "<E3>")
        #expect(t.display(try #require(reader.id(of: "Ċ"))) == "␊")
        #expect(t.display(try #require(reader.id(of: "<|im_end|>"))) == "<|im_end|>")
        // A character outside the corpus is its four byte tokens, read as the character when decoded.
        let ids = try t.encode("𝄞")
        #expect(ids.map(t.display) == ["<F0>", "<9D>", "<84>", "<9E>"])
        #expect(t.decode(ids) == "𝄞")
    }

    @Test func sentencePieceTokensShowTheirSpaceAndBytes() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.copyItem(atPath: Self.fixtures + "/sentencepiece.json", toPath: dir.path + "/tokenizer.json")
        let t = try Self.load(dir)
        let ids = try t.encode("the 🤖")
        #expect(ids.map(t.display).contains("<F0>"))
        #expect(t.display(try #require(t.tokenizer.id(of: "▁the"))) == "␣the")
        #expect(t.decode(ids) == "the 🤖")
    }

    @Test func promptsAreWrappedInTheChatTemplateUnlessTurnedOff() throws {
        let t = try Self.load(try Self.folder(chat: "qwen3"))
        let template = try #require(t.chatTemplate)
        #expect(template.family == .chatML(defaultSystem: nil, thinkingSwitch: true))
        #expect(try t.encodePrompt("hi", chat: true) == t.encode("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n"))
        #expect(try t.encodePrompt("hi", chat: false) == t.encode("hi"))
        #expect(try t.encodePrompt("hi", chat: true).first == t.tokenizer.id(of: "<|im_start|>"))
    }

    @Test func unknownChatTemplateLeavesPromptsAsTyped() throws {
        let dir = try Self.folder(chat: nil)
        try Data(#"{"chat_template": "{{ messages[0]['content'] }}"}"#.utf8)
            .write(to: URL(fileURLWithPath: dir.path + "/tokenizer_config.json"))
        let t = try Self.load(dir)
        #expect(t.chatTemplate == nil)
        #expect(t.chatTemplateIssue?.contains("chat_template") == true)
        #expect(try t.encodePrompt("hi", chat: true) == t.encode("hi"))
    }

    @Test func savesTheFileAndTemplateUnchanged() throws {
        let source = try Self.folder(chat: "llada")
        let t = try Self.load(source)
        let target = try TemporaryDirectory()
        try ModelTokenizer.text(t).save(to: target.path + "/tokenizer.json")
        let copy = try Self.load(target)
        #expect(copy.chatTemplate == t.chatTemplate)
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: target.path + "/tokenizer.json"))
                == Data(contentsOf: URL(fileURLWithPath: source.path + "/tokenizer.json")))
    }

    @Test func unsupportedModelIsRefusedNamingFileAndField() throws {
        let dir = try TemporaryDirectory()
        let file = dir.path + "/tokenizer.json"
        try Data(#"{"model": {"type": "Unigram", "vocab": []}}"#.utf8).write(to: URL(fileURLWithPath: file))
        #expect(throws: HFTokenizerError.unsupported(path: file, field: "model.type", value: "\"Unigram\"")) {
            try ModelTokenizer.load(from: file)
        }
    }
}

/// A Hugging Face checkpoint sees its tokenizer through `RemappedTokenizer` (mask row moved
/// last): decoding still joins byte tokens into characters, and the chat template still applies.
struct RemappedHFTokenizerTests {
    @Test func decodeAndChatTemplatePassThroughTheIdMap() throws {
        let t = try HFTextTokenizerTests.load(try HFTextTokenizerTests.folder(chat: "qwen3"))
        // LLaDA-like: the mask is a token inside the vocabulary (here <|mask|>), rows padded past it.
        let mask = try #require(t.tokenizer.id(of: "<|mask|>"))
        let remapped = try RemappedTokenizer(t, ids: TokenIdMap(rows: t.vocabSize + 4, fileMaskId: Int(mask)))
        let text = "𝄞 the café"
        let ids = try remapped.encode(text)
        #expect(remapped.decode(ids) == text)
        #expect(remapped.decode(ids + [Int32(remapped.vocabSize)] + ids) == text + "░" + text)
        #expect(remapped.chatTemplate == t.chatTemplate)
        #expect(try remapped.encodePrompt("hi", chat: true) == remapped.encode(t.chatTemplate!.render(user: "hi")))
    }
}
