import Foundation

/// One value of a parsed JSON document together with where it sits (`model.merges[3]`), so
/// every accessor can throw an error that names the file and the field.
struct JSONField {
    let value: Any?
    let field: String
    let path: String

    /// Parses `data` (the whole file at `path`).
    static func document(_ data: Data, path: String) throws(HFTokenizerError) -> JSONField {
        do {
            return JSONField(value: try JSONSerialization.jsonObject(with: data), field: "", path: path)
        } catch {
            // Foundation's description is an NSError dump; its debug description says where.
            let at = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String)?
                .trimmingCharacters(in: CharacterSet(charactersIn: ". "))
            throw .invalid(path: path, field: "(document)", reason: "is not JSON" + (at.map { ": \($0)" } ?? ""))
        }
    }

    var isNull: Bool { value == nil || value is NSNull }

    subscript(key: String) -> JSONField {
        JSONField(value: (value as? [String: Any])?[key], field: field.isEmpty ? key : field + "." + key, path: path)
    }

    func has(_ key: String) -> Bool { (value as? [String: Any])?[key] != nil }

    func invalid(_ reason: String) -> HFTokenizerError { .invalid(path: path, field: field, reason: reason) }
    func unsupported(_ shown: String? = nil) -> HFTokenizerError {
        .unsupported(path: path, field: field, value: shown ?? describe())
    }

    func string() throws(HFTokenizerError) -> String {
        guard let s = value as? String else { throw invalid(isNull ? "is missing" : "is not a string") }
        return s
    }

    func bool(default fallback: Bool? = nil) throws(HFTokenizerError) -> Bool {
        if isNull, let fallback { return fallback }
        guard let b = value as? Bool else { throw invalid(isNull ? "is missing" : "is not true/false") }
        return b
    }

    func int() throws(HFTokenizerError) -> Int {
        guard let n = value as? Int else { throw invalid(isNull ? "is missing" : "is not an integer") }
        return n
    }

    func array() throws(HFTokenizerError) -> [JSONField] {
        guard let a = value as? [Any] else { throw invalid(isNull ? "is missing" : "is not an array") }
        return a.enumerated().map { JSONField(value: $1, field: "\(field)[\($0)]", path: path) }
    }

    func object() throws(HFTokenizerError) -> [String: Any] {
        guard let o = value as? [String: Any] else { throw invalid(isNull ? "is missing" : "is not an object") }
        return o
    }

    /// The `"type"` of a component object (normalizer, pre-tokenizer, decoder, model).
    func type() throws(HFTokenizerError) -> String { try self["type"].string() }

    /// A short rendering of the value for error messages.
    func describe() -> String {
        if let s = value as? String { return "\"\(s)\"" }
        if let o = value as? [String: Any], let t = o["type"] as? String { return "{\"type\": \"\(t)\", …}" }
        if isNull { return "null" }
        return String(describing: value!).prefix(60).description
    }
}
