import Synchronization

/// The weights of one model: a `ModelConfig`, its `ParameterLayout`, and one flat tensor.
///
/// Whoever writes `values` after a forward-only network has read them (an optimizer step, a
/// restored checkpoint, a copy into them) calls `markChanged()`: inference multiplies by a packed
/// copy (`PackedWeights`), made again on the next forward after a change. Debug builds check
/// that no write went unmarked.
public final class ModelParameters: @unchecked Sendable {
    public let config: ModelConfig
    public let layout: ParameterLayout
    /// Every weight, laid out as `layout` says: [layout.totalCount].
    public let values: Tensor
    /// The generation of `values` (bumped by `markChanged`) and the packed copy made from one.
    private let packing = Mutex<(generation: Int, packed: PackedWeights?)>((0, nil))
    /// Whether inference packs these weights (`PackedWeights.used`).
    private let packs: Bool

    /// Zero weights (norm gains included); use `initialize(seed:)` for a trainable start.
    public init(config: ModelConfig) {
        precondition(config.problems.isEmpty, config.problems.joined(separator: "; "))
        self.config = config
        self.layout = ParameterLayout(config)
        self.values = Tensor(shape: [layout.totalCount])
        packs = PackedWeights.used(for: config)
    }

    /// GPT-2/LLaDA-style initialisation: N(0, 0.02) for embeddings and projections, the
    /// residual-branch outputs (o_proj, down_proj) scaled by 1/√(2·layers), norm gains 1, biases 0.
    public func initialize(seed: UInt64) {
        var rng = RNG(seed: seed, stream: .initialization)
        let residualStd = 0.02 / Double(2 * max(config.nLayers, 1)).squareRoot()
        for e in layout.entries {
            let p = values.data + e.offset
            if !e.decays {
                p.update(repeating: e.isBias ? 0 : 1, count: e.count)
                continue
            }
            let isResidual = e.name.hasSuffix("o_proj.weight") || e.name.hasSuffix("down_proj.weight")
            let std = isResidual ? residualStd : 0.02
            for i in 0..<e.count { p[i] = Float(rng.normal() * std) }
        }
        markChanged()
    }

    /// Records that `values` changed: the next inference forward packs them again.
    /// The stale copy is dropped now, so that two copies never live at once (the memory check
    /// counts one; networks release theirs after each forward).
    public func markChanged() {
        packing.withLock {
            $0.generation += 1
            $0.packed = nil
        }
    }

    /// The packed copy of the current weights, made now if they changed since the last one; nil
    /// where inference uses OpenBLAS (`PackedWeights.used`). Shared by every forward-only
    /// network over these weights.
    func packedWeights() -> PackedWeights? {
        guard packs else { return nil }
        let (packed, reused) = packing.withLock { state in
            if let packed = state.packed, packed.generation == state.generation { return (packed, true) }
            let packed = PackedWeights(self, generation: state.generation)
            state.packed = packed
            return (packed, false)
        }
        #if DEBUG
            // Outside the lock: the scan reads every weight, and concurrent networks need not wait.
            precondition(
                !reused || packed.matches(self), "ModelParameters.values changed without markChanged(): stale packed weights")
        #endif
        return packed
    }

    /// A pointer to the first element of the named tensor.
    public func pointer(_ name: String) -> UnsafeMutablePointer<Float>? {
        layout.entry(named: name).map { values.data + $0.offset }
    }

    /// 32 hex digits naming these weights (`weightSums`). Not a cryptographic hash: it tells
    /// apart a model's checkpoints, not adversarial files. One pass over the values (about a
    /// second for 0.6B parameters).
    public var fingerprint: String {
        let sums = weightSums()
        return [sums[0], sums[1]].map { sum in
            let hex = String(sum, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// Two wrapping sums of the weights' bit patterns, the second position-weighted, so any one
    /// changed weight, or two swapped, changes them. Allocates nothing (debug builds check the
    /// packed copy with it on every forward).
    func weightSums() -> SIMD2<UInt64> {
        var plain: UInt64 = 0, weighted: UInt64 = 0
        for i in 0..<values.count {
            let bits = UInt64(values.data[i].bitPattern)
            plain &+= bits
            weighted &+= bits &* UInt64(i + 1)
        }
        return SIMD2(plain, weighted)
    }

    /// A deep copy (e.g. the frozen reference policy of RL).
    public func copy() -> ModelParameters {
        let c = ModelParameters(config: config)
        c.values.data.update(from: values.data, count: values.count)
        c.markChanged()
        return c
    }
}
