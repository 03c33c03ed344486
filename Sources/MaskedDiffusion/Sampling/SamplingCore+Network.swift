/// The network call of every sampler: rows batched into as few calls as `maxRows` allows, the
/// unconditional pass of guidance, the key/value cache of block decoding, and the logit masks
/// (EOS, generated vocabulary) applied once here.
extension SamplingCore {
    /// Runs the network on `selected` rows and stores their logits in `rowLogits`; with guidance
    /// w ≠ 0 also on each row with the prompt masked (u) and stores u + (w+1)(c − u).
    /// `cacheUses` (one per selected row, with a cache only) says which rows refill their cache
    /// and which compute only a window; rows are batched with others of the same use.
    func evaluate(_ selected: [Int], guidance w: Double, cacheUses: [KVCacheUse]? = nil) {
        guard let cacheUses, kvCache != nil else {
            evaluateBatched(selected, guidance: w, use: nil)
            return
        }
        precondition(cacheUses.count == selected.count, "one cache use per selected row")
        var groups: [(use: KVCacheUse, rows: [Int])] = []
        for (r, use) in zip(selected, cacheUses) {
            if let g = groups.firstIndex(where: { $0.use == use }) { groups[g].rows.append(r) } else { groups.append((use, [r])) }
        }
        for g in groups { evaluateBatched(g.rows, guidance: w, use: g.use) }
    }

    private func evaluateBatched(_ selected: [Int], guidance w: Double, use: KVCacheUse?) {
        let guided = w != 0
        let per = guided ? 2 : 1
        let chunk = sequencesPerCall / per
        let n = seqLen
        let positions: Range<Int>
        if case .window(let window) = use { positions = window } else { positions = 0..<n }
        var lo = 0
        while lo < selected.count {
            let part = selected[lo..<Swift.min(lo + chunk, selected.count)]
            batchTokens.removeAll(keepingCapacity: true)
            batchScored.removeAll(keepingCapacity: true)
            batchSlots.removeAll(keepingCapacity: true)
            for r in part {
                let row = tokens[r * n..<(r + 1) * n]
                batchTokens.append(contentsOf: row)
                batchScored.append(contentsOf: row.lazy.map { $0 == self.maskId })
                batchSlots.append(r * per)
                if guided {
                    batchTokens.append(contentsOf: repeatElement(maskId, count: promptLength))
                    batchTokens.append(contentsOf: tokens[r * n + promptLength..<(r + 1) * n])
                    batchScored.append(contentsOf: row.lazy.map { $0 == self.maskId })
                    batchSlots.append(r * per + 1)
                }
            }
            // Samplers read the logits of masked positions only; the network may skip the rest.
            let batch = TokenBatch(tokens: batchTokens, batch: part.count * per, seqLen: n, scored: batchScored)
            let t0 = monotonicSeconds()
            if let use, let kvCache, let cached = network.cached {
                cached.forward(batch, output, kvCache, batchSlots, use)
            } else {
                network.forward(batch, output)
            }
            statistics.forwardSeconds += monotonicSeconds() - t0
            statistics.networkCalls += 1
            statistics.networkRows += part.count * per
            statistics.computedPositions += part.count * per * positions.count
            for (j, r) in part.enumerated() {
                storeLogits(
                    row: r, positions: positions, from: output.data + j * per * n * vocab, guided: guided, scale: Float(w))
                nfe[r] += per
                computed[r] = positions
            }
            lo += chunk
        }
    }

    /// Copies (or guides) one row's fresh logits at its masked `positions` (the only ones the
    /// network scored) into `rowLogits` and applies the logit masks there. out: [per · n, V] (the
    /// conditional sequence, then the unconditional one).
    private func storeLogits(row r: Int, positions: Range<Int>, from out: UnsafePointer<Float>, guided: Bool, scale w: Float) {
        let n = seqLen, V = vocab
        for i in positions where isMasked(r, i) {
            let dst = rowLogits.data + (r * n + i) * V, c = out + i * V
            if guided {
                SamplingCore.guide(conditional: c, unconditional: c + n * V, scale: w, into: dst, count: V)
            } else {
                dst.update(from: c, count: V)
            }
        }
        let row = rowLogits.data + r * n * V
        if config.forbidEOS {
            for i in positions { for id in config.eosTokenIds { row[i * V + id] = SamplingCore.forbidden } }
        }
        if let allowed = problem.generatedVocabulary {
            for i in positions where i >= promptLength {
                for v in 0..<Int(allowed.lowerBound) { row[i * V + v] = SamplingCore.forbidden }
                for v in Int(allowed.upperBound)..<V { row[i * V + v] = SamplingCore.forbidden }
            }
        }
    }

    /// out = u + (w+1)(c − u) (LLaDA's unsupervised CFG, docs/methods.md §1.4).
    private static func guide(
        conditional c: UnsafePointer<Float>, unconditional u: UnsafePointer<Float>, scale w: Float,
        into out: UnsafeMutablePointer<Float>, count: Int
    ) {
        let k = Lanes(repeating: w + 1)
        var i = 0
        while i + 16 <= count {
            let uv = load(u + i)
            store(uv + k * (load(c + i) - uv), out + i)
            i += 16
        }
        while i < count { out[i] = u[i] + (w + 1) * (c[i] - u[i]); i += 1 }
    }
}
