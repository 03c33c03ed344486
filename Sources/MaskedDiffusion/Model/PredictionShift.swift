/// Dream's shifted prediction (its generate and evaluation shift the logits right by one,
/// `cat([logits[:, :1], logits[:, :-1]], 1)`): position i is scored by the hidden state of
/// position i − 1, position 0 by its own. Done on the d-wide head input rather than the V-wide
/// logits, which is the same thing since the head is linear.
enum PredictionShift {
    /// In place on x: [B·T, width]: row i of each sequence takes row i − 1 (row 0 stays).
    static func forward(_ x: UnsafeMutablePointer<Float>, batch: Int, seqLen T: Int, width: Int) {
        for b in 0..<batch {
            let s = x + b * T * width
            for i in stride(from: T - 1, through: 1, by: -1) { (s + i * width).update(from: s + (i - 1) * width, count: width) }
        }
    }

    /// The adjoint, in place on dx: [B·T, width]: row j of each sequence receives row j + 1's
    /// gradient, row 0 its own as well, the last row nothing.
    static func backward(_ dx: UnsafeMutablePointer<Float>, batch: Int, seqLen T: Int, width: Int) {
        guard T > 1 else { return }
        for b in 0..<batch {
            let s = dx + b * T * width
            addInPlace(s, s + width, width)
            for j in 1..<(T - 1) { (s + j * width).update(from: s + (j + 1) * width, count: width) }
            (s + (T - 1) * width).update(repeating: 0, count: width)
        }
    }
}
