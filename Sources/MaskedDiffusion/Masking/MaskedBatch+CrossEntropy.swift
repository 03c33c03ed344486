extension MaskedBatch {
    /// Adds Σ w_r · CE_r of rows `rows` to their estimates in `totals` ([estimates]).
    /// logits: [rows.count·T, V], the network's output on those rows (row `rows.lowerBound` first).
    public func addCrossEntropy(
        rows: Range<Int>, logits: UnsafePointer<Float>, vocabSize V: Int, into totals: inout [Double]
    ) {
        precondition(totals.count == estimates)
        let T = input.seqLen
        for r in rows.lowerBound * T..<rows.upperBound * T where weights[r] != 0 {
            let z = logits + (r - rows.lowerBound * T) * V
            let ce = Double(Softmax.logSumExp(z, n: V)) - Double(z[Int(targets[r])])
            totals[Int(slots[r])] += Double(weights[r]) * ce
        }
    }

    /// E[s] for every estimate from `logits` ([rows·T, V], a forward pass on the whole `input`).
    public func crossEntropy(logits: Tensor, vocabSize: Int) -> [Double] {
        var totals = [Double](repeating: 0, count: estimates)
        addCrossEntropy(rows: 0..<input.batch, logits: logits.data, vocabSize: vocabSize, into: &totals)
        return totals
    }

    /// `Transformer.backward` weights ([rows·T]) for a loss with ∂loss/∂E[s] = `coefficients[s]`
    /// ([estimates]): ∂E[s]/∂CE_r = w_r at the positions of slot s.
    public func gradientWeights(estimateCoefficients coefficients: [Double]) -> [Float] {
        precondition(coefficients.count == estimates)
        var out = [Float](repeating: 0, count: input.rows)
        for r in 0..<input.rows where weights[r] != 0 {
            out[r] = Float(coefficients[Int(slots[r])] * Double(weights[r]))
        }
        return out
    }
}
