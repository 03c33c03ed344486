/// Vector math on 16 lanes (one AVX-512 register in an AVX-512 build, two AVX2 ones in a Haswell
/// build, or four SSE ones on the portable target, docs/platform.md §4.1).
///
/// Swift has no fast-math: a scalar `Float` sum neither vectorises nor stays accurate, and
/// `expf` is a scalar libm call. These helpers keep reductions in 16 partial sums and evaluate
/// `exp` with a polynomial, avoiding the generic SIMD operations that the compiler scalarises
/// (`pointwiseMax`, `clamped`, int conversions; docs/platform.md §4).
public typealias Lanes = SIMD16<Float>

@inline(__always)
func load(_ p: UnsafePointer<Float>) -> Lanes {
    UnsafeRawPointer(p).loadUnaligned(as: Lanes.self)
}

@inline(__always)
func store(_ v: Lanes, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self)
}

@inline(__always)
func lanesMax(_ a: Lanes, _ b: Lanes) -> Lanes { a.replacing(with: b, where: b .> a) }

/// e^x for 16 lanes, relative error ≲ 2e-7 on [-87, 88]; inputs below −87 give 0 (within
/// float's denormal range), above 88 saturate. Range reduction x = n·ln2 + r with the
/// round-to-nearest "magic number" trick, then a degree-6 Taylor polynomial for e^r on
/// |r| ≤ ln2/2 and 2^n built directly in the exponent bits.
@inline(__always)
func fastExp(_ x0: Lanes) -> Lanes {
    let lo = Lanes(repeating: -87.0), hi = Lanes(repeating: 88.0)
    var x = x0.replacing(with: lo, where: x0 .< lo)
    x = x.replacing(with: hi, where: x .> hi)
    let magic = Lanes(repeating: 12_582_912.0)  // 1.5·2²³: adding it rounds to an integer in the low mantissa bits
    let t = x * Lanes(repeating: 1.442_695_04) + magic
    let n = t - magic
    let r = x - n * Lanes(repeating: 0.693_145_75) - n * Lanes(repeating: 1.428_606_8e-6)
    var p = Lanes(repeating: 1.0 / 720)
    p = p * r + Lanes(repeating: 1.0 / 120)
    p = p * r + Lanes(repeating: 1.0 / 24)
    p = p * r + Lanes(repeating: 1.0 / 6)
    p = p * r + Lanes(repeating: 0.5)
    p = p * r + Lanes(repeating: 1)
    p = p * r + Lanes(repeating: 1)
    let nBits = unsafeBitCast(t, to: SIMD16<Int32>.self) &- 0x4B40_0000  // the integer n
    let scale = unsafeBitCast((nBits &+ 127) &<< 23, to: Lanes.self)
    let result = p * scale
    return result.replacing(with: 0, where: x0 .< lo)
}

/// Scalar e^x consistent with `fastExp` (used for tails shorter than 16).
@inline(__always)
func fastExp(_ x: Float) -> Float {
    var v = Lanes(repeating: 0)
    v[0] = x
    return fastExp(v)[0]
}

/// Σ x[i]·y[i] with 16 partial sums.
@inline(__always)
func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc = Lanes(repeating: 0)
    var i = 0
    while i + 16 <= n { acc += load(x + i) * load(y + i); i += 16 }
    var s = acc.sum()
    while i < n { s += x[i] * y[i]; i += 1 }
    return s
}

/// max over x[0..<n] (n ≥ 1).
@inline(__always)
func maxValue(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
    var m = -Float.infinity
    var i = 0
    if n >= 16 {
        var acc = load(x)
        i = 16
        while i + 16 <= n { acc = lanesMax(acc, load(x + i)); i += 16 }
        m = acc.max()
    }
    while i < n { m = Swift.max(m, x[i]); i += 1 }
    return m
}

/// x[i] = exp(x[i] − shift) in place; returns Σ of the results.
@inline(__always)
func expShiftedInPlace(_ x: UnsafeMutablePointer<Float>, _ n: Int, shift: Float) -> Float {
    let s = Lanes(repeating: shift)
    var acc = Lanes(repeating: 0)
    var i = 0
    while i + 16 <= n {
        let e = fastExp(load(x + i) - s)
        store(e, x + i)
        acc += e
        i += 16
    }
    var total = acc.sum()
    while i < n { let e = fastExp(x[i] - shift); x[i] = e; total += e; i += 1 }
    return total
}

/// x[i] *= a.
@inline(__always)
func scaleInPlace(_ x: UnsafeMutablePointer<Float>, _ n: Int, by a: Float) {
    let av = Lanes(repeating: a)
    var i = 0
    while i + 16 <= n { store(load(x + i) * av, x + i); i += 16 }
    while i < n { x[i] *= a; i += 1 }
}

/// y[i] += x[i].
@inline(__always)
func addInPlace(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int) {
    var i = 0
    while i + 16 <= n { store(load(y + i) + load(x + i), y + i); i += 16 }
    while i < n { y[i] += x[i]; i += 1 }
}
