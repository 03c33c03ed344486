/// The top-level object of a Hugging Face JSON file (`config.json`, `model.safetensors.index.json`)
/// with typed field access whose errors name the file and the field.
///
/// A `null` field counts as absent, as transformers treats it. Numbers are read from their
/// literal text, so an integer field given as `12.0` is a type error rather than silently 12.
struct HFJSONObject {
    let path: String
    private let fields: [String: HeaderJSON]

    /// Reads and parses `path`; the file must hold one JSON object.
    init(contentsOf path: String) throws(CheckpointError) {
        let file = try FileBytes(contentsOf: path) { CheckpointError(path: path, .unreadable($0)) }
        // A byte-order mark before the JSON (some editors write one) is skipped, as Foundation's
        // decoder does: it once made a Hugging Face config read as an Unmask one.
        let bom = file.bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let value: HeaderJSON
        do { value = try HeaderJSON.parse(UnsafeRawBufferPointer(rebasing: file.bytes[bom...])) } catch {
            throw CheckpointError(path: path, .invalidJSON(error.message))
        }
        guard case .object(let members) = value else { throw CheckpointError(path: path, .invalidJSON("not a JSON object")) }
        self.init(path: path, members: members)
    }

    init(path: String, members: [(key: String, value: HeaderJSON)]) {
        self.path = path
        // Python's json keeps the last of duplicate keys; so does this.
        fields = Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
    }

    /// The raw value, nil when absent or null.
    func value(_ key: String) -> HeaderJSON? {
        guard let v = fields[key] else { return nil }
        if case .null = v { return nil }
        return v
    }

    func missing(_ key: String) -> CheckpointError { CheckpointError(path: path, .missingField(key)) }
    func wrongType(_ key: String, _ expected: String) -> CheckpointError {
        CheckpointError(path: path, .wrongType(field: key, expected: expected))
    }
    func invalid(_ why: String) -> CheckpointError { CheckpointError(path: path, .invalidValue(why)) }

    func int(_ key: String) throws(CheckpointError) -> Int? {
        guard let v = value(key) else { return nil }
        guard case .number(let text) = v, let n = Int(text) else { throw wrongType(key, "an integer") }
        return n
    }

    func double(_ key: String) throws(CheckpointError) -> Double? {
        guard let v = value(key) else { return nil }
        guard case .number(let text) = v, let x = Double(text) else { throw wrongType(key, "a number") }
        return x
    }

    func bool(_ key: String) throws(CheckpointError) -> Bool? {
        guard let v = value(key) else { return nil }
        guard case .bool(let b) = v else { throw wrongType(key, "true or false") }
        return b
    }

    func string(_ key: String) throws(CheckpointError) -> String? {
        guard let v = value(key) else { return nil }
        guard case .string(let s) = v else { throw wrongType(key, "a string") }
        return s
    }

    func object(_ key: String) throws(CheckpointError) -> HFJSONObject? {
        guard let v = value(key) else { return nil }
        guard case .object(let members) = v else { throw wrongType(key, "an object") }
        return HFJSONObject(path: path, members: members)
    }

    /// Every key with its value, in no particular order.
    var members: [(key: String, value: HeaderJSON)] { fields.map { ($0.key, $0.value) } }

    func require<T>(_ key: String, _ read: (String) throws(CheckpointError) -> T?) throws(CheckpointError) -> T {
        guard let v = try read(key) else { throw missing(key) }
        return v
    }
}
