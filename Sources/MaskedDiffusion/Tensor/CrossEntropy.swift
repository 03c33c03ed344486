/// The weighted cross-entropy that every loss in Unmask reduces to.
public enum CrossEntropy {
    /// Σ_r weight[r] · CE(logits[r], target[r]) and its gradient with respect to the logits.
    ///
    /// logits: [rows, n], targets: [rows], weights: [rows] → dlogits: [rows, n] with
    /// dlogits[r] = weight[r] · (softmax(logits[r]) − onehot(target[r])); rows of weight 0 are
    /// zero and cost nothing. The sum is accumulated in Double. `dlogits` may alias `logits`.
    @discardableResult
    public static func weighted(
        logits: UnsafePointer<Float>, targets: UnsafePointer<Int32>,
        weights: UnsafePointer<Float>, dlogits: UnsafeMutablePointer<Float>,
        rows: Int, n: Int
    ) -> Double {
        var loss = 0.0
        for r in 0..<rows {
            let w = weights[r]
            let dr = dlogits + r * n
            if w == 0 {
                dr.update(repeating: 0, count: n)
                continue
            }
            let zr = logits + r * n
            let y = Int(targets[r])
            precondition(y >= 0 && y < n, "target \(y) outside 0..<\(n)")
            let zy = zr[y]
            let m = maxValue(zr, n)
            if UnsafePointer(dr) != zr { dr.update(from: zr, count: n) }
            let total = expShiftedInPlace(dr, n, shift: m)
            loss += Double(w) * (Double(m) + Double(_logf(total)) - Double(zy))
            scaleInPlace(dr, n, by: w / total)
            dr[y] -= w
        }
        return loss
    }
}
