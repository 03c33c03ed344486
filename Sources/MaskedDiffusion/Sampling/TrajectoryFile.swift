#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Trajectory files: JSON Lines, format `unmask-trajectory`, schema version 1.
///
/// Line 1, the header (`TrajectoryHeader`):
/// ```
/// {"format": "unmask-trajectory", "version": 1,
///  "model": "runs/countdown", "tokenizer": "runs/countdown/tokenizer.json",
///  "kind": "text" | "image",
///  "shape": [rows, seq_len] (text) or [rows, height, width] (image: the generated patch grid),
///  "sampler": {SamplerConfig: "strategy", "generation_length", "steps", "block_length"?, "temperature",
///              "remasking", "cfg_scale", "cfg_t_min", "cfg_t_max", "cfg_schedule", "mask_schedule",
///              "reveal_rule", "top_k"?, "top_p"?, "order", "threshold", "eos_token_ids", "forbid_eos",
///              "eos_confidence_last", "candidates"; missing keys take their defaults},
///  "seed": 7,
///  "problem": {"prompts": [[token, …] per row], "fixed": [{"offset": i, "token": v}, …]},
///  "initial_tokens": [[token, …] per row], "initial_nfe": [n per row],
///  "mask_token_id": 126336, "token_text": {"791": " The", …}}      (both optional)
/// ```
/// Then one line per step (`TrajectoryStep`):
/// ```
/// {"step": 3, "t": 0.75,
///  "rows": [{"tokens": [… whole sequence after the step; mask id = masked …], "block": 0, "nfe": 4,
///            "commits": [{"pos": 12, "token": 5, "conf": 0.91, "top": [[5, 0.91], [2, 0.04]]}],
///            "beliefs": [[12, 5, 0.91, 0.35, 0.87], …]}]}      (beliefs optional: docs/file-formats.md §5)
/// ```
/// Token ids are the model's; the mask id is `mask_token_id`, or the vocabulary size when it is
/// absent. `token_text` gives display text for ids when the tokenizer is not Unmask's own (files
/// recorded from other models, `Examples/recorders/`). Positions count from the start
/// of the sequence (prompt included). Probabilities are under the un-tempered softmax. Keys are
/// written sorted; readers must ignore unknown keys (added keys do not change the version).
public enum TrajectoryFile {
    public static let format = "unmask-trajectory"
    public static let version = 1

    /// The header line (no newline).
    public static func line(for header: TrajectoryHeader) -> String {
        encode(HeaderLine(header: header))
    }

    /// A step line (no newline); a live writer appends these as steps arrive.
    public static func line(for step: TrajectoryStep) -> String { encode(step) }

    /// The whole file's text: header line, then one line per step, each ending in a newline.
    public static func text(_ trajectory: Trajectory) -> String {
        var out = line(for: trajectory.header) + "\n"
        for s in trajectory.steps { out += line(for: s) + "\n" }
        return out
    }

    /// Writes `trajectory` atomically: readers see the old file or the whole new one.
    public static func write(_ trajectory: Trajectory, to path: String) throws(TrajectoryFileError) {
        let bytes = Array(text(trajectory).utf8)
        try AtomicFile.write(to: path, failure: { TrajectoryFileError.io(path: path, reason: $0) }) {
            out throws(TrajectoryFileError) in
            try out.write(bytes)
        }
    }

    public static func read(from path: String) throws(TrajectoryFileError) -> Trajectory {
        // Regular files only: a folder once printed an NSCocoaErrorDomain dump, a FIFO blocked.
        let bytes = try FileBytes(contentsOf: path) { TrajectoryFileError.io(path: path, reason: $0) }.copied
        guard let text = String(validating: bytes, as: UTF8.self) else {
            // A problem of the file's content (status 1, like any bad line), at its line.
            let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            let line = (lines.firstIndex { String(validating: $0, as: UTF8.self) == nil } ?? 0) + 1
            throw .invalid(line: line, field: "", reason: "not UTF-8 text")
        }
        return try decode(text)
    }

