import Testing

@testable import MaskedDiffusion

/// The engine's kernels against naive Double computations.
@Suite(.serialized) struct KernelTests {
    private func randomTensor(_ shape: [Int], seed: UInt64, scale: Double = 1) -> Tensor {
        var rng = RNG(seed: seed, stream: .data)
        let t = Tensor(shape: shape)
        for i in 0..<t.count { t[i] = Float(rng.normal() * scale) }
        return t
    }

    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
    func gemmMatchesNaiveProductForEveryTransposition(transA: Bool, transB: Bool) {
        BLAS.setThreads(1)
        let (m, n, k) = (5, 7, 3)
        // Stored with row strides larger than the logical width, as the per-head products are.
        let (aRows, aCols) = transA ? (k, m) : (m, k)
        let (bRows, bCols) = transB ? (n, k) : (k, n)
        let lda = aCols + 2, ldb = bCols + 3, ldc = n + 1
        let a = randomTensor([aRows, lda], seed: 1), b = randomTensor([bRows, ldb], seed: 2)
        let c = randomTensor([m, ldc], seed: 3)
        let c0 = c.array
        BLAS.gemm(
            transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, a: a.data, lda: lda,
            b: b.data, ldb: ldb, beta: 2, c: c.data, ldc: ldc)
        for i in 0..<m {
            for j in 0..<n {
                var s = 0.0
                for p in 0..<k {
                    let av = transA ? a[p * lda + i] : a[i * lda + p]
                    let bv = transB ? b[j * ldb + p] : b[p * ldb + j]
                    s += Double(av) * Double(bv)
                }
                let expected = 0.5 * s + 2 * Double(c0[i * ldc + j])
                #expect(abs(Double(c[i * ldc + j]) - expected) < 1e-5)
            }
            #expect(c[i * ldc + n] == c0[i * ldc + n], "the padding column is untouched")
        }
    }

    @Test func fastExpIsAccurateAcrossTheFloatRange() {
        var worst = 0.0
        var x: Float = -87
        while x < 87.8 {
            var v = Lanes(repeating: 0)
            for l in 0..<16 { v[l] = x + Float(l) * 0.0071 }
            let e = fastExp(v)
            for l in 0..<16 {
                let exact = _exp(Double(v[l]))
                worst = max(worst, abs(Double(e[l]) - exact) / exact)
            }
            x += 0.113
        }
        #expect(worst < 5e-7, "worst relative error \(worst)")
        #expect(fastExp(-Float.infinity) == 0)
        #expect(fastExp(Float(-100)) == 0)
    }

