/// Why a Hugging Face `tokenizer.json` could not be read. Every case names the file and the JSON
/// field (a dotted path such as `pre_tokenizer.pretokenizers[0].pattern`), so a user can find it.
public enum HFTokenizerError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    /// The field holds something this reader does not implement (another model type, a
    /// normalizer it does not know); `value` is what the file says.
    case unsupported(path: String, field: String, value: String)
    /// The field is missing or has the wrong JSON type or an impossible value.
    case invalid(path: String, field: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "cannot read \(path): \(reason)"
        case let .unsupported(path, field, value): return "\(path): \(field) = \(value) is not supported"
        case let .invalid(path, field, reason): return "\(path): \(field) \(reason)"
        }
    }
}
