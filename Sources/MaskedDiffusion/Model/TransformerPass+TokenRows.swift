/// The first layer's q/k/v projection once per distinct token (`TokenRows`): inference on packed
/// weights, where a denoise step's rows repeat the mask token.
extension TransformerPass {
    /// Whether this pass projects the first layer per distinct token: passes on packed weights
    /// (whose per-row results do not depend on the rows around them; a pass that multiplies as
    /// training does keeps OpenBLAS's products on every row, which agree with training's).
    var sharesTokenRows: Bool { ws.packed != nil }

    /// Stages 1–2 of layer 0 for the compact rows `compact` of `ws.tokenRows`: h1[j] =
    /// RMSNorm(E[tokens[j]]), then q, k, v into qkv[0] row j (`projectRows`). Workers may take
    /// disjoint ranges.
    func projectTokens(_ p: ParameterLayout.Layer, compact: Range<Int>) {
        let d = c.dModel, h1 = ws.h1[0].data, embedding = params.values.data + params.layout.embedding
        for j in compact {
            (h1 + j * d).update(from: embedding + Int(ws.tokenRows.tokens[j]) * d, count: d)
        }
        projectRows(layer: 0, p, input: h1 + compact.lowerBound * d, rows: compact)
    }

    /// Copies compact row source[r] of qkv[0] to every row r, from the last row down: source[r] ≤ r,
    /// so no compact row is overwritten before the rows that read it. One worker.
    func spreadTokens() {
        let W = c.qkvWidth, qkv = ws.qkv[0].data, source = ws.tokenRows.source
        for r in stride(from: source.count - 1, through: 0, by: -1) where Int(source[r]) != r {
            (qkv + r * W).update(from: qkv + Int(source[r]) * W, count: W)
        }
    }
}
