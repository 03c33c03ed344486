import MaskedDiffusion

/// The network input of one likelihood estimate over a micro-batch of B completed sequences,
/// and how its cross-entropies add up to per-token log-likelihood estimates.
///
/// Rows are masked copies of the sequences ([rows·T] tokens); each position r carries a target,
/// a non-negative weight w_r and the completion token it estimates, `slot_r = b·L + k`
/// (−1: not scored). The estimate of completion token k of sequence b is
///
///     ℓ[b, k] = − Σ_{r : slot_r = b·L+k} w_r · CE(logits_r, target_r)
///
/// and a sequence's estimate is Σ_k ℓ[b, k]. Every policy, old and reference pass of one
/// (round, micro-batch, iteration) runs on the *same* ScoredBatch, which is what makes their
/// masks identical. Gradients: ∂ℓ[b,k]/∂CE_r = −w_r, so an objective with ∂loss/∂ℓ = c back-
/// propagates through `Transformer.backward` with weights −c[slot_r]·w_r.
public struct ScoredBatch: Sendable {
    public var input: TokenBatch
    /// [rows·T].
    public var targets: [Int32]
    /// [rows·T]; 0 where not scored.
    public var weights: [Float]
    /// [rows·T]: b·L + k, or −1.
    public var slots: [Int32]
    /// Sequences B and completion length L: values are [B·L].
    public let sequences: Int
    public let completionLength: Int

    public init(input: TokenBatch, targets: [Int32], weights: [Float], slots: [Int32], sequences: Int, completionLength: Int) {
        precondition(targets.count == input.rows && weights.count == input.rows && slots.count == input.rows)
        self.input = input
        self.targets = targets
        self.weights = weights
        self.slots = slots
        self.sequences = sequences
        self.completionLength = completionLength
    }

    /// ℓ[b, k] from the logits of a forward pass on `input` ([rows·T, V]): [B·L].
    public func tokenValues(logits: Tensor, vocabSize V: Int) -> [Double] {
        var values = [Double](repeating: 0, count: sequences * completionLength)
        let z = logits.data
        for r in 0..<input.rows where weights[r] != 0 {
            let row = z + r * V
            let ce = Double(Softmax.logSumExp(row, n: V)) - Double(row[Int(targets[r])])
            values[Int(slots[r])] -= Double(weights[r]) * ce
        }
        return values
    }

    /// `Transformer.backward` weights for ∂loss/∂ℓ = `coefficients` ([B·L]): [rows·T].
    public func gradientWeights(coefficients: [Double]) -> [Float] {
        precondition(coefficients.count == sequences * completionLength)
        var out = [Float](repeating: 0, count: input.rows)
        for r in 0..<input.rows where weights[r] != 0 {
            out[r] = Float(-coefficients[Int(slots[r])] * Double(weights[r]))
        }
        return out
    }
}

/// Accumulates masked rows into a `ScoredBatch`.
struct ScoredBatchBuilder {
    let sequences: Int
    let completionLength: Int
    let promptLength: Int
    private(set) var tokens: [Int32] = []
    private(set) var targets: [Int32] = []
    private(set) var weights: [Float] = []
    private(set) var slots: [Int32] = []
    private(set) var copies = 0

    init(sequences: Int, promptLength: Int, completionLength: Int, capacityRows: Int) {
        self.sequences = sequences
        self.promptLength = promptLength
        self.completionLength = completionLength
        let n = capacityRows * (promptLength + completionLength)
        tokens.reserveCapacity(n)
        targets.reserveCapacity(n)
        weights.reserveCapacity(n)
        slots.reserveCapacity(n)
    }

    /// Appends `sequence` (prompt ++ completion, [T]) as a row of sequence `b`: completion
    /// offsets with `masked[k]` become `maskId` and are scored with `weight`; prompt positions
    /// in `maskedPrompt` become `maskId` too but are never scored.
    mutating func append(
        _ sequence: [Int32], as b: Int, masked: [Bool], weight: Float, maskId: Int32,
        maskedPrompt: [Bool]? = nil
    ) {
        let P = promptLength
        precondition(sequence.count == P + completionLength && masked.count == completionLength)
        for i in 0..<P {
            tokens.append(maskedPrompt?[i] == true ? maskId : sequence[i])
            targets.append(0)
            weights.append(0)
            slots.append(-1)
        }
        for k in 0..<completionLength {
            let hit = masked[k]
            tokens.append(hit ? maskId : sequence[P + k])
            targets.append(sequence[P + k])
            weights.append(hit ? weight : 0)
            slots.append(hit ? Int32(b * completionLength + k) : -1)
        }
        copies += 1
    }

    func build() -> ScoredBatch {
        ScoredBatch(
            input: TokenBatch(tokens: tokens, batch: copies, seqLen: promptLength + completionLength),
            targets: targets, weights: weights, slots: slots, sequences: sequences, completionLength: completionLength)
    }
}
