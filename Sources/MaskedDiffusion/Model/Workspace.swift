/// Preallocated activations of one forward pass and scratch for its backward pass.
///
/// Sized once for at most `maxRows` token rows (batch·seqLen) and `maxSeqLen` positions (the
/// sequences in use, not the model's maximum), so a step allocates nothing. One workspace
/// belongs to one worker thread. Shapes use rows = B·T.
///
/// A forward-only workspace (inference) keeps one layer's activations, shared by every layer,
/// one residual stream updated in place (every xs[l] and xMid[l] is the same buffer, so the
/// residual adds need no copies), and no backward scratch: about 1/L of the memory.
final class Workspace: @unchecked Sendable {
    let maxRows: Int
    let maxSeqLen: Int
    let forwardOnly: Bool
    /// Whether passes in this workspace multiply by the parameters' packed copy (`PackedWeights`)
    /// where there is one: forward-only networks unless built with `packedWeights: false`.
    let packsWeights: Bool
    /// Whether the MLP's gate/up product applies SwiGLU as it goes (`PackedWeights.fusesSwiGLU`):
    /// then `gateUp` holds nothing.
    let fusesSwiGLU: Bool

    /// Residual stream at each layer boundary: xs[0] is the embedding, xs[L] feeds the final norm.
    let xs: [Tensor]  // (L+1) × [rows, d]
    let xMid: [Tensor]  // L × [rows, d]: after attention, before the MLP
    let h1, h2: [Tensor]  // L × [rows, d]: normed inputs of attention / MLP
    let rstd1, rstd2: [Tensor]  // L × [rows]
    let qkv: [Tensor]  // L × [rows, W]: q, k after RoPE; v (W = qkvWidth = (H + 2·nKV)·hd)
    let qkPre: [Tensor]  // L × [rows, (H + nKV)·hd]: q, k before their RMSNorm (empty without qkNorm)
    let qkRstd: [Tensor]  // L × [rows, H + nKV]: 1/rms of each q and k head (empty without qkNorm)
    let probs: [Tensor]  // L × [B, H, T, T]: attention probabilities
    let attn: [Tensor]  // L × [rows, H·hd]: heads concatenated, before o_proj
    let gateUp: [Tensor]  // L × [rows, 2f]: MLP pre-activations (empty when fused)
    let mlp: [Tensor]  // L × [rows, f]: silu(gate)·up
    let hFinal: Tensor  // [rows, d]
    let rstdFinal: Tensor  // [rows]
    let logits: Tensor  // [rows, V]; overwritten by dlogits in backward

    // Backward scratch (shared by all layers).
    let dx, dh: Tensor  // [rows, d]
    let dAttn: Tensor  // [rows, H·hd]
    let dqkv: Tensor  // [rows, W]
    let dGateUp: Tensor  // [rows, 2f]
    let dMlp: Tensor  // [rows, f]
    let dProbs: Tensor  // [T, T]
    /// A pass on packed weights, for heads the packed kernel helps: a head's operands packed for it.
    let attentionPanels: AttentionPanels?

    // The current input.
    /// The packed weights the current pass multiplies by (`packsWeights`: on CPUs where the
    /// kernel runs, for models whose copy fits, `PackedWeights.used`), else nil: OpenBLAS on the
    /// parameters themselves.
    var packed: PackedWeights? = nil
    var tokens: [Int32] = []
    var keyValid: [Bool]? = nil
    var batch = 0
    var seqLen = 0
    var rows: Int { batch * seqLen }

    // Kept rows, capacity reserved at init: scored-rows passes on packed weights
    // (`TransformerPass+ScoredRows.swift`), and every other pass given scored rows or loss weights
    // (`TransformerPass+WeightedRows.swift`).
    /// Which rows the current pass's last layer runs on.
    var lastLayer = LastLayerRows.all
    /// Whether the last layer (or its top) runs on `keptRows` only.
    var keepsRows: Bool { lastLayer != .all }
    /// The hidden rows the scored positions are read from (training: the rows of nonzero loss
    /// weight), ascending.
    var keptRows: [Int] = []
    /// On packed weights: [B + 1]: sequence b's kept rows are entries keptOffsets[b]..<keptOffsets[b + 1].
    var keptOffsets: [Int] = []
    /// On packed weights: [rows]: for each scored row, the index of its source among the kept rows; −1 otherwise.
    var scoredSource: [Int] = []
    /// On packed weights: the current rows' distinct tokens, for the first layer's projection.
    var tokenRows: TokenRows
    /// Training that keeps rows (`TransformerPass+WeightedRows.swift`): the kept rows' targets and
    /// loss weights, gathered for the cross-entropy.
    var keptTargets: [Int32] = []
    var keptWeights: [Float] = []

