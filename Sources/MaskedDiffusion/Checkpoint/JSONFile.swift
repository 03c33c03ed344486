#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Codable values stored as pretty, key-sorted JSON files, written atomically; decoding
/// errors name the offending field.
enum JSONFile {
    static func write(_ value: some Encodable, to path: String) throws(CheckpointError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do { data = try encoder.encode(value) } catch {
            throw CheckpointError(path: path, .writeFailed("\(error)"))
        }
        let bytes = [UInt8](data) + [UInt8(ascii: "\n")]
        try AtomicFile.write(to: path, failure: { CheckpointError(path: path, .writeFailed($0)) }) {
            (out) throws(CheckpointError) in
            try out.write(bytes)
        }
    }

    static func read<T: Decodable>(_ type: T.Type, from path: String) throws(CheckpointError) -> T {
        let file = try FileBytes(contentsOf: path) { CheckpointError(path: path, .unreadable($0)) }
        do { return try decode(type, from: Array(file.bytes), path: path) } catch let error as CheckpointError {
            throw error
        } catch {
            throw CheckpointError(path: path, .invalidValue("\(error)"))
        }
    }

    /// `bytes` (the file at `path`) decoded as `type`. A `DecodingError` becomes a
    /// `CheckpointError` naming `path` and the field; what the type's own decoder throws
    /// (a tokenizer's "tokens not sorted") passes through.
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], path: String) throws -> T {
        let decoder = JSONDecoder()
        do {
            return try decoder.decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw CheckpointError(path: path, problem(error, decoding: type, from: bytes, with: decoder))
        }
    }

    /// What `error` says, except that Foundation's root-level "The given data was not valid JSON."
    /// becomes where the text is not JSON (the project's parser says), or the field whose number
    /// the decoder could not hold (`JSONMisfit`): one parse of the text either way.
    private static func problem<T: Decodable>(
        _ error: DecodingError, decoding type: T.Type, from bytes: [UInt8], with decoder: JSONDecoder
    ) -> CheckpointError.Problem {
        guard JSONMisfit.isRootCorruption(error) else { return problem(error) }
        let tree: HeaderJSON
        do { tree = try HeaderJSON.parse(bytes) } catch {
            return .invalidJSON(error.message)
        }
        guard let misfit = JSONMisfit.locate(type, in: tree, decoder: decoder) else { return problem(error) }
        return .invalidValue("field '\(CodingPathText.dotted(misfit.path))' \(JSONMisfit.reason(misfit.number))")
    }

    /// The field a decoding error is about.
    static func problem(_ error: DecodingError) -> CheckpointError.Problem {
        switch error {
        case let .keyNotFound(key, context): return .missingField(CodingPathText.dotted(context.codingPath + [key]))
        case let .typeMismatch(type, context), let .valueNotFound(type, context):
            // The whole file of the wrong kind (an array) once read "field '' must be an object".
            if context.codingPath.isEmpty { return .invalidValue("the file must hold \(typeName(type)), as JSON") }
            return .wrongType(field: CodingPathText.dotted(context.codingPath), expected: typeName(type))
        case let .dataCorrupted(context):
            return context.codingPath.isEmpty
                ? .invalidJSON(context.debugDescription)
                : .invalidValue(
                    "field '\(CodingPathText.dotted(context.codingPath))' has an invalid value: \(context.debugDescription)")
        @unknown default: return .invalidJSON("\(error)")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Float.Type, is Double.Type: "a number"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is [Any].Type: "a list"
        case is [String: Any].Type: "an object"
        default: "\(type)"
        }
    }
}
