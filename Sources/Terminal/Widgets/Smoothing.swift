/// Curve smoothing as training dashboards do it.
public enum Smoothing {
    /// TensorBoard's "classic" exponential moving average with debiasing
    /// (`line_chart_v2/data_transformer.ts`): `last = last·w + (1−w)·y`, output `last / (1 − wⁿ)`
    /// with n the count of finite points so far (the average starts at 0, hence the debias).
    /// Non-finite values pass through unsmoothed and do not advance the counter; a constant
    /// series comes back unchanged (no floating-point drift). `weight` in [0, 1).
    public static func tensorBoardEMA(_ ys: [Double], weight: Double) -> [Double] {
        let w = min(max(weight, 0), 0.999_999)
        guard w > 0, let first = ys.first(where: \.isFinite), ys.contains(where: { $0.isFinite && $0 != first }) else {
            return ys
        }
        var last = 0.0
        var wn = 1.0  // wⁿ as a running product: one multiply per point, not a pow (long runs)
        return ys.map { y in
            guard y.isFinite else { return y }
            last = last * w + (1 - w) * y
            wn *= w
            return last / (1 - wn)
        }
    }
}
