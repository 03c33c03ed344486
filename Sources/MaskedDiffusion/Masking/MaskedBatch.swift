/// Masked copies of sequences as the network sees them, and how their weighted cross-entropies
/// add up to estimates: the one type the training losses, the ELBO estimators and ESPO's
/// likelihoods build (docs/methods.md §6).
///
/// Every position r of the [rows, T] input carries its clean target, a weight w_r (0: not
/// scored) and the estimate it adds to, slot_r ∈ 0..<estimates (−1: not scored):
///
///     E[s] = Σ_{r : slot_r = s} w_r · CE(logits_r, target_r)
///
/// A training loss scores row b into estimate b and back-propagates Σ_s E[s]; an ELBO unit is
/// one estimate, its negative ELBO; ESPO scores completion token k of sequence b into
/// estimate b·L + k, the negative of its log-likelihood estimate ℓ[b, k].
public struct MaskedBatch: Sendable {
    /// The network input (clean tokens with some replaced by the mask id): [rows, T].
    public var input: TokenBatch
    /// The clean tokens: [rows·T].
    public var targets: [Int32]
    /// Per-position weights: [rows·T]; zero at positions that are not scored.
    public var weights: [Float]
    /// Per-position estimate index: [rows·T]; −1 at positions that are not scored.
    public var slots: [Int32]
    /// How many estimates the slots index.
    public let estimates: Int

    public init(input: TokenBatch, targets: [Int32], weights: [Float], slots: [Int32], estimates: Int) {
        precondition(targets.count == input.rows && weights.count == input.rows && slots.count == input.rows)
        self.input = input
        self.targets = targets
        self.weights = weights
        self.slots = slots
        self.estimates = estimates
    }

    /// A batch whose row b is scored into estimate b (a training loss's per-sequence term).
    public init(input: TokenBatch, targets: [Int32], weights: [Float]) {
        let T = input.seqLen
        let slots = weights.indices.map { weights[$0] == 0 ? Int32(-1) : Int32($0 / T) }
        self.init(input: input, targets: targets, weights: weights, slots: slots, estimates: input.batch)
    }

    /// An empty batch of rows of `seqLen` tokens, to `append` rows to.
    public init(seqLen: Int, estimates: Int, capacityRows: Int = 0) {
        self.init(
            input: TokenBatch(tokens: [], batch: 0, seqLen: seqLen), targets: [], weights: [], slots: [],
            estimates: estimates)
        let n = capacityRows * seqLen
        input.tokens.reserveCapacity(n)
        targets.reserveCapacity(n)
        weights.reserveCapacity(n)
        slots.reserveCapacity(n)
    }

    /// Appends `sequence` ([T] = prefix ++ completion, prefix of `prefixLength` tokens) as a row:
    /// completion offsets k with `masked[k]` ([L]) become `maskId` and are scored with `weight`
    /// into estimate `estimate` (or `estimate + k` when `perToken`); prefix positions flagged in
    /// `maskedPrefix` become `maskId` too but are never scored. A row that would score nothing
    /// costs a network row and adds nothing, so it is left out.
    public mutating func append(
        _ sequence: [Int32], prefixLength P: Int, masked: [Bool], weight: Float, maskId: Int32,
        estimate: Int, perToken: Bool = false, maskedPrefix: [Bool]? = nil
    ) {
        precondition(sequence.count == input.seqLen && masked.count == sequence.count - P)
        guard masked.contains(true) else { return }
        for i in 0..<P {
            input.tokens.append(maskedPrefix?[i] == true ? maskId : sequence[i])
            targets.append(sequence[i])
            weights.append(0)
            slots.append(-1)
        }
        for k in masked.indices {
            let hit = masked[k]
            input.tokens.append(hit ? maskId : sequence[P + k])
            targets.append(sequence[P + k])
            weights.append(hit ? weight : 0)
            slots.append(hit ? Int32(perToken ? estimate + k : estimate) : -1)
        }
        input.batch += 1
    }
}
