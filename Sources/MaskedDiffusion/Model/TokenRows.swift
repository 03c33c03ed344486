/// The distinct tokens of a pass's rows, for the first layer's q/k/v projection.
///
/// Before the first attention a row's q, k and v (RMSNorm, the product, bias, q/k norm; RoPE
/// comes after) depend on its token alone, and a denoise step's rows repeat: every masked
/// position holds the mask token, and a batch of 8·128 rows has at most V + 1 distinct tokens.
/// A pass on packed weights projects each distinct token once into compact row j and spreads
/// the results to the rows holding it (`TransformerPass+TokenRows.swift`). The packed kernel
/// computes each row of a product alone, in the same order whatever rows surround it, so the
/// spread rows equal the ones the whole product writes, bit for bit.
struct TokenRows {
    /// The distinct tokens in order of first appearance: compact row j holds tokens[j].
    private(set) var tokens: [Int32] = []
    /// Per row r of the pass: the compact row of its token. source[r] ≤ r, since token
    /// source[r] first appeared at or before row r.
    private(set) var source: [Int32] = []
    /// Per token id: its compact row while `plan` runs, −1 otherwise.
    private var slot: [Int32]

    /// Room for `maxRows` rows of tokens 0...vocabulary (the mask included).
    init(maxRows: Int, vocabulary: Int) {
        tokens.reserveCapacity(Swift.min(maxRows, vocabulary + 1))
        source.reserveCapacity(maxRows)
        slot = Array(repeating: -1, count: vocabulary + 1)
    }

    /// Plans the rows of `rowTokens` (each in 0...vocabulary); allocates nothing.
    mutating func plan(_ rowTokens: [Int32]) {
        tokens.removeAll(keepingCapacity: true)
        source.removeAll(keepingCapacity: true)
        for t in rowTokens {
            var j = slot[Int(t)]
            if j < 0 {
                j = Int32(tokens.count)
                slot[Int(t)] = j
                tokens.append(t)
            }
            source.append(j)
        }
        for t in tokens { slot[Int(t)] = -1 }
    }
}
