import Tokenizers

/// Turns text into token ids `0..<vocabSize` and back.
///
/// The model's absorbing mask symbol is the id `vocabSize` (`ModelConfig.maskTokenId`). It is not
/// part of any vocabulary, but `decode` and `display` render it as `maskDisplay`, so a partially
/// unmasked trajectory stays readable. Ids outside `0...vocabSize` render as `"�"`.
public protocol TextTokenizer: Sendable {
    /// Number of real tokens; the mask id is this value.
    var vocabSize: Int { get }
    /// Token ids of `text`; throws `TokenizerError.unknownCharacter` naming the first character
    /// the vocabulary cannot cover and where it is.
    func encode(_ text: String) throws(TokenizerError) -> [Int32]
    /// The exact text one id stands for (the mask glyph for the mask id, `"�"` when out of range).
    func text(of id: Int32) -> String
    /// Concatenated token texts: `decode(encode(s)) == s` for every encodable `s`.
    func decode(_ ids: [Int32]) -> String
    /// One token as a terminal cell group: control characters become visible pictures and
    /// combining marks get a dotted-circle base, so every token occupies visible space.
    func display(_ id: Int32) -> String
    /// How a still-masked position is drawn.
    var maskDisplay: String { get }
    /// How an instruct model wants a typed prompt wrapped (Hugging Face tokenizers with a chat
    /// template); nil when prompts are used as typed.
    var chatTemplate: ChatTemplate? { get }
}

extension TextTokenizer {
    public var maskDisplay: String { "░" }
    public var chatTemplate: ChatTemplate? { nil }
    /// The ids of a typed prompt: wrapped in the chat template first when `chat` is on and there
    /// is one (the model then generates the assistant's reply).
    public func encodePrompt(_ text: String, chat: Bool) throws(TokenizerError) -> [Int32] {
        guard chat, let template = chatTemplate else { return try encode(text) }
        return try encode(template.render(user: text))
    }
    public var maskTokenId: Int32 { Int32(vocabSize) }
    public func decode(_ ids: [Int32]) -> String { ids.map(text(of:)).joined() }
    public func display(_ id: Int32) -> String { VisibleText.render(text(of: id)) }
}

/// Makes invisible or zero-width text visible for one-token-per-cell views: control characters
/// as their ␀…␟ pictures, a leading combining mark on a dotted circle.
public enum VisibleText {
    static let invalid = "�"

    /// Text to print on a terminal: line ends (LF, CR) and tabs as they are, every other C0
    /// control as its picture and C1 controls as `<9B>` (a sampled ESC once went to the
    /// terminal raw, as did ␝).
    public static func printable(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            switch c.value {
            case 0x09, 0x0A, 0x0D: out.append(c)
            case 0x00...0x1F: out.append(Unicode.Scalar(0x2400 + c.value)!)
            case 0x7F: out.append("␡")
            case 0x80...0x9F: out.append(contentsOf: "<\(String(c.value, radix: 16, uppercase: true))>".unicodeScalars)
            default: out.append(c)
            }
        }
        return String(out)
    }

    public static func render(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for (i, c) in s.unicodeScalars.enumerated() {
            switch c.value {
            case 0x00...0x1F: out.append(Unicode.Scalar(0x2400 + c.value)!)  // ␀…␟ (␊ for "\n")
            case 0x7F: out.append("␡")
            default:
                let category = c.properties.generalCategory
                if i == 0, category == .nonspacingMark || category == .enclosingMark { out.append("◌") }
                out.append(c)
            }
        }
        return String(out)
    }
}
