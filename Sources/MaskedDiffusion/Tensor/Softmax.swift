/// Row-wise softmax and log-sum-exp.
public enum Softmax {
    /// Softmax of each row in place. x: [rows, n].
    public static func rowsInPlace(_ x: UnsafeMutablePointer<Float>, rows: Int, n: Int) {
        for r in 0..<rows {
            let xr = x + r * n
            let m = maxValue(xr, n)
            let total = expShiftedInPlace(xr, n, shift: m)
            scaleInPlace(xr, n, by: 1 / total)
        }
    }

    /// log Σ exp(x) of one row (stable).
    @inline(__always)
    public static func logSumExp(_ x: UnsafePointer<Float>, n: Int) -> Float {
        let m = maxValue(x, n)
        var acc = Lanes(repeating: 0)
        let mv = Lanes(repeating: m)
        var i = 0
        while i + 16 <= n { acc += fastExp(load(x + i) - mv); i += 16 }
        var s = acc.sum()
        while i < n { s += fastExp(x[i] - m); i += 1 }
        return m + _logf(s)
    }
}
