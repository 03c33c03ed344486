/// Keys and values of every layer for a fixed set of sequences, kept between network calls so a
/// block decoder can recompute only the positions that are still changing (Fast-dLLM's
/// approximate cache, docs/methods.md §1.6).
///
/// A sequence lives in a *slot*: the caller says which slot each sequence of a batch uses, so a
/// sampler whose batches change composition (rows finishing, guidance's unconditional copies)
/// keeps every sequence's cache apart. Keys are stored after RoPE, so a cached key is reused
/// as is at its own position.
public final class KVCache: @unchecked Sendable {
    public let slots: Int
    public let seqLen: Int
    /// Key (and value) width of one position: key/value heads · head dim.
    public let width: Int
    /// keys[l], values[l]: [slots, seqLen, width].
    let keys: [Tensor]
    let values: [Tensor]

    public init(config: ModelConfig, slots: Int, seqLen: Int) {
        precondition(slots >= 1 && seqLen >= 1 && seqLen <= config.maxSeqLen)
        self.slots = slots
        self.seqLen = seqLen
        width = config.keyValueWidth
        keys = (0..<config.nLayers).map { _ in Tensor(shape: [slots, seqLen, config.keyValueWidth]) }
        values = (0..<config.nLayers).map { _ in Tensor(shape: [slots, seqLen, config.keyValueWidth]) }
    }

    /// Copies the keys and values of `count` consecutive positions of one sequence into `slot`,
    /// starting at `position`: k, v: [count, width] with row stride `stride` (column blocks of the
    /// packed q/k/v matrix of a pass).
    func store(
        layer l: Int, slot: Int, position: Int, count: Int, k: UnsafePointer<Float>, v: UnsafePointer<Float>, stride: Int
    ) {
        precondition(slot < slots && position + count <= seqLen)
        let kc = keys[l].data + (slot * seqLen + position) * width
        let vc = values[l].data + (slot * seqLen + position) * width
        for i in 0..<count {
            (kc + i * width).update(from: k + i * stride, count: width)
            (vc + i * width).update(from: v + i * stride, count: width)
        }
    }

    /// Keys of one slot, [seqLen, width].
    func keys(layer l: Int, slot: Int) -> UnsafePointer<Float> { UnsafePointer(keys[l].data + slot * seqLen * width) }

    /// Values of one slot, [seqLen, width].
    func values(layer l: Int, slot: Int) -> UnsafePointer<Float> { UnsafePointer(values[l].data + slot * seqLen * width) }
}

/// How one network call uses a `KVCache`.
public enum KVCacheUse: Equatable, Sendable {
    /// A full forward pass that also stores every position's keys and values.
    case fill
    /// Only the positions in the window are computed; they attend to the cached keys and values
    /// of every other position, and their fresh keys and values replace the cached ones.
    case window(Range<Int>)
}
