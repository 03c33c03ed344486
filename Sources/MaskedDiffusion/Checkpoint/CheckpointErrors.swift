/// Why a safetensors file could not be read or written; prints as `<path>: <problem>`.
///
/// Every check of the reference reader (huggingface/safetensors `read_metadata` and
/// `Metadata::validate`) has its own case, plus the expectations a loader adds (missing,
/// unexpected or mis-shaped tensors), so a bad file fails with a sentence a user can act on.
public struct SafetensorsError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let problem: Problem

    public init(path: String, _ problem: Problem) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }

    public enum Problem: Equatable, Sendable, CustomStringConvertible {
        case unreadable(String)
        /// Fewer than the 8 bytes that hold the header length.
        case tooShort(fileSize: Int)
        case headerTooLarge(headerLength: UInt64)
        case headerPastEnd(headerLength: Int, fileSize: Int)
        case headerNotUTF8
        case headerStart(found: UInt8)
        case invalidJSON(String)
        /// Valid JSON that is not a safetensors header (wrong types, missing fields).
        case invalidHeader(String)
        case duplicateName(String)
        case unknownDType(tensor: String, dtype: String)
        case offsetsReversed(tensor: String, begin: Int, end: Int)
        /// Bytes no tensor claims, between `gapStart` and the tensor's `begin`.
        case hole(tensor: String, gapStart: Int, begin: Int)
        case overlap(tensor: String, begin: Int, end: Int, other: String, otherEnd: Int)
        case byteCountMismatch(tensor: String, begin: Int, end: Int, dtype: SafetensorsDType, shape: [Int])
        case shapeOverflow(tensor: String, shape: [Int])
        /// The header is consistent but the file ends before the tensor data does.
        case truncated(tensor: String, end: Int, available: Int)
        case trailingBytes(described: Int, available: Int)
        case missingTensor(String)
        case unexpectedTensor(String)
        case shapeMismatch(tensor: String, expected: [Int], found: [Int])
        case dtypeMismatch(tensor: String, dtype: SafetensorsDType, expected: [SafetensorsDType])
        case valueOutOfRange(tensor: String, index: Int)
        case writeFailed(String)

        public var description: String {
            switch self {
            case let .unreadable(why): return "cannot read the file: \(why)"
            case let .tooShort(size):
                return "file is \(size) bytes, too short for the 8-byte header length"
            case let .headerTooLarge(n):
                return "header length \(n) exceeds the limit of \(SafetensorsHeader.maxHeaderLength) bytes"
            case let .headerPastEnd(n, size):
                return "header length \(n) runs past the end of the file (\(size) bytes; 8 + \(n) needed)"
            case .headerNotUTF8: return "header is not valid UTF-8"
            case let .headerStart(byte):
                return "header does not start with '{' (first byte is 0x\(String(byte, radix: 16, uppercase: true)))"
            case let .invalidJSON(why): return "header is not valid JSON: \(why)"
            case let .invalidHeader(why): return "invalid header: \(why)"
            case let .duplicateName(name): return "tensor name '\(name)' appears more than once in the header"
            case let .unknownDType(name, dtype): return "tensor '\(name)' has unknown dtype '\(dtype)'"
            case let .offsetsReversed(name, b, e): return "tensor '\(name)' data_offsets [\(b), \(e)] end before they begin"
            case let .hole(name, gap, b):
                return "tensor '\(name)' starts at data byte \(b), leaving bytes \(gap)..<\(b) unused (a hole)"
            case let .overlap(name, b, e, other, otherEnd):
                return "tensor '\(name)' data_offsets [\(b), \(e)] overlap tensor '\(other)', which ends at \(otherEnd)"
            case let .byteCountMismatch(name, b, e, dtype, shape):
                let need = dtype.byteCount(elements: shape.reduce(1, *)).map { "\($0) bytes" } ?? "a whole number of bytes"
                return
                    "tensor '\(name)' data_offsets [\(b), \(e)] hold \(e - b) bytes but \(dtype.rawValue) \(shape) needs \(need)"
            case let .shapeOverflow(name, shape): return "tensor '\(name)' shape \(shape) is too large"
            case let .truncated(name, end, available):
                return
                    "file is truncated: tensor '\(name)' ends at data byte \(end) but only \(available) data bytes follow the header"
            case let .trailingBytes(described, available):
                return
                    "\(available - described) unexpected bytes after the last tensor (header describes \(described) data bytes, file has \(available))"
            case let .missingTensor(name): return "missing tensor '\(name)'"
            case let .unexpectedTensor(name): return "unexpected tensor '\(name)'"
            case let .shapeMismatch(name, expected, found):
                return "tensor '\(name)' has shape \(found), expected \(expected)"
            case let .dtypeMismatch(name, dtype, expected):
                return
                    "tensor '\(name)' has dtype \(dtype.rawValue), expected one of \(expected.map(\.rawValue).joined(separator: ", "))"
            case let .valueOutOfRange(name, index):
                return "tensor '\(name)' value at index \(index) does not fit the target type"
            case let .writeFailed(why): return "cannot write the file: \(why)"
            }
        }
    }
}

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
