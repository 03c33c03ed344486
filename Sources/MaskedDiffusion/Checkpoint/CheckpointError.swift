/// Why a checkpoint's JSON files (`config.json`, `trainer_state.json`) could not be read or
/// written, or its folder made; prints as `<path>: <problem>` like `SafetensorsError`.
public struct CheckpointError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let problem: Problem

    public init(path: String, _ problem: Problem) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }

    public enum Problem: Equatable, Sendable, CustomStringConvertible {
        case unreadable(String)
        case invalidJSON(String)
        case missingField(String)
        case wrongType(field: String, expected: String)
        /// A field that decodes but whose value cannot work (e.g. `hidden_size` not divisible
        /// by `num_attention_heads`); the text names the field.
        case invalidValue(String)
        case writeFailed(String)

        public var description: String {
            switch self {
            case let .unreadable(why): "cannot read the file: \(why)"
            case let .invalidJSON(why): "not valid JSON: \(why)"
            case let .missingField(field): "missing field '\(field)'"
            case let .wrongType(field, expected): "field '\(field)' must be \(expected)"
            case let .invalidValue(why): why
            case let .writeFailed(why): "cannot write: \(why)"
            }
        }
    }
}
