/// Preallocated activations of one forward pass and scratch for its backward pass.
///
/// Sized once for at most `maxRows` token rows (batch·seqLen) and `maxSeqLen`, so a training
/// step allocates nothing. One workspace belongs to one worker thread. Shapes use rows = B·T.
final class Workspace: @unchecked Sendable {
    let maxRows: Int
    let maxSeqLen: Int

    /// Residual stream at each layer boundary: xs[0] is the embedding, xs[L] feeds the final norm.
    let xs: [Tensor]            // (L+1) × [rows, d]
    let xMid: [Tensor]          // L × [rows, d]: after attention, before the MLP
    let h1, h2: [Tensor]        // L × [rows, d]: normed inputs of attention / MLP
    let rstd1, rstd2: [Tensor]  // L × [rows]
    let qkv: [Tensor]           // L × [rows, 3d]: q, k after RoPE; v
    let probs: [Tensor]         // L × [B, H, T, T]: attention probabilities
    let attn: [Tensor]          // L × [rows, d]: heads concatenated, before o_proj
    let gateUp: [Tensor]        // L × [rows, 2f]: MLP pre-activations
    let mlp: [Tensor]           // L × [rows, f]: silu(gate)·up
    let hFinal: Tensor          // [rows, d]
    let rstdFinal: Tensor       // [rows]
    let logits: Tensor          // [rows, V]; overwritten by dlogits in backward

    // Backward scratch (shared by all layers).
    let dx, dh, dAttn: Tensor   // [rows, d]
    let dqkv: Tensor            // [rows, 3d]
    let dGateUp: Tensor         // [rows, 2f]
    let dMlp: Tensor            // [rows, f]
    let dProbs: Tensor          // [T, T]

    // The current input.
    var tokens: [Int32] = []
    var keyValid: [Bool]? = nil
    var batch = 0
    var seqLen = 0
    var rows: Int { batch * seqLen }

    init(config c: ModelConfig, maxRows: Int) {
        let d = c.dModel, f = c.ffHidden, L = c.nLayers
        let maxBatch = (maxRows + c.maxSeqLen - 1) / c.maxSeqLen
        self.maxRows = maxRows
        self.maxSeqLen = c.maxSeqLen
        func layers(_ shape: [Int]) -> [Tensor] { (0..<L).map { _ in Tensor(shape: shape) } }
        xs = (0...L).map { _ in Tensor(shape: [maxRows, d]) }
        xMid = layers([maxRows, d])
        h1 = layers([maxRows, d])
        h2 = layers([maxRows, d])
        rstd1 = layers([maxRows])
        rstd2 = layers([maxRows])
        qkv = layers([maxRows, 3 * d])
        // B·T·T ≤ maxRows·T for any batch that fits in maxRows rows.
        probs = layers([max(maxBatch, 1) * c.nHeads * c.maxSeqLen * c.maxSeqLen])
        attn = layers([maxRows, d])
        gateUp = layers([maxRows, 2 * f])
        mlp = layers([maxRows, f])
        hFinal = Tensor(shape: [maxRows, d])
        rstdFinal = Tensor(shape: [maxRows])
        logits = Tensor(shape: [maxRows, c.vocabSize])
        dx = Tensor(shape: [maxRows, d])
        dh = Tensor(shape: [maxRows, d])
        dAttn = Tensor(shape: [maxRows, d])
        dqkv = Tensor(shape: [maxRows, 3 * d])
        dGateUp = Tensor(shape: [maxRows, 2 * f])
        dMlp = Tensor(shape: [maxRows, f])
        dProbs = Tensor(shape: [c.maxSeqLen * c.maxSeqLen])
    }
}
