import CPackedGEMM
import Testing

@testable import MaskedDiffusion

/// Inference's products over weights packed once (`PackedWeights`, `Sources/CPackedGEMM`): the
/// kernel equals OpenBLAS's product up to rounding on every shape, at every width this CPU runs
/// (8 lanes: tiles of 6 rows × one 16-column panel; 16 lanes: 12 rows × two panels; and their
/// remainders), the choice of kernel follows the CPU, and a change of the weights reaches the next
/// forward.
@Suite(.enabled(if: PackedWeights.enabled, "the packed kernel does not run on this CPU"))
struct PackedWeightsTests {
    typealias Split = RowSplitForwardTests

    /// The kernel widths this CPU runs: 8, and 16 where it has AVX-512F.
    static let widths: [Int32] = PackedWeights.lanes(on: .current) == 16 ? [8, 16] : [8]

    /// Rows 1…13 and 25 cover full tiles and every remainder; outputs 1…48 full and partial panels,
    /// whole pairs and a lone last panel; 200 rows of 1100 inputs, several row blocks and k-slices
    /// (the last one short).
    @Test(arguments: [
        (1, 16, 8), (5, 17, 3), (6, 33, 64), (7, 40, 129), (12, 1, 32), (13, 31, 100), (25, 64, 40), (64, 48, 96), (200, 24, 1100)
    ])
    func productEqualsOpenBLAS(rows: Int, out: Int, inFeatures: Int) {
        var rng = RNG(seed: 11, stream: .data)
        let x = (0..<rows * inFeatures).map { _ in Float(rng.normal()) }
        let w = (0..<out * inFeatures).map { _ in Float(rng.normal()) }
        let start = (0..<rows * out).map { _ in Float(rng.normal()) }
        let count = unmask_packed_count(out, inFeatures)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: 4 * count, alignment: 32)  // the kernel's aligned loads
        defer { raw.deallocate() }
        let packed = raw.bindMemory(to: Float.self, capacity: count)
        unmask_pack_weight(w, out, inFeatures, packed)
        for lanes in Self.widths {
            for accumulate in [false, true] {
                expectEqualProducts(lanes: lanes, accumulate: accumulate)
            }
        }

