import CPackedGEMM

/// An inference network's weight matrices, packed once for the packed-weight kernel
/// (`Sources/CPackedGEMM`): OpenBLAS repacks a weight on every product, which is a sixth of a
/// denoise step at 64–128 rows, and at 27 rows the product runs 2.4× faster packed
/// (docs/measurements.md §2.4).
///
/// Built from `ModelParameters` at one `generation` and read-only after; `ModelParameters` builds
/// a new one when its weights change. Holds the packed q/k/v, o, gate/up and down of every layer
/// and the head: about one more copy of the weights.
final class PackedWeights: @unchecked Sendable {
    /// One packed matrix: W [out, in] at `start` in the packed buffer.
    private struct Matrix {
        let start, out, inFeatures: Int
    }

    /// Lanes of the packed kernel inference runs here: 16 (AVX-512F), 8 (AVX2/FMA), or 0 where it
    /// does not run (OpenBLAS multiplies instead). `UNMASK_PACKED_GEMM=0` turns it off and
    /// `UNMASK_PACKED_GEMM=avx2` keeps it at 8 lanes, for A/B measurements.
    static let lanes: Int32 = {
        let here = lanes(on: CPUFeatures.current)
        switch BLASKernels.environment("UNMASK_PACKED_GEMM") {
        case "0": return 0
        case "avx2": return Swift.min(here, 8)
        default: return here
        }
    }()

    /// Whether inference uses the packed kernel here.
    static var enabled: Bool { lanes != 0 }

    /// Whether forward-only networks over `c`'s weights multiply by a packed copy: where the
    /// kernel runs and the copy fits in memory beside the weights (`ModelMemory.packedCopyFits`).
    static func used(for c: ModelConfig) -> Bool { enabled && ModelMemory.packedCopyFits(c) }

    /// The widest packed kernel `cpu` runs (0: none). Where it runs it is inference's choice: at the
    /// 27–128 rows of a denoise step it outruns OpenBLAS (AVX2 against OpenBLAS's Zen kernels, 16
    /// lanes against its AVX-512 ones), at 1024 rows it is about level, and its fused SwiGLU and
    /// attention panels come with it (docs/measurements.md §2.4, §2.5, §2.6).
    static func lanes(on cpu: CPUFeatures) -> Int32 {
        guard unmask_packed_gemm_built() != 0, cpu.features.isSuperset(of: [.avx2, .fma]) else { return 0 }
        return cpu.features.contains(.avx512f) ? 16 : 8
    }

    /// What performs inference's weight products, for `--version` and benchmark headers.
    static var kernelName: String {
        switch lanes {
        case 16: "packed AVX-512 kernel"
        case 8: "packed AVX2/FMA kernel"
        default: "OpenBLAS sgemm"
        }
    }

    /// (offset, out, in) of every matrix a forward pass multiplies activations by.
    static func matrices(_ c: ModelConfig, _ layout: ParameterLayout) -> [(offset: Int, out: Int, in: Int)] {
        let d = c.dModel, f = c.ffHidden
        var list = layout.layers.flatMap { p in
            [(p.qkv, c.qkvWidth, d), (p.o, d, c.queryWidth), (p.gateUp, 2 * f, d), (p.down, d, f)]
        }
        list.append((layout.head, c.vocabSize, d))
        return list.map { (offset: $0.0, out: $0.1, in: $0.2) }
    }

    /// Floats of the packed copies of `c`'s matrices (each `unmask_packed_count`, the one source of
    /// the panel rounding); nil on overflow.
    static func floatCount(_ c: ModelConfig) -> Int? {
        matrices(c, ParameterLayout(c)).reduce(0) { total, m in
            // A bound on the count, checked first: the C function does not check.
            guard CheckedCount.product(m.out + Int(UNMASK_PACKED_PANEL), m.in) != nil else { return nil }
            return CheckedCount.sum(total, unmask_packed_count(m.out, m.in))
        }
    }

    /// The parameters' generation these were packed from.
    let generation: Int
    /// Floats held: `floatCount` of the config.
    let floats: Int
    private let storage: UnsafeMutableRawPointer
    private let byOffset: [Int: Matrix]
    #if DEBUG
        /// `weightSums` of the weights when packed: debug builds catch a write not marked.
        private let source: SIMD2<UInt64>
    #endif

