/// The `"model"` of a `tokenizer.json` with `"type": "BPE"`: a vocabulary and ranked merges.
///
/// A word (one pre-token) starts as one symbol per Unicode scalar; a scalar missing from the
/// vocabulary becomes its UTF-8 bytes as `<0xNN>` pieces (`byte_fallback`) or the unknown token.
/// Then the adjacent pair with the lowest merge rank is merged, leftmost first, until no pair
/// has a rank — the order `tokenizers` applies them in, so equal ranks give equal ids.
struct BPEModel {
    /// Token → id. [vocabSize]
    let vocab: [String: Int32]
    /// Pair key `left << 32 | right` → (rank, merged id).
    let merges: [UInt64: (rank: Int32, id: Int32)]
    let unknownId: Int32?
    let fuseUnknown: Bool
    let byteFallback: Bool
    /// A word that is a whole vocabulary entry is that entry, without merging (LLaMA-3).
    let ignoreMerges: Bool
    /// Ids of the one-scalar tokens, the symbols a word starts as.
    private let scalarIds: [Unicode.Scalar: Int32]
    /// `<0xNN>` ids when `byteFallback`. [256]
    private let byteIds: [Int32?]
    /// Id of each byte's byte-level character (`"Ġ"` for 0x20), when all 256 are in the
    /// vocabulary; lets byte-level words skip building strings. [256] or nil
    private let alphabetIds: [Int32]?
    /// Byte-level tokens by the bytes they spell, for `ignoreMerges` lookups without strings.
    private let byteTokens: [[UInt8]: Int32]

    init(
        vocab: [String: Int32], merges: [UInt64: (rank: Int32, id: Int32)], unknownId: Int32?,
        fuseUnknown: Bool, byteFallback: Bool, ignoreMerges: Bool
    ) {
        self.vocab = vocab
        self.merges = merges
        self.unknownId = unknownId
        self.fuseUnknown = fuseUnknown
        self.byteFallback = byteFallback
        self.ignoreMerges = ignoreMerges
        var single: [Unicode.Scalar: Int32] = [:]
        for (token, id) in vocab {
            var it = token.unicodeScalars.makeIterator()
            if let c = it.next(), it.next() == nil { single[c] = id }
        }
        scalarIds = single
        byteIds = (0..<256).map { vocab[ByteFallbackPiece.name(UInt8($0))] }
        let alphabet = ByteLevelAlphabet.strings.compactMap { vocab[$0] }
        alphabetIds = alphabet.count == 256 ? alphabet : nil
        var spelled: [[UInt8]: Int32] = [:]
        if ignoreMerges, alphabetIds != nil {
            for (token, id) in vocab where token.unicodeScalars.allSatisfy({ ByteLevelAlphabet.bytes[$0] != nil }) {
                var bytes: [UInt8] = []
                ByteLevelAlphabet.decode(token, into: &bytes)
                spelled[bytes] = id
            }
        }
        byteTokens = spelled
    }

    static func pairKey(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b)) }

    /// The ids of one word, appended to `out`.
    func tokenize(_ word: ArraySlice<Unicode.Scalar>, into out: inout [Int32]) {
        if ignoreMerges, let id = vocab[ScalarText.string(word)] {
            out.append(id)
            return
        }
        var symbols: [Int32] = []
        symbols.reserveCapacity(word.count)
        var lastWasUnknown = false
        for c in word {
            if let id = scalarIds[c] {
                symbols.append(id)
                lastWasUnknown = false
            } else if byteFallback, let ids = fallbackIds(c) {
                symbols.append(contentsOf: ids)
                lastWasUnknown = false
            } else if let unk = unknownId {
                if !(fuseUnknown && lastWasUnknown) { symbols.append(unk) }
                lastWasUnknown = true
            }
        }
        merge(&symbols)
        out.append(contentsOf: symbols)
    }

    /// The ids of one word given as UTF-8 bytes, for byte-level vocabularies (the result equals
    /// `tokenize(ByteLevelAlphabet.encode(word))`).
    func tokenize(byteLevel word: [UInt8], into out: inout [Int32]) {
        guard let alphabetIds else {
            tokenize(ArraySlice(ByteLevelAlphabet.encode(word).unicodeScalars), into: &out)
            return
        }
        if ignoreMerges, let id = byteTokens[word] {
            out.append(id)
            return
        }
        var symbols = word.map { alphabetIds[Int($0)] }
        merge(&symbols)
        out.append(contentsOf: symbols)
    }

    /// Applies merges lowest rank first (leftmost among equals) until none applies. The rank of
    /// each adjacent pair is kept and only the merged symbol's two pairs are looked up again.
    private func merge(_ symbols: inout [Int32]) {
        guard symbols.count > 1 else { return }
        // rank[i], into[i]: the merge of symbols i and i + 1 (Int32.max when there is none).
        var rank = [Int32](repeating: .max, count: symbols.count - 1)
        var into = [Int32](repeating: 0, count: symbols.count - 1)
        func look(_ i: Int) {
            if let m = merges[Self.pairKey(symbols[i], symbols[i + 1])] {
                rank[i] = m.rank
                into[i] = m.id
            } else {
                rank[i] = .max
            }
        }
        for i in rank.indices { look(i) }
        while !rank.isEmpty {
            var best = 0
            for i in 1..<rank.count where rank[i] < rank[best] { best = i }
            if rank[best] == .max { return }
            symbols[best] = into[best]
            symbols.remove(at: best + 1)
            rank.remove(at: best)
            into.remove(at: best)
            if best > 0 { look(best - 1) }
            if best < rank.count { look(best) }
        }
    }

    /// `<0xNN>` ids of `c`'s UTF-8 bytes, nil if any is missing from the vocabulary.
    private func fallbackIds(_ c: Unicode.Scalar) -> [Int32]? {
        var ids: [Int32] = []
        for b in String(c).utf8 {
            guard let id = byteIds[Int(b)] else { return nil }
            ids.append(id)
        }
        return ids
    }
}

/// SentencePiece's byte pieces: `<0x0A>` is the byte 0x0A.
enum ByteFallbackPiece {
    static func name(_ b: UInt8) -> String {
        let hex = String(b, radix: 16, uppercase: true)
        return "<0x" + (hex.count == 1 ? "0" : "") + hex + ">"
    }

    /// The byte a `<0xNN>` piece stands for, nil for any other token.
    static func byte(_ token: String) -> UInt8? {
        let u = Array(token.utf8)
        guard u.count == 6, u[0] == 0x3C, u[1] == 0x30, u[2] == 0x78, u[5] == 0x3E else { return nil }
        return UInt8(String(decoding: u[3...4], as: UTF8.self), radix: 16)
    }
}
