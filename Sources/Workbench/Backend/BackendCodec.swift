import Foundation
import MaskedDiffusion

/// Why a backend line was refused; the text names the line and the field.
public struct BackendProtocolError: Error, Equatable, CustomStringConvertible, Sendable {
    public var description: String
}

/// JSON Lines both ways (docs/backend-protocol.md): one object per line, `type` first among
/// equals. Encoding never fails for the commands' value types; decoding names what is wrong.
enum BackendCodec {
    /// The protocol version this build speaks; a backend must announce the same in `hello`.
    static let protocolVersion = 1

    /// One command as a line, newline included.
    static func encode(_ command: BackendCommand) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // The commands hold only integers, finite doubles, strings and arrays of them.
        var data = try! encoder.encode(command)
        data.append(0x0A)
        return data
    }

    private struct Envelope: Decodable {
        var type: String
        var id: Int?
    }

    private struct Predictions: Decodable { var top: [[Candidate]] }
    private struct Units: Decodable {
        var values: [Double]
        var rows: Int?
    }
    private struct TokenText: Decodable { var text: [String: String] }
    private struct Failure: Decodable {
        var code: String
        var message: String
    }

    /// One line (without its newline) as a reply; `lineNumber` only labels errors.
    static func decode(_ line: Substring, lineNumber: Int) throws(BackendProtocolError) -> BackendReply {
        let data = Data(line.utf8)
        let where_ = "backend stdout line \(lineNumber)"
        do {
            let envelope = try JSONDecoder().decode(Envelope.self, from: data)
            func id() throws(BackendProtocolError) -> Int {
                guard let id = envelope.id else {
                    throw BackendProtocolError(description: "\(where_): '\(envelope.type)' without an 'id'")
                }
                return id
            }
            switch envelope.type {
            case "hello":
                let hello = try JSONDecoder().decode(BackendHello.self, from: data)
                guard hello.protocolVersion == protocolVersion else {
                    throw BackendProtocolError(
                        description:
                            "\(where_): the backend speaks protocol \(hello.protocolVersion), this unmask speaks \(protocolVersion)"
                    )
                }
                if let problem = hello.problem { throw BackendProtocolError(description: "\(where_): hello: \(problem)") }
                return .hello(hello)
            case "step": return .step(id: try id(), try JSONDecoder().decode(TrajectoryStep.self, from: data))
            case "done": return .done(id: try id(), try JSONDecoder().decode(BackendSummary.self, from: data))
            case "predictions": return .predictions(id: try id(), try JSONDecoder().decode(Predictions.self, from: data).top)
            case "elbo_units":
                let units = try JSONDecoder().decode(Units.self, from: data)
                return .elboUnits(id: try id(), values: units.values, rows: units.rows ?? 0)
            case "pong": return .pong(id: try id())
            case "cancelled": return .cancelled(id: try id())
            case "tokens": return .tokens(id: try id(), text: try tokenText(data, where_))
            case "error":
                let f = try JSONDecoder().decode(Failure.self, from: data)
                return .error(id: envelope.id, code: f.code, message: f.message)
            default:
                throw BackendProtocolError(description: "\(where_): unknown message type '\(envelope.type)'")
            }
        } catch let error as BackendProtocolError {
            throw error
        } catch let error as DecodingError {
            throw BackendProtocolError(description: "\(where_): \(describe(error))")
        } catch {
            throw BackendProtocolError(description: "\(where_): \(error)")
        }
    }

    /// A `tokens` reply's `text` object, its keys read as token ids.
    private static func tokenText(_ data: Data, _ where_: String) throws -> [Int32: String] {
        var text: [Int32: String] = [:]
        for (key, value) in try JSONDecoder().decode(TokenText.self, from: data).text {
            guard let id = Int32(key), id >= 0 else {
                throw BackendProtocolError(description: "\(where_): field 'text.\(key)': not a token id")
            }
            text[id] = value
        }
        return text
    }

    /// A decoding error as "field a.b: problem", without Foundation's debug dump.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case let .keyNotFound(key, context): return "missing field '\(path(context.codingPath + [key]))'"
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            return "field '\(path(context.codingPath))': \(context.debugDescription)"
        case let .dataCorrupted(context):
            return context.codingPath.isEmpty
                ? "not a JSON object (\(context.underlyingError.map { "\($0)" } ?? context.debugDescription))"
                : "field '\(path(context.codingPath))': \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