    init(_ params: ModelParameters, generation: Int) {
        let matrices = Self.matrices(params.config, params.layout)
        var byOffset: [Int: Matrix] = [:]
        var total = 0
        for m in matrices {
            byOffset[m.offset] = Matrix(start: total, out: m.out, inFeatures: m.in)
            // Every matrix starts 32-byte aligned: counts are multiples of 16 floats.
            total += unmask_packed_count(m.out, m.in)
        }
        storage = .allocate(byteCount: Swift.max(total, 1) * 4, alignment: 64)
        let floats = storage.bindMemory(to: Float.self, capacity: Swift.max(total, 1))
        for (offset, m) in byOffset {
            unmask_pack_weight(params.values.data + offset, m.out, m.inFeatures, floats + m.start)
        }
        self.byOffset = byOffset
        self.generation = generation
        self.floats = total
        #if DEBUG
            source = params.weightSums()
        #endif
    }

    #if DEBUG
        /// Whether `params` still hold the weights these were packed from.
        func matches(_ params: ModelParameters) -> Bool { params.weightSums() == source }
    #endif

    deinit { storage.deallocate() }

    /// y (+)= x · Wᵀ for the weight at parameter offset `weight` ([out, in]), as `BLAS.linear`.
    /// x: [rows, in], y: [rows, out]. Traps for a weight that was not packed.
    @inline(__always)
    func linear(
        _ x: UnsafePointer<Float>, weight: Int, _ y: UnsafeMutablePointer<Float>, rows: Int, in inFeatures: Int,
        out outFeatures: Int, accumulate: Bool
    ) {
        guard let m = byOffset[weight], m.out == outFeatures, m.inFeatures == inFeatures else {
            preconditionFailure("no packed [\(outFeatures), \(inFeatures)] weight at offset \(weight)")
        }
        if rows == 0 { return }
        let packed = storage.assumingMemoryBound(to: Float.self) + m.start
        unmask_packed_linear(Self.lanes, x, packed, y, rows, inFeatures, outFeatures, accumulate ? 1 : 0)
    }

    /// Whether inference on `c`'s packed weights fuses SwiGLU into the gate/up product (`swiglu`):
    /// where the kernel runs and takes the MLP's shape.
    static func fusesSwiGLU(_ c: ModelConfig) -> Bool {
        enabled && unmask_packed_swiglu_applies(c.dModel, c.ffHidden) != 0
    }

    /// m = silu(x·Gᵀ) ⊙ (x·Uᵀ) for the gate/up weight at parameter offset `weight` ([2·hidden, in],
    /// gate rows first), as the product followed by `SwiGLU.forward`, without writing the
    /// [rows, 2·hidden] pre-activations. x: [rows, in], m: [rows, hidden]. Only where `fusesSwiGLU`.
    func swiglu(
        _ x: UnsafePointer<Float>, weight: Int, _ m: UnsafeMutablePointer<Float>, rows: Int, in inFeatures: Int,
        hidden: Int
    ) {
        guard let w = byOffset[weight], w.out == 2 * hidden, w.inFeatures == inFeatures else {
            preconditionFailure("no packed [\(2 * hidden), \(inFeatures)] weight at offset \(weight)")
        }
        precondition(unmask_packed_swiglu_applies(inFeatures, hidden) != 0)
        let packed = storage.assumingMemoryBound(to: Float.self) + w.start
        unmask_packed_swiglu(Self.lanes, x, packed, m, rows, inFeatures, hidden)
    }
}

extension ModelParameters {
    /// What performs inference's weight products in this process ("packed AVX-512 kernel", "packed
    /// AVX2/FMA kernel" or "OpenBLAS sgemm"), as `--version` prints it.
    public static var inferenceKernel: String { PackedWeights.kernelName }

    /// y = x · Wᵀ for the weight at parameter offset `weight` ([out, in]) exactly as a forward-only
    /// network multiplies (the packed copy where `PackedWeights.used`), for benchmarks that
    /// time the products alone. x: [rows, in], y: [rows, out].
    public func inferenceProduct(
        _ x: UnsafePointer<Float>, weight: Int, _ y: UnsafeMutablePointer<Float>, rows: Int, in inFeatures: Int,
        out outFeatures: Int
    ) {
        if let packed = packedWeights() {
            packed.linear(x, weight: weight, y, rows: rows, in: inFeatures, out: outFeatures, accumulate: false)
        } else {
            BLAS.linear(x, values.data + weight, y, rows: rows, in: inFeatures, out: outFeatures)
        }
    }
}