        func expectEqualProducts(lanes: Int32, accumulate: Bool) {
            var expected = start, got = start
            BLAS.linear(x, w, &expected, rows: rows, in: inFeatures, out: out, accumulate: accumulate)
            unmask_packed_linear(lanes, x, packed, &got, rows, inFeatures, out, accumulate ? 1 : 0)
            // Error relative to Σ_k |x_rk·w_jk|, the scale of float rounding in a dot product;
            // a dropped or doubled slice of k would be of order 1.
            let worst = (0..<rows * out).map { i -> Float in
                let (r, j) = i.quotientAndRemainder(dividingBy: out)
                let scale = (0..<inFeatures).reduce(Float(0)) { $0 + abs(x[r * inFeatures + $1] * w[j * inFeatures + $1]) }
                return abs(expected[i] - got[i]) / max(scale, 1)
            }.max()!
            #expect(
                worst <= 1e-5,
                "\(lanes) lanes, [\(rows), \(inFeatures)] × [\(out), \(inFeatures)]ᵀ, accumulate \(accumulate): \(worst)")
        }
    }

    /// The fused gate/up product with SwiGLU equals the product followed by `SwiGLU.forward`, on
    /// full and partial tiles, one and several row blocks, and k up to one whole slice.
    @Test(arguments: [(1, 16, 8), (5, 32, 3), (13, 48, 100), (200, 16, 512), (1000, 32, 64)])
    func fusedSwiGLUEqualsProductThenSwiGLU(rows: Int, hidden: Int, inFeatures: Int) {
        #expect(unmask_packed_swiglu_applies(inFeatures, hidden) != 0)
        var rng = RNG(seed: 12, stream: .data)
        let x = (0..<rows * inFeatures).map { _ in Float(rng.normal()) }
        // Pre-activations of standard deviation 9, so the gates reach both tails of the sigmoid.
        let w = (0..<2 * hidden * inFeatures).map { _ in Float(rng.normal()) * 9 / Float(inFeatures).squareRoot() }
        let count = unmask_packed_count(2 * hidden, inFeatures)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: 4 * count, alignment: 32)
        defer { raw.deallocate() }
        let packed = raw.bindMemory(to: Float.self, capacity: count)
        unmask_pack_weight(w, 2 * hidden, inFeatures, packed)
        for lanes in Self.widths {
            var gateUp = [Float](repeating: 0, count: rows * 2 * hidden)
            var expected = [Float](repeating: 0, count: rows * hidden), got = expected
            unmask_packed_linear(lanes, x, packed, &gateUp, rows, inFeatures, 2 * hidden, 0)
            SwiGLU.forward(gateUp: gateUp, m: &expected, rows: rows, f: hidden)
            unmask_packed_swiglu(lanes, x, packed, &got, rows, inFeatures, hidden)
            let worst = zip(expected, got).map { abs($0 - $1) / max(abs($0), 1) }.max()!
            #expect(worst <= 1e-5, "\(lanes) lanes, [\(rows), \(inFeatures)], hidden \(hidden): \(worst)")
        }
    }

    /// Every architecture variant: a forward-only network on packed weights gives the logits of
    /// one multiplying with OpenBLAS, up to rounding.
    @Test(arguments: Split.configs.keys.sorted())
    func forwardEqualsOpenBLASForward(variant: String) {
        let config = Split.configs[variant]!
        let params = TestModels.randomParameters(config, seed: 5)
        let batch = Split.batch(config, sequences: 3, padded: true)
        func logits(packed: Bool) -> [Float] {
            Split.logits(
                Transformer(params: params, maxRows: batch.rows, forwardOnly: true, packedWeights: packed), batch)
        }
        let packed = logits(packed: true), blas = logits(packed: false)
        #expect(packed != blas, "\(variant): the two kernels round differently, so equal logits mean one ran twice")
        let worst = zip(packed, blas).map { abs($0 - $1) }.max()!
        #expect(worst <= 1e-4, "\(variant): \(worst)")
    }

    /// The packed copy is made again after `markChanged()`, so a network built before an update
    /// computes with the new weights.
    @Test func anUpdateReachesTheNextForward() {
        let config = Split.configs["plain"]!
        let params = TestModels.randomParameters(config, seed: 5)
        let batch = Split.batch(config, sequences: 1, padded: false)
        let network = Transformer(params: params, maxRows: batch.rows, forwardOnly: true)
        let before = Split.logits(network, batch)
        let first = params.packedWeights()
        for i in 0..<params.values.count { params.values[i] *= 0.9 }
        params.markChanged()
        let after = Split.logits(network, batch)
        #expect(params.packedWeights() !== first)
        let fresh = Split.logits(Transformer(params: params.copy(), maxRows: batch.rows, forwardOnly: true), batch)
        #expect(after == fresh && after != before)
    }

    /// A change frees the stale copy at once: the parameters drop theirs and a network lets go of
    /// its own after each forward, so an update never holds two copies (the memory check counts one).
    @Test func aChangeFreesTheStaleCopy() {
        let config = Split.configs["plain"]!
        let params = TestModels.randomParameters(config, seed: 5)
        let batch = Split.batch(config, sequences: 1, padded: false)
        let network = Transformer(params: params, maxRows: batch.rows, forwardOnly: true)
        _ = Split.logits(network, batch)
        weak let stale = params.packedWeights()
        #expect(stale != nil)
        params.markChanged()
        #expect(stale == nil)
    }

    /// One packed copy per parameters, shared by every forward-only network over them, and counted
    /// by the memory check as `floatCount` says.
    @Test func oneSharedCopyOfTheSizeTheMemoryCheckCounts() {
        let config = Split.configs["qwen3-tied"]!
        let params = TestModels.randomParameters(config, seed: 5)
        let a = Transformer(params: params, maxRows: config.maxSeqLen, forwardOnly: true)
        let b = Transformer(params: params, maxRows: 2 * config.maxSeqLen, forwardOnly: true)
        _ = Split.logits(a, Split.batch(config, sequences: 1, padded: false))
        let shared = params.packedWeights()
        _ = Split.logits(b, Split.batch(config, sequences: 2, padded: false))
        #expect(params.packedWeights() === shared)
        #expect(shared?.floats == PackedWeights.floatCount(config))
        // The tied head is the embedding's first V rows: packed once, as [V, d].
        let panel = Int(UNMASK_PACKED_PANEL), d = config.dModel, f = config.ffHidden
        let padded = { (rows: Int) in (rows + panel - 1) / panel * panel }
        let perLayer = padded(config.qkvWidth) * d + padded(d) * config.queryWidth + padded(2 * f) * d + padded(d) * f
        #expect(PackedWeights.floatCount(config) == config.nLayers * perLayer + padded(config.vocabSize) * d)
    }

    #if DEBUG
        /// A write to the weights without `markChanged()` would leave inference on stale weights;
        /// debug builds stop at the next forward instead.
        @Test func anUnmarkedWriteStopsADebugBuild() async {
            await #expect(processExitsWith: .failure) {
                let config = RowSplitForwardTests.configs["plain"]!
                let params = TestModels.randomParameters(config, seed: 5)
                let batch = RowSplitForwardTests.batch(config, sequences: 1, padded: false)
                let network = Transformer(params: params, maxRows: batch.rows, forwardOnly: true)
                _ = RowSplitForwardTests.logits(network, batch)
                params.values[0] += 1
                _ = RowSplitForwardTests.logits(network, batch)
            }
        }
    #endif
}

