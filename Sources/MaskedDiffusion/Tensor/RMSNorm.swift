/// RMSNorm (LLaMA): y = x / √(mean(x²) + ε) · g, row by row.
public enum RMSNorm {
    /// x: [rows, d], gain: [d] → y: [rows, d], rstd: [rows] (kept for backward).
    public static func forward(
        x: UnsafePointer<Float>, gain: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>,
        rstd: UnsafeMutablePointer<Float>, rows: Int, d: Int, eps: Float
    ) {
        for r in 0..<rows {
            let xr = x + r * d, yr = y + r * d
            let ms = dot(xr, xr, d) / Float(d)
            let s = 1 / (ms + eps).squareRoot()
            rstd[r] = s
            let sv = Lanes(repeating: s)
            var i = 0
            while i + 16 <= d { store(load(xr + i) * sv * load(gain + i), yr + i); i += 16 }
            while i < d { yr[i] = xr[i] * s * gain[i]; i += 1 }
        }
    }

    /// Given dy: [rows, d], accumulates dgain += Σ_rows dy·x̂ and writes (or adds, when
    /// `accumulate`) dx = rstd · (dy·g − x̂ · mean(dy·g·x̂)), with x̂ = x·rstd.
    public static func backward(
        dy: UnsafePointer<Float>, x: UnsafePointer<Float>, gain: UnsafePointer<Float>,
        rstd: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>,
        dgain: UnsafeMutablePointer<Float>, rows: Int, d: Int, accumulate: Bool
    ) {
        for r in 0..<rows {
            let xr = x + r * d, dyr = dy + r * d, dxr = dx + r * d
            let s = rstd[r]
            let sv = Lanes(repeating: s)
            // c = mean(dy · g · x̂)
            var acc = Lanes(repeating: 0)
            var i = 0
            while i + 16 <= d {
                let xh = load(xr + i) * sv
                let dyg = load(dyr + i) * load(gain + i)
                acc += dyg * xh
                store(load(dgain + i) + load(dyr + i) * xh, dgain + i)
                i += 16
            }
            var c = acc.sum()
            while i < d {
                let xh = xr[i] * s
                c += dyr[i] * gain[i] * xh
                dgain[i] += dyr[i] * xh
                i += 1
            }
            c /= Float(d)
            let cv = Lanes(repeating: c)
            i = 0
            while i + 16 <= d {
                let xh = load(xr + i) * sv
                var v = sv * (load(dyr + i) * load(gain + i) - xh * cv)
                if accumulate { v += load(dxr + i) }
                store(v, dxr + i)
                i += 16
            }
            while i < d {
                let v = s * (dyr[i] * gain[i] - xr[i] * s * c)
                dxr[i] = accumulate ? dxr[i] + v : v
                i += 1
            }
        }
    }
}
