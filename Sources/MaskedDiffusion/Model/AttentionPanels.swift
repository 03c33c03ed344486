import CPackedGEMM

/// Scratch for one attention head's two products on the packed-weight kernel, used by inference
/// passes whose weight products are packed (`Workspace.packed`): the head's keys, then its values,
/// are packed into the kernel's panels and multiplied there. OpenBLAS packs both operands of
/// every per-head product itself; on the packed kernel a head of 128 positions × 32 dimensions
/// runs 1.2× faster, 27 positions 1.3× (docs/measurements.md §2.5); heads of 128 run slower, and
/// stay on OpenBLAS (`help`).
///
/// One per worker: the panels of the head in progress live here between its two products.
struct AttentionPanels {
    private let storage: Tensor

    /// Panels for heads of `headDim` over at most `keys` positions: room for either operand.
    init(keys: Int, headDim: Int) {
        guard let count = Self.floatCount(keys: keys, headDim: headDim) else {
            preconditionFailure("attention panels for \(keys) positions overflow")
        }
        storage = Tensor(shape: [count])
        self.keys = keys
    }

    /// The most positions a head may attend over.
    let keys: Int

    /// Whether heads of `headDim` run faster on the packed kernel than on OpenBLAS: measured
    /// 1.2–1.3× at 32 (27–512 positions), 1.01–1.10× at 64, 0.91–0.97× at 128 (docs/measurements.md
    /// §2.5), so wider heads stay on OpenBLAS.
    static func help(headDim: Int) -> Bool { headDim <= 64 }

    /// Floats of the panels: the larger of the packed keys [keys, hd] and values ᵀ [hd, keys];
    /// nil on overflow.
    static func floatCount(keys: Int, headDim: Int) -> Int? {
        // A bound on both counts, checked first: the C function does not check.
        guard CheckedCount.product(keys + Int(UNMASK_PACKED_PANEL), headDim + Int(UNMASK_PACKED_PANEL)) != nil else {
            return nil
        }
        return Swift.max(unmask_packed_count(keys, headDim), unmask_packed_count(headDim, keys))
    }

    /// p = scale · Q Kᵀ: q [queries, hd] (row stride qStride), k [keys, hd] (row stride kStride)
    /// → p [queries, keys] (row stride keys).
    func scores(
        q: UnsafePointer<Float>, qStride: Int, k: UnsafePointer<Float>, kStride: Int, scale: Float,
        into p: UnsafeMutablePointer<Float>, queries: Int, keys: Int, headDim hd: Int
    ) {
        precondition(keys <= self.keys, "attention over more positions than its panels hold")
        unmask_pack_rows(k, kStride, keys, hd, scale, storage.data)
        unmask_packed_product(PackedWeights.lanes, q, qStride, storage.data, p, keys, queries, hd, keys, 0)
    }

    /// out = P V: p [queries, keys] (row stride keys), v [keys, hd] (row stride vStride)
    /// → out [queries, hd] (row stride outStride).
    func weightedValues(
        p: UnsafePointer<Float>, v: UnsafePointer<Float>, vStride: Int, into out: UnsafeMutablePointer<Float>,
        outStride: Int, queries: Int, keys: Int, headDim hd: Int
    ) {
        precondition(keys <= self.keys, "attention over more positions than its panels hold")
        unmask_pack_columns(v, vStride, keys, hd, storage.data)
        unmask_packed_product(PackedWeights.lanes, p, keys, storage.data, out, outStride, queries, keys, hd, 0)
    }
}