    /// Parses a file's text, checking every step against the header's shape.
    public static func decode(_ text: String) throws(TrajectoryFileError) -> Trajectory {
        // CRLF files (edited on Windows) read as LF ones ("\r\n" is one Character in Swift).
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        guard let first = lines.first, !first.allSatisfy(\.isWhitespace) else { throw .empty }
        let header = try decodeLine(HeaderLine.self, first, line: 1).header
        try check(header)
        var trajectory = Trajectory(header: header)
        for (k, text) in lines.enumerated().dropFirst() where !text.allSatisfy(\.isWhitespace) {
            let step = try decodeLine(TrajectoryStep.self, text, line: k + 1)
            try check(step, line: k + 1, header: header, previous: trajectory.steps.last)
            trajectory.steps.append(step)
        }
        return trajectory
    }

    private static func decodeLine<T: Decodable>(_ type: T.Type, _ text: Substring, line: Int) throws(TrajectoryFileError) -> T {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = nonFinite.decoding
        do {
            return try decoder.decode(T.self, from: Data(text.utf8))
        } catch let e as TrajectoryFileError {
            throw e.at(line: line)
        } catch let e as DecodingError {
            // Foundation's "The given data was not valid JSON.": where the line stops being JSON
            // (a cut-off last line says so) rather than that sentence alone.
            if JSONMisfit.isRootCorruption(e),
                case .failure(let parse) = Result(catching: { () throws(HeaderJSON.ParseError) in
                    try HeaderJSON.parse(Array(text.utf8))
                })
            {
                throw .invalid(line: line, field: "", reason: "not JSON: \(parse.message)")
            }
            if let misfit = JSONMisfit.locate(T.self, in: Array(text.utf8), decoder: decoder, after: e) {
                throw .invalid(line: line, field: CodingPathText.bracketed(misfit.path), reason: JSONMisfit.reason(misfit.number))
            }
            throw describe(e, line: line)
        } catch {
            throw .invalid(line: line, field: "", reason: "\(error)")
        }
    }

    private static func describe(_ error: DecodingError, line: Int) -> TrajectoryFileError {
        switch error {
        case .keyNotFound(let key, let context):
            return .invalid(line: line, field: CodingPathText.bracketed(context.codingPath + [key]), reason: "missing")
        case .typeMismatch(let type, let context):
            return .invalid(line: line, field: CodingPathText.bracketed(context.codingPath), reason: "expected \(type)")
        case .valueNotFound(let type, let context):
            return .invalid(
                line: line, field: CodingPathText.bracketed(context.codingPath), reason: "expected \(type), found null")
        case .dataCorrupted(let context):
            return .invalid(line: line, field: CodingPathText.bracketed(context.codingPath), reason: context.debugDescription)
        @unknown default:
            return .invalid(line: line, field: "", reason: "\(error)")
        }
    }

    /// JSON has no NaN or infinity: a network gone non-finite writes its confidences as these
    /// strings, and they read back (a crash once lost the sample instead).
    private static let nonFinite = (
        encoding: JSONEncoder.NonConformingFloatEncodingStrategy.convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan"),
        decoding: JSONDecoder.NonConformingFloatDecodingStrategy.convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    )

    private static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = nonFinite.encoding
        // Numbers (non-finite ones as strings), strings, arrays and objects: encoding cannot fail.
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }
}

/// The header line: format tag and version next to the header's own fields.
private struct HeaderLine: Codable {
    var header: TrajectoryHeader

    enum Keys: String, CodingKey { case format, version }

    init(header: TrajectoryHeader) { self.header = header }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let format = try c.decode(String.self, forKey: .format)
        guard format == TrajectoryFile.format else {
            throw TrajectoryFileError.invalid(
                line: 0, field: "format", reason: "\"\(format)\" is not \"\(TrajectoryFile.format)\"")
        }
        let version = try c.decode(Int.self, forKey: .version)
        guard version == TrajectoryFile.version else {
            throw TrajectoryFileError.unsupportedVersion(line: 0, found: version, supported: TrajectoryFile.version)
        }
        header = try TrajectoryHeader(from: decoder)
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(TrajectoryFile.format, forKey: .format)
        try c.encode(TrajectoryFile.version, forKey: .version)
        try header.encode(to: encoder)
    }
}

extension TrajectoryFileError {
    /// The same error reported at `line` (errors thrown inside a line's decoding carry line 0).
    func at(line: Int) -> TrajectoryFileError {
        switch self {
        case .invalid(_, let field, let reason): return .invalid(line: line, field: field, reason: reason)
        case .unsupportedVersion(_, let found, let supported):
            return .unsupportedVersion(line: line, found: found, supported: supported)
        default: return self
        }
    }
}
