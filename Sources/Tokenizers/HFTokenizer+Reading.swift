import Foundation

extension HFTokenizer {
    /// Whether `json` looks like a `tokenizers` file (an object with a `"model"` object), as
    /// opposed to an Unmask tokenizer (which has a `"kind"`). A byte scan of the top level, so a
    /// large file is not parsed twice.
    public static func isHFTokenizer(_ json: Data) -> Bool {
        let key = Array(#""model""#.utf8)
        var depth = 0
        var inString = false
        var escaped = false
        var bytes = json.makeIterator()
        var recent: [UInt8] = []  // the last top-level string and what follows it
        while let b = bytes.next() {
            if inString {
                if depth == 1 { recent.append(b) }
                if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false }
                continue
            }
            switch b {
            case 0x22:
                inString = true
                if depth == 1 { recent = [b] }
            case 0x7B, 0x5B:
                if depth == 1, b == 0x7B, recent.starts(with: key), recent.last == 0x3A { return true }
                depth += 1
            case 0x7D, 0x5D: depth -= 1
            case 0x3A: if depth == 1 { recent.append(b) }
            case 0x20, 0x09, 0x0A, 0x0D: continue
            default: if depth == 1 { recent.removeAll() }
            }
        }
        return false
    }

    public init(contentsOf path: String) throws(HFTokenizerError) {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        try self.init(json: data, path: path)
    }

    /// Reads a whole `tokenizer.json`; `path` names the file in errors.
    public init(json: Data, path: String) throws(HFTokenizerError) {
        let doc = try JSONField.document(json, path: path)
        let normalizer = try Normalizer.read(doc["normalizer"])
        let preTokenizer = try PreTokenizer.read(doc["pre_tokenizer"])
        let model = try Self.readModel(doc["model"])
        let entries = doc["added_tokens"].isNull ? [] : try doc["added_tokens"].array()
        // Ids are dense in real files; a far larger one would only allocate a huge empty table.
        let idLimit = 2 * (model.vocab.count + entries.count) + 1024
        if let (token, id) = model.vocab.first(where: { Int($0.value) >= idLimit }) {
            throw JSONField(value: Int(id), field: "model.vocab[\"\(token)\"]", path: path)
                .invalid("is \(id), far past the \(model.vocab.count) entries (ids must be about dense)")
        }
        var tokens = [String](repeating: "", count: model.vocab.values.max().map { Int($0) + 1 } ?? 0)
        for (t, id) in model.vocab { tokens[Int(id)] = t }
        var added: [AddedToken] = []
        var addedIds: [String: Int32] = [:]
        for entry in entries {
            let id = try entry["id"].int()
            guard id >= 0, id < idLimit else { throw entry["id"].invalid("is \(id), out of range 0..<\(idLimit)") }
            let token = AddedToken(
                id: Int32(id), content: try entry["content"].string(), special: try entry["special"].bool(default: false),
                singleWord: try entry["single_word"].bool(default: false), lstrip: try entry["lstrip"].bool(default: false),
                rstrip: try entry["rstrip"].bool(default: false), normalized: try entry["normalized"].bool(default: true))
            if id >= tokens.count { tokens += repeatElement("", count: id + 1 - tokens.count) }
            tokens[id] = token.content
            addedIds[token.content] = token.id
            added.append(token)
        }
        let raw = added.filter { !$0.normalized }
        let normalized = added.filter(\.normalized)
        self.model = model
        self.normalizer = normalizer
        self.preTokenizer = preTokenizer
        self.decoder = try Decoder.read(doc["decoder"])
        self.rawAdded = AddedTokenMatcher(tokens: raw, contents: raw.map(\.content))
        self.normalizedAdded = AddedTokenMatcher(
            tokens: normalized, contents: normalized.map { normalizer?.apply($0.content) ?? $0.content })
        self.tokens = tokens
        self.addedIds = addedIds
        self.specialIds = Set(added.filter(\.special).map(\.id))
        self.isByteLevel = preTokenizer?.isByteLevel ?? false
    }

    /// The `"model"` object: BPE only; merges as `"a b"` strings or `["a", "b"]` pairs.
    static func readModel(_ field: JSONField) throws(HFTokenizerError) -> BPEModel {
        let type = field["type"].isNull ? "BPE" : try field.type()
        guard type == "BPE" else { throw field["type"].unsupported() }
        if !field["dropout"].isNull, (field["dropout"].value as? Double) != 0 { throw field["dropout"].unsupported() }
        for key in ["continuing_subword_prefix", "end_of_word_suffix"] {
            if !field[key].isNull, try field[key].string() != "" { throw field[key].unsupported() }
        }
        var vocab: [String: Int32] = [:]
        for (token, value) in try field["vocab"].object() {
            let entry = JSONField(value: value, field: field["vocab"].field + "[\"\(token)\"]", path: field.path)
            let id = try entry.int()
            guard id >= 0, id < Int(Int32.max) else { throw entry.invalid("is out of range") }
            vocab[token] = Int32(id)
        }
        var merges: [UInt64: (rank: Int32, id: Int32)] = [:]
        for (rank, merge) in try field["merges"].array().enumerated() {
            let (a, b) = try mergePair(merge)
            guard let left = vocab[a], let right = vocab[b] else { throw merge.invalid("names a token not in model.vocab") }
            guard let merged = vocab[a + b] else { throw merge.invalid("makes \"\(a + b)\", which is not in model.vocab") }
            let key = BPEModel.pairKey(left, right)
            if merges[key] == nil { merges[key] = (Int32(rank), merged) }
        }
        var unknownId: Int32?
        if !field["unk_token"].isNull {
            let unk = try field["unk_token"].string()
            guard let id = vocab[unk] else { throw field["unk_token"].invalid("\"\(unk)\" is not in model.vocab") }
            unknownId = id
        }
        return BPEModel(
            vocab: vocab, merges: merges, unknownId: unknownId, fuseUnknown: try field["fuse_unk"].bool(default: false),
            byteFallback: try field["byte_fallback"].bool(default: false),
            ignoreMerges: try field["ignore_merges"].bool(default: false))
    }

    private static func mergePair(_ merge: JSONField) throws(HFTokenizerError) -> (String, String) {
        if let s = merge.value as? String {
            // Split on the space scalar: a token may begin with a combining mark, which would
            // join the space into one Character.
            let parts = s.unicodeScalars.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw merge.invalid("is not two tokens separated by one space") }
            return (ScalarText.string(parts[0]), ScalarText.string(parts[1]))
        }
        let pair = try merge.array()
        guard pair.count == 2 else { throw merge.invalid("is not a pair of tokens") }
        return (try pair[0].string(), try pair[1].string())
    }
}
