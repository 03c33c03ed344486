/// Inference that computes the last layer only where a caller reads the logits.
///
/// A sampler reads the logits of masked positions only, an ELBO those of its scored ones; every
/// other position still feeds them through the keys and values of every layer, but its own
/// last-layer query, attention output, MLP, final norm and head are never used. Skipping them
/// saves up to 13/16 of a layer per unread row (the q/k/v projection stays, as the keys and values
/// of every row are needed). The kept rows are compacted to the front of the workspace, so the
/// skipped work is never done rather than masked out. Only workspaces on packed weights (inference)
/// do it this way (it overwrites activations that backward would need); every other pass keeps
/// rows after the last attention (`TransformerPass+WeightedRows.swift`).
extension TransformerPass {
    /// Plans the pass for `scored` ([B·T] of this pass's rows, or nil = all): the hidden rows the
    /// scored positions read (row i, or i − 1 within its sequence under Dream's shift, position 0
    /// its own), each sequence's range of them, and each scored row's source among them. Keeps
    /// every row when nothing can be skipped.
    func planScoredRows(_ scored: ArraySlice<Bool>?, batch: Int, seqLen T: Int) {
        ws.lastLayer = .all
        guard let scored, ws.packsWeights, c.nLayers > 0, !scored.allSatisfy({ $0 }) else { return }
        ws.lastLayer = .keptBeforeAttention
        ws.keptRows.removeAll(keepingCapacity: true)
        ws.keptOffsets.removeAll(keepingCapacity: true)
        ws.scoredSource.removeAll(keepingCapacity: true)
        let shift = c.shiftedPrediction ? 1 : 0
        for b in 0..<batch {
            ws.keptOffsets.append(ws.keptRows.count)
            let s = scored.startIndex + b * T
            for j in 0..<T {
                // Row j is the source of position j + shift (and, shifted, of position 0 too).
                let next = j + shift < T && scored[s + j + shift]
                if next || (j == 0 && scored[s]) { ws.keptRows.append(b * T + j) }
            }
        }
        ws.keptOffsets.append(ws.keptRows.count)
        var next = 0  // walks keptRows alongside the rows, both ascending
        for r in 0..<batch * T {
            let i = r % T
            let source = i == 0 ? r : r - shift
            guard scored[scored.startIndex + r] else {
                ws.scoredSource.append(-1)
                continue
            }
            while ws.keptRows[next] < source { next += 1 }
            ws.scoredSource.append(next)
        }
    }

    /// Moves the kept rows' queries (the q columns of the packed q/k/v) and residual inputs xs[l]
    /// to the front rows, in order; the keys and values stay where they are, for every query.
    func compactKeptRows(layer l: Int) {
        let d = c.dModel, W = c.qkvWidth, qw = c.queryWidth
        let qkv = ws.qkv[l].data, x = ws.xs[l].data
        for (j, r) in ws.keptRows.enumerated() where r != j {
            // r > j: the source row is still intact when its turn comes.
            (qkv + j * W).update(from: qkv + r * W, count: qw)
            (x + j * d).update(from: x + r * d, count: d)
        }
    }

    /// The last layer (l = L − 1) on the kept rows of an ordinary pass, then the final norm and
    /// head: ws.logits rows 0..<kept hold the kept rows' logits.
    func lastLayerOnKeptRows(_ p: ParameterLayout.Layer) {
        let l = c.nLayers - 1, kept = 0..<ws.keptRows.count
        _ = projectQKV(layer: l, p, rows: 0..<ws.rows, firstPosition: 0)
        compactKeptRows(layer: l)
        attend(layer: l, pairs: 0..<ws.batch * c.nHeads)
        projectOut(layer: l, p, rows: kept)
        mlpToHead(p, rows: kept)
    }

    /// The last layer's MLP, the final norm and the head on the kept rows, compacted to `rows`
    /// (0..<kept): the common top of both ways of keeping rows.
    func mlpToHead(_ p: ParameterLayout.Layer, rows kept: Range<Int>) {
        mlpForward(layer: c.nLayers - 1, p, rows: kept)
        finalNorm(rows: kept)
        head(rows: kept)
    }

    /// Writes this pass's logits into out ([rows, V]): every row, or the scored rows from their
    /// kept sources (the other rows are left as they were).
    func copyLogits(into out: UnsafeMutablePointer<Float>) {
        let V = c.vocabSize, logits = ws.logits.data
        switch ws.lastLayer {
        case .all: out.update(from: logits, count: ws.rows * V)
        case .keptAfterAttention:
            for (j, r) in ws.keptRows.enumerated() { (out + r * V).update(from: logits + j * V, count: V) }
        case .keptBeforeAttention:
            for (r, source) in ws.scoredSource.enumerated() where source >= 0 {
                (out + r * V).update(from: logits + source * V, count: V)
            }
        }
    }
}
