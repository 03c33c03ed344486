import Testing

@testable import MaskedDiffusion

/// Attention's two per-head products on the packed kernel (`AttentionPanels`): scale · Q Kᵀ and
/// P V read through row strides (q, k, v are column blocks of the q/k/v matrix) equal OpenBLAS's
/// up to rounding, on panel and tile remainders.
@Suite(.enabled(if: PackedWeights.enabled, "the packed kernel does not run on this CPU"))
struct AttentionPanelsTests {
    /// (queries, keys, head width, row stride of q/k/v and of out): one query; a Countdown sequence;
    /// keys and widths that are not multiples of a panel; a small-preset head; 600 keys (P·V over
    /// two k-slices, Q·Kᵀ over several row blocks).
    @Test(arguments: [
        (1, 1, 4, 8), (7, 27, 32, 96), (27, 27, 32, 384), (13, 40, 20, 61), (128, 128, 64, 192), (600, 600, 32, 96)
    ])
    func productsEqualOpenBLAS(queries: Int, keys: Int, headDim hd: Int, stride: Int) {
        var rng = RNG(seed: 3, stream: .data)
        let rows = Swift.max(queries, keys)
        let q = (0..<rows * stride).map { _ in Float(rng.normal()) }
        let k = (0..<rows * stride).map { _ in Float(rng.normal()) }
        let p = (0..<queries * keys).map { _ in rng.uniformFloat() }
        let panels = AttentionPanels(keys: keys, headDim: hd)
        let scale: Float = 0.3

        var expected = [Float](repeating: 0, count: queries * keys), got = expected
        BLAS.gemm(
            transB: true, m: queries, n: keys, k: hd, alpha: scale, a: q, lda: stride, b: k, ldb: stride,
            c: &expected, ldc: keys)
        panels.scores(
            q: q, qStride: stride, k: k, kStride: stride, scale: scale, into: &got, queries: queries, keys: keys,
            headDim: hd)
        expectClose(got, expected, scale: Float(hd).squareRoot() * scale, "scores \(queries)×\(keys)×\(hd)")

        // Values from k's buffer; out written in a wider matrix, whose other columns stay untouched.
        let sentinel: Float = 7
        var expectedOut = [Float](repeating: sentinel, count: queries * stride), gotOut = expectedOut
        BLAS.gemm(m: queries, n: hd, k: keys, a: p, lda: keys, b: k, ldb: stride, c: &expectedOut, ldc: stride)
        panels.weightedValues(
            p: p, v: k, vStride: stride, into: &gotOut, outStride: stride, queries: queries, keys: keys, headDim: hd)
        expectClose(gotOut, expectedOut, scale: Float(keys).squareRoot(), "values \(queries)×\(keys)×\(hd)")
        #expect((0..<queries).allSatisfy { r in gotOut[(r * stride + hd)..<(r * stride + stride)].allSatisfy { $0 == sentinel } })
    }

    /// A head over more positions than the panels were sized for stops instead of writing past them.
    @Test func tooManyKeysStop() async {
        await #expect(processExitsWith: .failure) {
            let panels = AttentionPanels(keys: 8, headDim: 4)
            let q = [Float](repeating: 1, count: 9 * 4)
            var p = [Float](repeating: 0, count: 9 * 9)
            panels.scores(q: q, qStride: 4, k: q, kStride: 4, scale: 1, into: &p, queries: 9, keys: 9, headDim: 4)
        }
    }

    /// Within 1e-5 of `scale` (the size of the sums' terms) everywhere.
    private func expectClose(_ got: [Float], _ expected: [Float], scale: Float, _ what: String) {
        let worst = zip(got, expected).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= 1e-5 * scale, "\(what): \(worst)")
    }
}
