/// Why a trajectory file could not be read or written; decoding errors name the line (1-based)
/// and the field path (e.g. `rows[0].tokens`).
public enum TrajectoryFileError: Error, Equatable, CustomStringConvertible {
    case io(path: String, reason: String)
    case empty
    case invalid(line: Int, field: String, reason: String)
    case unsupportedVersion(line: Int, found: Int, supported: Int)

    public var description: String {
        switch self {
        case .io(let path, let reason): return "\(path): \(reason)"
        case .empty: return "empty trajectory file (no header line)"
        case .invalid(let line, let field, let reason):
            return field.isEmpty ? "line \(line): \(reason)" : "line \(line), field \(field): \(reason)"
        case .unsupportedVersion(let line, let found, let supported):
            return "line \(line): trajectory format version \(found) is not supported (this reader knows version \(supported))"
        }
    }
}
