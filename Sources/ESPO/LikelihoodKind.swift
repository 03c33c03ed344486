import MaskedDiffusion

/// How an objective estimates a completion's log-likelihood from masked forward passes.
public enum LikelihoodKind: String, Codable, Sendable {
    /// ESPO's coupled, micro-batch-stratified ELBO (`CoupledELBO`), `numMC` pairs.
    case coupledELBO
    /// d1's one-step mean-field log-probs with prompt masking (`MeanFieldLogProbs`).
    case meanField

    /// The micro-batch's masked rows for `key`; rows: 2·numMC·B (ELBO) or B (mean-field) sequences.
    public func batch(_ sequences: [[Int32]], promptLength: Int, maskId: Int32, numMC: Int, key: MaskKey) -> MaskedBatch {
        switch self {
        case .coupledELBO: CoupledELBO.batch(sequences, promptLength: promptLength, maskId: maskId, numMC: numMC, key: key)
        case .meanField: MeanFieldLogProbs.batch(sequences, promptLength: promptLength, maskId: maskId, key: key)
        }
    }

    /// Most sequences one micro-batch of B puts through the network.
    public func maxCopies(microBatch B: Int, numMC: Int) -> Int {
        self == .coupledELBO ? 2 * numMC * B : B
    }
}
