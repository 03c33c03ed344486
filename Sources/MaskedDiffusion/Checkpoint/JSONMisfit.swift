#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Foundation's decoder answers a number its field cannot hold (`"hidden_size": 128.5` for an
/// `Int`, `1e300` for a `Float`) with "The given data was not valid JSON." and no field, though
/// the JSON is well formed. `locate` finds the number: it parses the text with `HeaderJSON`, and
/// bisects on how many numbers (in document order) are zeroed before the decoder stops saying
/// so: about log₂(numbers) decodes, so a trajectory line of thousands of numbers stays quick.
public enum JSONMisfit {
    /// How a field's path writes array indices: `a.0.b` (checkpoint JSON files) or `a[0].b`
    /// (trajectory lines), as each file's other messages do.
    public enum IndexStyle: Sendable { case dotted, bracketed }

    /// For text that fails at the root: the field and literal of a number that does not fit (the
    /// last one, when several do not), or nil when the bytes are not well-formed JSON or still
    /// fail with every number zeroed. `failsAtRoot` decodes a candidate text and says whether it
    /// still fails that way.
    static func locate(_ bytes: [UInt8], style: IndexStyle, failsAtRoot: (Data) -> Bool) -> (
        field: String, number: String
    )? {
        guard let tree = try? bytes.withUnsafeBytes({ (b) throws(HeaderJSON.ParseError) in try HeaderJSON.parse(b) })
        else { return nil }
        let numbers = tree.numbers()
        func failsWith(firstZeroed k: Int) -> Bool {
            var left = k
            return failsAtRoot(Data(tree.zeroing(first: &left).text.utf8))
        }
        guard !numbers.isEmpty, !failsWith(firstZeroed: numbers.count) else { return nil }
        // Invariant: zeroing `fails` numbers still fails, zeroing `passes` does not.
        var fails = 0, passes = numbers.count
        while passes - fails > 1 {
            let mid = (fails + passes) / 2
            if failsWith(firstZeroed: mid) { fails = mid } else { passes = mid }
        }
        let (path, number) = numbers[passes - 1]
        return (field(path, style), number)
    }

    /// `locate` for text that `decoder` failed to decode as `type` with `error`: nil unless the
    /// error is the root-level "not valid JSON".
    public static func locate<T: Decodable>(
        _ type: T.Type, in bytes: [UInt8], decoder: JSONDecoder = JSONDecoder(), after error: any Error,
        style: IndexStyle
    ) -> (field: String, number: String)? {
        guard isRootCorruption(error) else { return nil }
        return locate(bytes, style: style) { text in
            do { _ = try decoder.decode(type, from: text) } catch { return isRootCorruption(error) }
            return false
        }
    }

    /// Whether `error` is Foundation's root-level "not valid JSON".
    public static func isRootCorruption(_ error: any Error) -> Bool {
        if case let .dataCorrupted(context) = error as? DecodingError { return context.codingPath.isEmpty }
        return false
    }

    /// The message for a located number.
    public static func message(_ misfit: (field: String, number: String)) -> String {
        "field '\(misfit.field)' \(reason(misfit.number))"
    }

    /// What is wrong with the number, for a message that names the field itself.
    public static func reason(_ number: String) -> String {
        "holds \(number), which its type cannot hold (a fraction where an integer belongs, or a number out of range)"
    }

    private static func field(_ path: [HeaderJSON.Step], _ style: IndexStyle) -> String {
        var out = ""
        for step in path {
            switch (step, style) {
            case (.key(let k), _): out += (out.isEmpty ? "" : ".") + k
            case (.index(let i), .dotted): out += (out.isEmpty ? "" : ".") + String(i)
            case (.index(let i), .bracketed): out += "[\(i)]"
            }
        }
        return out
    }
}

extension HeaderJSON {
    /// One step from a value into a member or element.
    enum Step: Equatable {
        case key(String)
        case index(Int)
    }

    /// Every number with its path, in document order.
    func numbers(at path: [Step] = []) -> [([Step], String)] {
        switch self {
        case .number(let text): return [(path, text)]
        case .object(let members): return members.flatMap { $0.value.numbers(at: path + [.key($0.key)]) }
        case .array(let items): return items.enumerated().flatMap { $0.element.numbers(at: path + [.index($0.offset)]) }
        case .string, .bool, .null: return []
        }
    }

    /// This value with its first `count` numbers (document order) set to 0; `count` is what is
    /// left to zero after it.
    func zeroing(first count: inout Int) -> HeaderJSON {
        guard count > 0 else { return self }
        switch self {
        case .number:
            count -= 1
            return .number("0")
        case .object(let members):
            return .object(members.map { ($0.key, $0.value.zeroing(first: &count)) })
        case .array(let items):
            return .array(items.map { $0.zeroing(first: &count) })
        case .string, .bool, .null: return self
        }
    }

    /// Compact JSON text.
    var text: String {
        switch self {
        case .object(let members):
            return "{" + members.map { Self.quoted($0.key) + ":" + $0.value.text }.joined(separator: ",") + "}"
        case .array(let items): return "[" + items.map(\.text).joined(separator: ",") + "]"
        case .string(let s): return Self.quoted(s)
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }

    private static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where u.value < 0x20:
                out += "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count) + String(u.value, radix: 16)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