/// Which CPUs get the packed kernel at which width (16 lanes with AVX-512F, 8 with AVX2 and FMA,
/// none without), and which shapes its fused SwiGLU and attention take.
struct PackedKernelChoiceTests {
    static func cpu(_ features: Set<CPUFeatures.Feature>) -> CPUFeatures {
        CPUFeatures(vendor: "test", brand: "test", family: 6, model: 1, features: features)
    }

    @Test func theWidestKernelTheCPURunsIsChosen() {
        let built = unmask_packed_gemm_built() != 0
        #expect(PackedWeights.lanes(on: Self.cpu([.sse3, .avx, .fma, .avx2])) == (built ? 8 : 0))
        let avx512: Set<CPUFeatures.Feature> = [.avx, .fma, .avx2, .avx512f, .avx512bw, .avx512vl]
        #expect(PackedWeights.lanes(on: Self.cpu(avx512)) == (built ? 16 : 0))
        #expect(PackedWeights.lanes(on: Self.cpu([.avx, .avx2, .avx512f])) == 0)
        #expect(PackedWeights.lanes(on: Self.cpu([.sse3, .ssse3, .sse41, .sse42])) == 0)
    }

    /// Hidden widths that are not whole panels, and inputs wider than one k-slice, take the
    /// unfused SwiGLU.
    @Test func fusionAppliesToWholePanelsWithinOneSlice() {
        #expect(unmask_packed_swiglu_applies(512, 1024) != 0)
        #expect(unmask_packed_swiglu_applies(256, 36) == 0)
        #expect(unmask_packed_swiglu_applies(513, 1024) == 0)
    }

    /// Heads up to 64 wide get attention panels in a workspace on packed weights (where the kernel
    /// runs); wider heads (slower on the packed kernel), inference on OpenBLAS and training get none.
    @Test func onlyNarrowHeadsOfInferenceOnPackedWeightsGetPanels() {
        func workspace(headDim: Int, forwardOnly: Bool = true, packs: Bool = true) -> Workspace {
            let c = ModelConfig(
                vocabSize: 11, dModel: 64, nLayers: 1, nHeads: 2, headDim: headDim, ffHidden: 32, maxSeqLen: 8)
            return Workspace(config: c, maxRows: 8, maxSeqLen: 8, forwardOnly: forwardOnly, packsWeights: packs)
        }
        #expect((workspace(headDim: 32).attentionPanels != nil) == PackedWeights.enabled)
        #expect((workspace(headDim: 64).attentionPanels != nil) == PackedWeights.enabled)
        #expect(workspace(headDim: 128).attentionPanels == nil)
        #expect(workspace(headDim: 32, packs: false).attentionPanels == nil)
        #expect(workspace(headDim: 32, forwardOnly: false).attentionPanels == nil)
    }
}