    /// Floats `init(config:maxRows:maxSeqLen:forwardOnly:packsWeights:)` allocates (a forward-only workspace
    /// shares one copy of each per-layer buffer), overflow-checked: nil on overflow. What a memory
    /// check asks before building one; `WorkspaceSizeTests` holds it to the allocations.
    static func floatCount(
        config c: ModelConfig, maxRows R: Int, maxSeqLen T: Int, forwardOnly: Bool, packsWeights: Bool = false
    ) -> Int? {
        let uses = kernelUse(c, forwardOnly: forwardOnly, packsWeights: packsWeights)
        let mlp = uses.fusedSwiGLU ? 1 : 3  // mlp (+ gateUp)
        let d = c.dModel, f = c.ffHidden, W = c.qkvWidth, q = c.queryWidth
        let qkHeads = c.qkNorm ? c.nHeads + c.nKVHeads : 0
        let maxBatch = Swift.max(R / T + (R % T == 0 ? 0 : 1), 1)
        let sum = CheckedCount.sum, product = CheckedCount.product
        // (xMid,) h1, h2, rstd1, rstd2, qkv, qkPre, qkRstd, attn, gateUp, mlp; then probs.
        let perLayer = sum(
            product(
                R, sum(product(forwardOnly ? 2 : 3, d), 2, W, product(qkHeads, c.headDim), qkHeads, q, product(mlp, f))),
            product(maxBatch, c.nHeads, T, T))
        let residuals = product(forwardOnly ? 1 : c.nLayers + 1, R, d)
        let last = product(R, sum(d, 1, c.vocabSize))  // hFinal, rstdFinal, logits
        let backward = forwardOnly ? 0 : sum(product(R, sum(product(2, d), q, W, product(3, f))), product(T, T))
        let panels = uses.attentionPanels ? AttentionPanels.floatCount(keys: T, headDim: c.headDim) : 0
        return sum(residuals, product(forwardOnly ? 1 : c.nLayers, perLayer), last, backward, panels)
    }

    init(config c: ModelConfig, maxRows: Int, maxSeqLen: Int, forwardOnly: Bool = false, packsWeights: Bool = false) {
        let d = c.dModel, f = c.ffHidden, L = c.nLayers, W = c.qkvWidth, q = c.queryWidth
        let qkHeads = c.qkNorm ? c.nHeads + c.nKVHeads : 0
        let maxBatch = (maxRows + maxSeqLen - 1) / maxSeqLen
        self.maxRows = maxRows
        self.maxSeqLen = maxSeqLen
        self.forwardOnly = forwardOnly
        self.packsWeights = forwardOnly && packsWeights && PackedWeights.used(for: c)
        let uses = Self.kernelUse(c, forwardOnly: forwardOnly, packsWeights: packsWeights)
        fusesSwiGLU = uses.fusedSwiGLU
        func layers(_ shape: [Int]) -> [Tensor] {
            if forwardOnly {
                let shared = Tensor(shape: shape)
                return Array(repeating: shared, count: L)
            }
            return (0..<L).map { _ in Tensor(shape: shape) }
        }
        if forwardOnly {
            let stream = Tensor(shape: [maxRows, d])
            xs = Array(repeating: stream, count: L + 1)
            xMid = Array(repeating: stream, count: L)
        } else {
            xs = (0...L).map { _ in Tensor(shape: [maxRows, d]) }
            xMid = layers([maxRows, d])
        }
        h1 = layers([maxRows, d])
        h2 = layers([maxRows, d])
        rstd1 = layers([maxRows])
        rstd2 = layers([maxRows])
        qkv = layers([maxRows, W])
        qkPre = layers([maxRows, qkHeads * c.headDim])
        qkRstd = layers([maxRows, qkHeads])
        // B·T·T ≤ maxRows·T for any batch that fits in maxRows rows.
        probs = layers([max(maxBatch, 1) * c.nHeads * maxSeqLen * maxSeqLen])
        attn = layers([maxRows, q])
        gateUp = layers([fusesSwiGLU ? 0 : maxRows, 2 * f])
        mlp = layers([maxRows, f])
        hFinal = Tensor(shape: [maxRows, d])
        rstdFinal = Tensor(shape: [maxRows])
        logits = Tensor(shape: [maxRows, c.vocabSize])
        let g = forwardOnly ? 0 : maxRows  // backward scratch rows
        dx = Tensor(shape: [g, d])
        dh = Tensor(shape: [g, d])
        dAttn = Tensor(shape: [g, q])
        dqkv = Tensor(shape: [g, W])
        dGateUp = Tensor(shape: [g, 2 * f])
        dMlp = Tensor(shape: [g, f])
        dProbs = Tensor(shape: [forwardOnly ? 0 : maxSeqLen * maxSeqLen])
        attentionPanels = uses.attentionPanels ? AttentionPanels(keys: maxSeqLen, headDim: c.headDim) : nil
        tokenRows = TokenRows(maxRows: self.packsWeights ? maxRows : 0, vocabulary: self.packsWeights ? c.vocabSize : 0)
        keptRows.reserveCapacity(maxRows)
        keptOffsets.reserveCapacity(maxRows + 1)  // sequences may be shorter than maxSeqLen
        scoredSource.reserveCapacity(maxRows)
        keptTargets.reserveCapacity(forwardOnly ? 0 : maxRows)
        keptWeights.reserveCapacity(forwardOnly ? 0 : maxRows)
    }
}

extension Workspace {
    /// What the packed kernel does in a workspace of these settings: only a forward-only pass on
    /// packed weights, on a CPU where the kernel runs, uses it; there it fuses SwiGLU where the
    /// kernel takes the MLP's shape, and multiplies attention heads it is faster for.
    fileprivate static func kernelUse(_ c: ModelConfig, forwardOnly: Bool, packsWeights: Bool) -> (
        fusedSwiGLU: Bool, attentionPanels: Bool
    ) {
        let packed = forwardOnly && packsWeights && PackedWeights.used(for: c)
        return (packed && PackedWeights.fusesSwiGLU(c), packed && AttentionPanels.help(headDim: c.headDim))
    }
}
