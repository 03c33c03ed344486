import Tokenizers

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `tokenizer.json` in a checkpoint folder: one JSON object whose `"kind"` says which tokenizer
/// it holds (`"characters"`, `"vocabulary"`, or other kinds such as `"image_patches"` that other
/// loaders handle), so a loader can dispatch before decoding the rest.
public enum TokenizerFile {
    public static let fileName = "tokenizer.json"

    /// The `"kind"` field of a tokenizer.json document (read from `path`, which errors name).
    public static func kind(of json: Data, path: String = fileName) throws -> String {
        struct Probe: Decodable { let kind: String }
        return try JSONFile.decode(Probe.self, from: Array(json), path: path).kind
    }

    /// Writes `tokenizer` as pretty, key-sorted JSON, atomically (temporary file + rename), so a
    /// reader never sees half a file.
    public static func write(_ tokenizer: some Encodable, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(tokenizer).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Loads a text tokenizer (`"characters"` or `"vocabulary"`, or a Hugging Face file: one with
    /// a `"model"` object); other kinds throw `TokenizerError.unsupportedKind` naming the kind.
    public static func loadText(from path: String) throws -> any TextTokenizer {
        let data = Data(try FileBytes(contentsOf: path) { TokenizerError.unreadable(path: path, reason: $0) }.copied)
        if HFTokenizer.isHFTokenizer(data) { return try HFTextTokenizer(contentsOf: path) }
        switch try kind(of: data, path: path) {
        case CharacterTokenizer.kind: return try JSONFile.decode(CharacterTokenizer.self, from: Array(data), path: path)
        case VocabularyTokenizer.kind: return try JSONFile.decode(VocabularyTokenizer.self, from: Array(data), path: path)
        case let other: throw TokenizerError.unsupportedKind(other)
        }
    }
}
