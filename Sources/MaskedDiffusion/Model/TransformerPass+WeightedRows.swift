/// Training (and passes that compute as training does) running the top of the network only
/// where the loss reads it.
///
/// Every training objective weights the cross-entropy per position, and most positions weigh
/// nothing: the unmasked ones (about half at t ~ U(0, 1)), a prompt under SFT. Such a row still
/// feeds the loss through the keys and values of every layer, but its last-layer o_proj, MLP,
/// final norm and head are never read. The pass skips them: after
/// the last layer's attention, the weighted rows' attention outputs are compacted to the front and
/// everything above runs on those rows alone, forward and backward; backward spreads their
/// gradients back to their places (zero elsewhere) before the attention branch. On the presets
/// of `make bench` that is 6–10% of a step's multiply-adds. The last layer's attention still runs
/// every query, for simplicity: `Attention.backward` works on whole T × T blocks, and an
/// unweighted query's zero gradient adds nothing there (skipping it would save one layer's
/// attention, about 0.5% of a step). Models that predict a position from the row before it
/// (Dream's shift) keep every row: there one row can feed two positions' losses.
extension TransformerPass {
    /// Plans the last layer's top on the rows marked in `kept` ([B·T] of this pass: nonzero loss
    /// weight, or scored): `keptRows`, ascending. Keeps every row when all are marked, or none.
    func planRowsAfterAttention(_ kept: some Collection<Bool>) {
        ws.lastLayer = .all
        guard !c.shiftedPrediction, c.nLayers > 0, kept.contains(false), kept.contains(true) else { return }
        ws.lastLayer = .keptAfterAttention
        ws.keptRows.removeAll(keepingCapacity: true)
        for (r, marked) in kept.enumerated() where marked { ws.keptRows.append(r) }
    }

    /// The last layer (l = L − 1) of a pass that keeps rows after attention: q/k/v and attention on
    /// every row (every query too, for simplicity), then the kept rows' attention outputs compacted
    /// in place and o_proj, the MLP, the final norm and the head on rows 0..<kept.
    func lastLayerOnRowsAfterAttention(_ p: ParameterLayout.Layer) {
        let l = c.nLayers - 1, d = c.dModel, q = c.queryWidth, kept = 0..<ws.keptRows.count
        _ = projectQKV(layer: l, p, rows: 0..<ws.rows, firstPosition: 0)
        attend(layer: l, pairs: 0..<ws.batch * c.nHeads)
        let attn = ws.attn[l].data, x = ws.xs[l].data, mid = ws.xMid[l].data
        for (j, r) in ws.keptRows.enumerated() {
            // r ≥ j: row r's attention output (and residual, when xMid is xs) is still intact when
            // its turn comes.
            if r != j { (attn + j * q).update(from: attn + r * q, count: q) }
            if r != j || mid != x { (mid + j * d).update(from: x + r * d, count: d) }
        }
        linear(attn, weight: p.o, mid, rows: kept.count, in: q, out: d, accumulate: true)
        mlpToHead(p, rows: kept)
    }

    /// Σ weight·CE over the rows whose logits the pass computed, their dlogits over the logits:
    /// every row, or the kept rows with their targets and weights gathered alongside.
    func weightedCrossEntropy(targets: ArraySlice<Int32>, weights: ArraySlice<Float>) -> Double {
        guard ws.keepsRows else { return crossEntropy(targets, weights) }
        ws.keptTargets.removeAll(keepingCapacity: true)
        ws.keptWeights.removeAll(keepingCapacity: true)
        var next = 0  // walks keptRows alongside the rows, both ascending
        for (r, w) in weights.enumerated() {
            guard next < ws.keptRows.count && ws.keptRows[next] == r else {
                precondition(w == 0, "a loss weight on row \(r), whose logits the forward did not compute")
                continue
            }
            ws.keptTargets.append(targets[targets.startIndex + r])
            ws.keptWeights.append(w)
            next += 1
        }
        return crossEntropy(ws.keptTargets[...], ws.keptWeights[...])
    }

    /// Σ weight·CE of the first targets.count rows of the logits, their dlogits written over them.
    private func crossEntropy(_ targets: ArraySlice<Int32>, _ weights: ArraySlice<Float>) -> Double {
        targets.withUnsafeBufferPointer { t in
            weights.withUnsafeBufferPointer { w in
                CrossEntropy.weighted(
                    logits: ws.logits.data, targets: t.baseAddress!, weights: w.baseAddress!, dlogits: ws.logits.data,
                    rows: t.count, n: c.vocabSize)
            }
        }
    }

    /// After the last layer's o_proj backward on the kept rows: moves their ∂loss/∂attn (dAttn)
    /// and ∂loss/∂xs[l] through the residual (dx) from rows 0..<kept to their own rows, and zeroes
    /// every other row, so the attention branch's backward runs on all rows as usual.
    func spreadKeptRows() {
        let d = c.dModel, q = c.queryWidth, dx = ws.dx.data, dAttn = ws.dAttn.data
        for (j, r) in ws.keptRows.enumerated().reversed() where r != j {
            // r > j, walking down: row r was read (or never held a kept row) before it is written.
            (dx + r * d).update(from: dx + j * d, count: d)
            (dAttn + r * q).update(from: dAttn + j * q, count: q)
        }
        var next = 0
        for r in 0..<ws.rows {
            if next < ws.keptRows.count && ws.keptRows[next] == r {
                next += 1
                continue
            }
            (dx + r * d).update(repeating: 0, count: d)
            (dAttn + r * q).update(repeating: 0, count: q)
        }
    }
}
