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
    /// A number's place from the root, as a decoder's coding path: each file's messages write it
    /// their own way (`a.0.b` in checkpoint JSON, `a[0].b` in trajectories and saved states).
    public typealias Misfit = (path: [any CodingKey], number: String)

    /// For text that fails at the root: the field and literal of a number that does not fit (the
    /// last one, when several do not), or nil when the bytes are not well-formed JSON or still
    /// fail with every number zeroed. `failsAtRoot` decodes a candidate text and says whether it
    /// still fails that way.
    static func locate(_ bytes: [UInt8], failsAtRoot: (Data) -> Bool) -> Misfit? {
        guard let tree = try? HeaderJSON.parse(bytes) else { return nil }
        return locate(tree, failsAtRoot: failsAtRoot)
    }

    /// `locate` on text already parsed into `tree`.
    static func locate(_ tree: HeaderJSON, failsAtRoot: (Data) -> Bool) -> Misfit? {
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
        return (path, number)
    }

    /// `locate` for text that `decoder` failed to decode as `type` with `error`: nil unless the
    /// error is the root-level "not valid JSON".
    public static func locate<T: Decodable>(
        _ type: T.Type, in bytes: [UInt8], decoder: JSONDecoder = JSONDecoder(), after error: any Error
    ) -> Misfit? {
        guard isRootCorruption(error) else { return nil }
        return locate(bytes) { fails(type, $0, decoder) }
    }

    /// `locate` for `type` over text already parsed into `tree`, known to fail at the root.
    static func locate<T: Decodable>(_ type: T.Type, in tree: HeaderJSON, decoder: JSONDecoder) -> Misfit? {
        locate(tree) { fails(type, $0, decoder) }
    }

    /// Whether `decoder` still fails on `text` as `type` with the root-level "not valid JSON".
    private static func fails<T: Decodable>(_ type: T.Type, _ text: Data, _ decoder: JSONDecoder) -> Bool {
        do { _ = try decoder.decode(type, from: text) } catch { return isRootCorruption(error) }
        return false
    }

    /// Whether `error` is Foundation's root-level "not valid JSON".
    public static func isRootCorruption(_ error: any Error) -> Bool {
        if case let .dataCorrupted(context) = error as? DecodingError { return context.codingPath.isEmpty }
        return false
    }

    /// What is wrong with the number, for a message that names the field itself.
    public static func reason(_ number: String) -> String {
        "holds \(number): not a whole number, or out of its type's range"
    }

}

extension HeaderJSON {
    /// One step from a value into a member (by name) or element (by index).
    struct Step: CodingKey {
        let stringValue: String
        let intValue: Int?
        init(stringValue: String) { (self.stringValue, intValue) = (stringValue, nil) }
        init(intValue: Int) { (stringValue, self.intValue) = (String(intValue), intValue) }
    }

    /// Every number with its path, in document order.
    func numbers(at path: [any CodingKey] = []) -> [([any CodingKey], String)] {
        switch self {
        case .number(let text): return [(path, text)]
        case .object(let members): return members.flatMap { $0.value.numbers(at: path + [Step(stringValue: $0.key)]) }
        case .array(let items): return items.enumerated().flatMap { $0.element.numbers(at: path + [Step(intValue: $0.offset)]) }
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