    @Test func softmaxRowsSumToOneAndMatchDefinition() {
        let (rows, n) = (3, 37)
        let x = randomTensor([rows, n], seed: 4, scale: 5)
        let original = x.array
        Softmax.rowsInPlace(x.data, rows: rows, n: n)
        for r in 0..<rows {
            let row = original[r * n..<(r + 1) * n].map(Double.init)
            let m = row.max()!
            let z = row.reduce(0) { $0 + _exp($1 - m) }
            for j in 0..<n {
                #expect(abs(Double(x[r * n + j]) - _exp(row[j] - m) / z) < 1e-6)
            }
            #expect(
                abs(
                    Softmax.logSumExp(original.withUnsafeBufferPointer { $0.baseAddress! + r * n }, n: n)
                        - Float(m + _log(z))) < 1e-4)
        }
    }

    @Test func weightedCrossEntropyMatchesBruteForce() {
        let (rows, n) = (4, 21)
        let logits = randomTensor([rows, n], seed: 5, scale: 3)
        let targets: [Int32] = [0, 20, 7, 3]
        let weights: [Float] = [0.5, 0, 2, 1.25]
        let d = Tensor(shape: [rows, n])
        let loss = CrossEntropy.weighted(
            logits: logits.data, targets: targets, weights: weights, dlogits: d.data,
            rows: rows, n: n)
        var expected = 0.0
        for r in 0..<rows {
            let z = (0..<n).map { Double(logits[r * n + $0]) }
            let lse = _log(z.reduce(0) { $0 + _exp($1) })
            expected += Double(weights[r]) * (lse - z[Int(targets[r])])
            for j in 0..<n {
                let g = Double(weights[r]) * (_exp(z[j] - lse) - (j == Int(targets[r]) ? 1 : 0))
                #expect(abs(Double(d[r * n + j]) - g) < 1e-6)
            }
        }
        #expect(abs(loss - expected) < 1e-5 * abs(expected))
    }

    @Test func ropeRotatesPairsAndInvertsExactly() {
        let hd = 8, T = 5, heads = 3, stride = heads * hd + 4
        let rope = RoPE(headDim: hd, maxLen: T, theta: 10_000)
        let x = randomTensor([T, stride], seed: 6)
        let original = x.array
        rope.apply(x.data, rows: T, seqLen: T, heads: heads, stride: stride)
        for t in 0..<T {
            for h in 0..<heads {
                for j in 0..<hd / 2 {
                    let angle = Double(t) * _pow(10_000, -2 * Double(j) / Double(hd))
                    let a = Double(original[t * stride + h * hd + j]), b = Double(original[t * stride + h * hd + j + hd / 2])
                    #expect(abs(Double(x[t * stride + h * hd + j]) - (a * _cos(angle) - b * _sin(angle))) < 1e-5)
                    #expect(abs(Double(x[t * stride + h * hd + j + hd / 2]) - (b * _cos(angle) + a * _sin(angle))) < 1e-5)
                }
            }
            for j in heads * hd..<stride { #expect(x[t * stride + j] == original[t * stride + j]) }
        }
        rope.apply(x.data, rows: T, seqLen: T, heads: heads, stride: stride, inverse: true)
        for i in 0..<x.count { #expect(abs(x[i] - original[i]) < 1e-5) }
    }

    @Test func rmsNormMatchesDefinition() {
        let (rows, d) = (3, 19)
        let x = randomTensor([rows, d], seed: 7, scale: 2), g = randomTensor([d], seed: 8)
        let y = Tensor(shape: [rows, d]), rstd = Tensor(shape: [rows])
        RMSNorm.forward(x: x.data, gain: g.data, y: y.data, rstd: rstd.data, rows: rows, d: d, eps: 1e-5)
        for r in 0..<rows {
            let ms = (0..<d).reduce(0.0) { $0 + Double(x[r * d + $1]) * Double(x[r * d + $1]) } / Double(d)
            let s = 1 / (ms + 1e-5).squareRoot()
            for i in 0..<d { #expect(abs(Double(y[r * d + i]) - Double(x[r * d + i]) * s * Double(g[i])) < 1e-5) }
        }
    }

    @Test func swigluMatchesDefinition() {
        let (rows, f) = (2, 35)
        let gu = randomTensor([rows, 2 * f], seed: 9, scale: 3), m = Tensor(shape: [rows, f])
        SwiGLU.forward(gateUp: gu.data, m: m.data, rows: rows, f: f)
        for r in 0..<rows {
            for i in 0..<f {
                let a = Double(gu[r * 2 * f + i]), u = Double(gu[r * 2 * f + f + i])
                #expect(abs(Double(m[r * f + i]) - a / (1 + _exp(-a)) * u) < 1e-5)
            }
        }
    }

    @Test func maskedAttentionIgnoresPaddingKeys() {
        let x = Tensor(shape: [2, 4], values: [1, 2, 3, 4, 5, 6, 7, 8])
        let valid = [true, false, true, false]
        valid.withUnsafeBufferPointer { Attention.maskedSoftmaxRows(x.data, rows: 2, n: 4, valid: $0.baseAddress) }
        for r in 0..<2 {
            #expect(x[r * 4 + 1] == 0 && x[r * 4 + 3] == 0)
            #expect(abs(x[r * 4] + x[r * 4 + 2] - 1) < 1e-6)
        }
        let none = [false, false, false, false]
        none.withUnsafeBufferPointer { Attention.maskedSoftmaxRows(x.data, rows: 2, n: 4, valid: $0.baseAddress) }
        #expect(x.array.allSatisfy { $0 == 0 })
    }
}
