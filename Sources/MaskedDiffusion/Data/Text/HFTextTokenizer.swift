import Foundation
import Tokenizers

/// A Hugging Face `tokenizer.json` as a text tokenizer, with the chat template of the
/// `tokenizer_config.json` beside it (if any).
///
/// Ids are the file's own ids: a model whose mask token sits inside the vocabulary (LLaDA's
/// 126336) maps it on the model side. Token texts show bytes that are not whole UTF-8
/// characters as `<E3>`, so a character split over several byte tokens stays visible.
public struct HFTextTokenizer: TextTokenizer {
    public let tokenizer: HFTokenizer
    /// How a typed prompt is wrapped for an instruct model; nil for base models.
    public let chatTemplate: ChatTemplate?
    /// The file as read, written back unchanged by `ModelTokenizer.save`.
    let json: Data
    /// The `bos_token` of tokenizer_config.json, kept to write it back with the template.
    let bosToken: String?
    /// Why tokenizer_config.json's chat template is not used (a family Unmask does not render,
    /// an unreadable file); prompts are then used as typed.
    public let chatTemplateIssue: String?

    public var vocabSize: Int { tokenizer.vocabSize }

    /// Reads `path` and, when present, `tokenizer_config.json` in the same folder.
    public init(contentsOf path: String) throws {
        let data = Data(try FileBytes(contentsOf: path) { TokenizerError.unreadable(path: path, reason: $0) }.copied)
        tokenizer = try HFTokenizer(json: data, path: path)
        json = data
        let config = (path as NSString).deletingLastPathComponent + "/" + Self.configFileName
        var template: ChatTemplate?
        var issue: String?
        if FileManager.default.fileExists(atPath: config) {
            do { template = try ChatTemplate.load(tokenizerConfig: config) } catch { issue = error.description }
        }
        chatTemplate = template
        chatTemplateIssue = issue
        bosToken = template.flatMap { t in if case .headers(let bos) = t.family { bos } else { nil } }
    }

    public static let configFileName = "tokenizer_config.json"

    public func encode(_ text: String) throws(TokenizerError) -> [Int32] { tokenizer.encode(text) }

    /// The token's text: its bytes as UTF-8, with bytes that do not form a whole character as
    /// `<XX>` (the mask glyph for the mask id, `"�"` out of range).
    public func text(of id: Int32) -> String {
        if id >= 0, Int(id) < vocabSize { return TokenBytes.text(tokenizer.bytes(of: id)) }
        return Int(id) == vocabSize ? maskDisplay : VisibleText.invalid
    }

    /// The file's decoder over each run of vocabulary ids; the mask id shows as `maskDisplay`.
    public func decode(_ ids: [Int32]) -> String {
        var out = ""
        var run: [Int32] = []
        for id in ids {
            if id >= 0, Int(id) < vocabSize {
                run.append(id)
                continue
            }
            out += tokenizer.decode(run) + text(of: id)
            run.removeAll()
        }
        return out + tokenizer.decode(run)
    }

    /// Spaces as `␣` (a token's leading space is most of what tells words apart when tokens
    /// are drawn separated), control characters as pictures, byte pieces as `<XX>`.
    public func display(_ id: Int32) -> String {
        VisibleText.render(text(of: id)).replacingOccurrences(of: " ", with: "␣")
    }
}

/// Token bytes as display text.
enum TokenBytes {
    /// `bytes` decoded as UTF-8 where they form whole characters; each other byte as `<XX>`.
    static func text(_ bytes: [UInt8]) -> String {
        var out = ""
        var i = 0
        while i < bytes.count {
            let length = sequenceLength(bytes[i])
            if length > 0, i + length <= bytes.count,
                let s = String(validating: bytes[i..<(i + length)], as: UTF8.self)
            {
                out += s
                i += length
            } else {
                out += "<" + (bytes[i] < 16 ? "0" : "") + String(bytes[i], radix: 16, uppercase: true) + ">"
                i += 1
            }
        }
        return out
    }

    /// Bytes of the UTF-8 sequence a lead byte starts (0 for a continuation or invalid byte).
    private static func sequenceLength(_ b: UInt8) -> Int {
        switch b {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF4: return 4
        default: return 0
        }
    }
}

extension HFTextTokenizer {
    /// Writes the file as read to `path`, atomically, and the chat template (with its
    /// `bos_token`) to `tokenizer_config.json` beside it.
    func save(to path: String) throws {
        try json.write(to: URL(fileURLWithPath: path), options: .atomic)
        guard let chatTemplate else { return }
        var config: [String: String] = ["chat_template": chatTemplate.source]
        config["bos_token"] = bosToken
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let folder = (path as NSString).deletingLastPathComponent
        try encoder.encode(config).write(to: URL(fileURLWithPath: folder + "/" + Self.configFileName), options: .atomic)
    }
}
