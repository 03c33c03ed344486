/// A stretch of normalized text on its way to the model, in Unicode scalars. `atStart` says it
/// begins the original text (Metaspace's `prepend_scheme: "first"` prefixes only such pieces).
struct Piece {
    var scalars: ArraySlice<Unicode.Scalar>
    var atStart: Bool
}

/// The `"pre_tokenizer"` of a `tokenizer.json`: cuts normalized text into words, each of which
/// the model tokenizes on its own.
indirect enum PreTokenizer {
    /// How a `Split` finds its matches.
    enum Matcher {
        case contraction(ContractionSplitter)
        case regex(RegexSplitter)

        func matchEnds(_ s: [Unicode.Scalar]) -> [Int] {
            switch self {
            case .contraction(let m): return m.matchEnds(s)
            case .regex(let m): return m.matchEnds(s)
            }
        }
    }

    /// `Split` with `"behavior": "Isolated"`: matches and the text between them become pieces.
    case split(Matcher)
    /// `ByteLevel`: optionally a leading space and GPT-2's split; the byte-to-character mapping
    /// itself is done by the model on the pieces' UTF-8 (`BPEModel.tokenize(byteLevel:)`).
    case byteLevel(addPrefixSpace: Bool, gpt2Split: ContractionSplitter?)
    /// `Metaspace`: spaces become `replacement`, which is prepended (always, or only to the
    /// start of the text) and, when `split`, starts each piece.
    case metaspace(replacement: Unicode.Scalar, prependAlways: Bool, prependFirst: Bool, split: Bool)
    case sequence([PreTokenizer])

    /// Whether the pieces reach the model as bytes (a `ByteLevel` step is present).
    var isByteLevel: Bool {
        switch self {
        case .byteLevel: return true
        case .sequence(let steps): return steps.contains { $0.isByteLevel }
        case .split, .metaspace: return false
        }
    }

    func apply(_ pieces: [Piece]) -> [Piece] {
        switch self {
        case .split(let matcher):
            return pieces.flatMap { p in Self.cut(p, ends: matcher.matchEnds(Array(p.scalars))) }
        case .byteLevel(let addPrefixSpace, let split):
            let spaced =
                addPrefixSpace
                ? pieces.map { p in p.scalars.first == " " ? p : Piece(scalars: [" "] + p.scalars, atStart: p.atStart) }
                : pieces
            guard let split else { return spaced }
            return spaced.flatMap { p in Self.cut(p, ends: split.matchEnds(Array(p.scalars))) }
        case .metaspace(let replacement, let always, let first, let split):
            return pieces.flatMap { p in
                var s = ArraySlice(p.scalars.map { $0 == " " ? replacement : $0 })
                if always || (first && p.atStart), s.first != replacement { s.insert(replacement, at: s.startIndex) }
                return split
                    ? Self.cutBefore(replacement, Piece(scalars: s, atStart: p.atStart)) : [Piece(scalars: s, atStart: p.atStart)]
            }
        case .sequence(let steps):
            return steps.reduce(pieces) { $1.apply($0) }
        }
    }

    /// `p` cut at the scalar offsets `ends` (ascending, the last one `p.scalars.count`).
    private static func cut(_ p: Piece, ends: [Int]) -> [Piece] {
        var out: [Piece] = []
        out.reserveCapacity(ends.count)
        var start = p.scalars.startIndex
        for e in ends {
            let end = p.scalars.startIndex + e
            out.append(Piece(scalars: p.scalars[start..<end], atStart: p.atStart && start == p.scalars.startIndex))
            start = end
        }
        return out
    }

    /// `p` cut before every `delimiter` (`tokenizers`' "MergedWithNext").
    private static func cutBefore(_ delimiter: Unicode.Scalar, _ p: Piece) -> [Piece] {
        var ends: [Int] = []
        for (i, c) in p.scalars.enumerated() where c == delimiter && i > 0 { ends.append(i) }
        ends.append(p.scalars.count)
        return cut(p, ends: ends)
    }
}
