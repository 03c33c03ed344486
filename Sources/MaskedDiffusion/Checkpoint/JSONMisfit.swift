#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Foundation's decoder answers a number its field cannot hold (`"hidden_size": 128.5` for an
/// `Int`, `1e300` for a `Float`) with "The given data was not valid JSON." and no field, though
/// the JSON is well formed. `locate` finds the number: it parses the text with `HeaderJSON`
/// and puts 0 in place of one number at a time until the decoder stops saying so.
public enum JSONMisfit {
    /// The field (`a.b[2]` from the root) and literal of the number that does not fit, or nil
    /// when the bytes are not well-formed JSON or no single number explains the failure.
    /// `failsAtRoot` decodes the candidate text and says whether it still fails that way.
    public static func locate(_ bytes: [UInt8], failsAtRoot: (Data) -> Bool) -> (field: String, number: String)? {
        guard let tree = try? bytes.withUnsafeBytes({ (b) throws(HeaderJSON.ParseError) in try HeaderJSON.parse(b) })
        else { return nil }
        for (path, number) in tree.numbers() {
            let candidate = tree.replacing(path, with: .number("0"))
            if !failsAtRoot(Data(candidate.text.utf8)) { return (dotted(path), number) }
        }
        return nil
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

    private static func dotted(_ path: [HeaderJSON.Step]) -> String {
        var out = ""
        for step in path {
            switch step {
            case .key(let k): out += (out.isEmpty ? "" : ".") + k
            case .index(let i): out += "[\(i)]"
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

    /// This value with the one at `path` replaced.
    func replacing(_ path: some Collection<Step>, with new: HeaderJSON) -> HeaderJSON {
        guard let step = path.first else { return new }
        switch (self, step) {
        case (.object(let members), .key(let k)):
            return .object(members.map { $0.key == k ? ($0.key, $0.value.replacing(path.dropFirst(), with: new)) : $0 })
        case (.array(var items), .index(let i)) where items.indices.contains(i):
            items[i] = items[i].replacing(path.dropFirst(), with: new)
            return .array(items)
        default: return self
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
