/// Why an image tokenizer could not be built, saved or loaded.
public enum ImageTokenizerError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    /// A `tokenizer.json` of another kind (e.g. a text tokenizer's `"characters"`).
    case unsupportedKind(path: String, kind: String)
    /// Shapes or fields that do not fit together; `path` is empty for an in-memory tokenizer.
    case invalid(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "cannot read \(path): \(reason)"
        case let .unwritable(path, reason): return "cannot write \(path): \(reason)"
        case let .unsupportedKind(path, kind):
            return "\(path): tokenizer kind \"\(kind)\" is not an image tokenizer (expected \"image_patches\")"
        case let .invalid(path, reason): return path.isEmpty ? "invalid image tokenizer: \(reason)" : "\(path): \(reason)"
        }
    }
}
