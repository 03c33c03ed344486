/// The SiLU-gated MLP activation: m = silu(a) · u with silu(a) = a·σ(a).
public enum SwiGLU {
    /// gateUp: [rows, 2f] with the gate a in the first f columns and u in the last f → m: [rows, f].
    public static func forward(gateUp: UnsafePointer<Float>, m: UnsafeMutablePointer<Float>, rows: Int, f: Int) {
        let one = Lanes(repeating: 1)
        for r in 0..<rows {
            let a = gateUp + r * 2 * f, u = a + f, mr = m + r * f
            var i = 0
            while i + 16 <= f {
                let av = load(a + i)
                let sig = one / (one + fastExp(-av))
                store(av * sig * load(u + i), mr + i)
                i += 16
            }
            while i < f {
                let sig = 1 / (1 + fastExp(-a[i]))
                mr[i] = a[i] * sig * u[i]
                i += 1
            }
        }
    }

    /// dm: [rows, f] → dgateUp: [rows, 2f]: da = dm·u·σ(a)(1 + a(1 − σ(a))), du = dm·silu(a).
    public static func backward(
        dm: UnsafePointer<Float>, gateUp: UnsafePointer<Float>,
        dGateUp: UnsafeMutablePointer<Float>, rows: Int, f: Int
    ) {
        let one = Lanes(repeating: 1)
        for r in 0..<rows {
            let a = gateUp + r * 2 * f, u = a + f, dmr = dm + r * f
            let da = dGateUp + r * 2 * f, du = da + f
            var i = 0
            while i + 16 <= f {
                let av = load(a + i), g = load(dmr + i)
                let sig = one / (one + fastExp(-av))
                store(g * av * sig, du + i)
                store(g * load(u + i) * sig * (one + av * (one - sig)), da + i)
                i += 16
            }
            while i < f {
                let sig = 1 / (1 + fastExp(-a[i]))
                du[i] = dmr[i] * a[i] * sig
                da[i] = dmr[i] * u[i] * sig * (1 + a[i] * (1 - sig))
                i += 1
            }
        }
    }
}
