/// An RL loss over one micro-batch, expressed on per-token log-likelihood estimates so that every
/// objective shares one forward, one backward and the `MaskedBatch` plumbing.
///
/// The trainer runs the current policy forward on the micro-batch's `MaskedBatch`, turns the
/// logits into ℓ_θ[b, k], hands them with the old/reference estimates (same masks) to `evaluate`,
/// and back-propagates `coefficients` = ∂loss/∂ℓ_θ. Losses are means over the micro-batch's
/// sequences; the trainer divides by the number of accumulated micro-batches.
public protocol PolicyObjective: Sendable {
    /// The likelihood estimate the objective is built on.
    var likelihood: LikelihoodKind { get }
    /// Whether the loss uses the rollout policy's estimates (ratio-free objectives do not).
    var usesOldPolicy: Bool { get }
    func evaluate(_ input: ObjectiveInput) -> ObjectiveOutput
}

/// Inputs for one micro-batch of B sequences with completion length L; token arrays are [B·L].
public struct ObjectiveInput: Sendable {
    /// ℓ_θ under the current parameters.
    public var current: [Double]
    /// ℓ_old under the rollout parameters; nil means "the current values, detached" (ratio ≡ 1).
    public var old: [Double]?
    /// ℓ_ref under the frozen reference; nil when β = 0.
    public var reference: [Double]?
    /// One per sequence: [B].
    public var advantages: [Double]
    /// Completion tokens up to and including the first `<eos>` (d1/TRL's completion mask).
    public var completionMask: [Bool]
    public var sequences: Int
    public var completionLength: Int

    public init(
        current: [Double], old: [Double]?, reference: [Double]?, advantages: [Double],
        completionMask: [Bool], sequences: Int, completionLength: Int
    ) {
        let n = sequences * completionLength
        precondition(current.count == n && completionMask.count == n && advantages.count == sequences)
        precondition(old.map { $0.count == n } ?? true && reference.map { $0.count == n } ?? true)
        self.current = current
        self.old = old
        self.reference = reference
        self.advantages = advantages
        self.completionMask = completionMask
        self.sequences = sequences
        self.completionLength = completionLength
    }

    /// Σ_k values[b·L + k] for every b: [B].
    func sequenceSums(_ values: [Double]) -> [Double] {
        (0..<sequences).map { b in values[b * completionLength..<(b + 1) * completionLength].reduce(0, +) }
    }
}

public struct ObjectiveOutput: Sendable {
    public var loss: Double
    /// ∂loss/∂ℓ_θ[b, k]: [B·L].
    public var coefficients: [Double]
    public var metrics: PolicyMetrics
}

/// Clipping and KL settings shared by the objectives (docs/methods.md §4.5, §4.10).
public struct PolicyHyper: Codable, Equatable, Sendable {
    public var beta: Double
    public var epsilonLow: Double
    public var epsilonHigh: Double
    public var kl: KLEstimator

    public init(beta: Double, epsilonLow: Double, epsilonHigh: Double, kl: KLEstimator) {
        self.beta = beta
        self.epsilonLow = epsilonLow
        self.epsilonHigh = epsilonHigh
        self.kl = kl
    }

    /// The β-weighted KL term of one likelihood against the reference's, at `scale` (the
    /// objective's normalisation): its loss contribution, its coefficient on ∇(current
    /// likelihood), and the unweighted KL value for the metrics.
    func klTerm(current: Double, reference: Double, scale: Double) -> (loss: Double, coefficient: Double, value: Double) {
        let delta = current - reference
        let value = kl.value(delta)
        return (beta * value * scale, beta * kl.derivative(delta) * scale, value)
    }
}

/// The PPO term min(ρA, clip(ρ, 1−ε_low, 1+ε_high)·A) and its derivative in ρ, with PyTorch's
/// tie rule: at equality `min` splits the gradient and `clamp` passes it at its bounds, so the
/// full A flows whenever ρA ≤ clip(ρ)A (ρ = 1 with ε = 0 included, docs/methods.md §4.5).
struct ClippedSurrogate {
    var value: Double
    var slope: Double
    /// The clipped branch won: ρ left the trust region in the direction A rewards.
    var clipped: Bool

    init(ratio: Double, advantage a: Double, hyper: PolicyHyper) {
        let c = Swift.min(Swift.max(ratio, 1 - hyper.epsilonLow), 1 + hyper.epsilonHigh)
        let u = ratio * a, v = c * a
        value = Swift.min(u, v)
        slope = u <= v ? a : 0
        clipped = u > v
    }
}
