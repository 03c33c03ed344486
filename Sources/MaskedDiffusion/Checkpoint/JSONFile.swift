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
        let data = Data(file.bytes)
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            // Foundation says only "The given data was not valid JSON."; the project's parser says where.
            if JSONMisfit.isRootCorruption(error) {
                do { _ = try HeaderJSON.parse(file.bytes) } catch {
                    throw CheckpointError(path: path, .invalidJSON(error.message))
                }
            }
            if let misfit = JSONMisfit.locate(type, in: Array(file.bytes), after: error) {
                throw CheckpointError(
                    path: path, .invalidValue("field '\(field(misfit.path))' \(JSONMisfit.reason(misfit.number))"))
            }
            throw CheckpointError(path: path, problem(error))
        } catch {
            throw CheckpointError(path: path, .invalidJSON("\(error)"))
        }
    }

    /// A field's path, dotted from the root (`a.b`, `a.0.b`).
    static func field(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    /// The field a decoding error is about.
    static func problem(_ error: DecodingError) -> CheckpointError.Problem {
        switch error {
        case let .keyNotFound(key, context): return .missingField(field(context.codingPath + [key]))
        case let .typeMismatch(type, context), let .valueNotFound(type, context):
            return .wrongType(field: field(context.codingPath), expected: typeName(type))
        case let .dataCorrupted(context):
            return context.codingPath.isEmpty
                ? .invalidJSON(context.debugDescription)
                : .invalidValue("field '\(field(context.codingPath))' has an invalid value: \(context.debugDescription)")
        @unknown default: return .invalidJSON("\(error)")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Float.Type, is Double.Type: "a number"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        default: "\(type)"
        }
    }
}
