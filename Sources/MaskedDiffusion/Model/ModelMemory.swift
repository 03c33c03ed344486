import Foundation

/// What a model's weights cost in memory, computed with overflow-checked arithmetic from the
/// config alone (before anything is allocated), and checked against the machine's memory, so a
/// config.json that names an impossible model gets a message rather than a trap, a failed
/// allocation or swapping.
public enum ModelMemory {
    /// Parameters of the layout `ParameterLayout(config)` would build; nil on overflow.
    public static func parameterCount(_ c: ModelConfig) -> Int? {
        let mul = { (a: Int?, b: Int?) in CheckedCount.product(a, b) }
        let add = CheckedCount.sum
        let d = c.dModel, f = c.ffHidden, hd = c.headDim
        guard let qkvWidth = add(mul(c.nHeads, hd), mul(c.nKVHeads, hd), mul(c.nKVHeads, hd)), let qWidth = mul(c.nHeads, hd),
            let fd = mul(f, d),
            let layer = add(
                mul(qkvWidth, d), c.qkvBias ? qkvWidth : 0, c.qkNorm ? 2 * hd : 0, mul(d, qWidth), mul(fd, 3), mul(d, 2)),
            let layers = mul(layer, c.nLayers)
        else { return nil }
        return add(mul(c.vocabSize + 1, d), layers, d, c.tiedEmbeddings ? 0 : mul(c.vocabSize, d))
    }

    /// The memory this process may use in bytes: the machine's physical memory, or a container's
    /// cgroup limit when that is lower (nil if unknown). Memory other processes hold is not
    /// subtracted: the checks catch requests that can never fit, not ones that might not today.
    static let physicalBytes: Int? = {  // read once: checks run at every model load
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, size > 0 else { return nil }
        let physical = pages.multipliedReportingOverflow(by: size).overflow ? Int.max : pages * size
        return Swift.min(physical, cgroupLimit ?? Int.max)
    }()

    /// cgroup v2's `memory.max`, else v1's `memory.limit_in_bytes` (nil: none, or "max").
    private static var cgroupLimit: Int? {
        for file in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return nil
    }

    /// Why the weights cannot be held (overflow, or more than the machine's memory), or nil; the
    /// shape named by the file's `keys`.
    static func problem(_ c: ModelConfig, keys: ConfigKeys = .unmask) -> String? {
        guard let count = parameterCount(c), !count.multipliedReportingOverflow(by: 4).overflow else {
            return overflowProblem(c, keys: keys)
        }
        if let memory = physicalBytes, count * 4 > memory {
            return
                "the weights need \(gigabytes(count * 4)) GB, more than this machine's \(gigabytes(memory)) GB of memory (\(fields(c, keys)))"
        }
        return nil
    }

    /// Why networks needing `floats` of working memory (beyond `c`'s weights) cannot be built
    /// here, or nil: `what` names them for the message ("a network for 8 sequences of 64 positions").
    static func workspaceProblem(_ c: ModelConfig, floats: Int?, what: String) -> String? {
        guard let memory = physicalBytes else { return nil }
        let bytes = CheckedCount.product(CheckedCount.sum(floats, parameterCount(c)), 4)
        if let bytes, bytes <= memory { return nil }
        let needs =
            bytes.map { "needs \(gigabytes($0)) GB of memory with the weights" } ?? "needs more memory than can be counted"
        return "\(what) \(needs), more than this machine's \(gigabytes(memory)) GB"
    }

    /// Whether inference may keep the packed copy of `c`'s weight matrices (`PackedWeights`)
    /// beside the weights: both within three quarters of this machine's memory. The copy doubles
    /// what the matrices take (Qwen3-0.6B: 4.8 GB instead of 2.4); a model too large for it
    /// multiplies from its weights as they are (OpenBLAS, which repacks per product: slower, but
    /// a 4B model, 16 GB once, would need 32 GB with the copy, more than 24 GiB).
    static func packedCopyFits(_ c: ModelConfig) -> Bool {
        guard let memory = physicalBytes else { return true }
        guard let bytes = CheckedCount.product(CheckedCount.sum(parameterCount(c), PackedWeights.floatCount(c)), 4) else {
            return false
        }
        return bytes <= memory / 4 * 3
    }

    static func overflowProblem(_ c: ModelConfig, keys: ConfigKeys) -> String {
        "the parameter count overflows (\(fields(c, keys)))"
    }

    private static func fields(_ c: ModelConfig, _ k: ConfigKeys) -> String {
        "\(k.vocabulary) \(k.vocabulary(of: c)), \(k.width) \(c.dModel), \(k.layers) \(c.nLayers), \(k.mlpWidth) \(c.ffHidden)"
    }

    private static func gigabytes(_ bytes: Int) -> String {
        let tenths = Int((Double(bytes) / 1e8).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
