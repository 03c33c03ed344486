import MaskedDiffusion

/// ESPO's sequence-level clipped objective (docs/methods.md §4.1): one ratio per completion,
/// ρ_b = exp((𝓛_θ,b − 𝓛_old,b)/L) with L the fixed completion length, and
///
///     loss = −(1/B) Σ_b min(ρ_b A_b, clip(ρ_b) A_b) + β Σ_b k(𝓛_θ,b − 𝓛_ref,b)/(B·L)
///
/// (k = k2 reproduces ESPO's (𝓛_θ − 𝓛_ref)²/(2·B·L)). On the coupled ELBO this is ESPO; on
/// mean-field log-probs it is the "sequence-level + mean-field" ablation (docs/methods.md §4.10).
/// ∂loss/∂ℓ_θ[b, k] is the same for every k of sequence b.
public struct ESPOObjective: PolicyObjective {
    public let likelihood: LikelihoodKind
    public let hyper: PolicyHyper
    public var usesOldPolicy: Bool { true }

    public init(likelihood: LikelihoodKind = .coupledELBO, hyper: PolicyHyper) {
        self.likelihood = likelihood
        self.hyper = hyper
    }

    public func evaluate(_ input: ObjectiveInput) -> ObjectiveOutput {
        let B = input.sequences, L = input.completionLength, Ld = Double(L), Bd = Double(B)
        let current = input.sequenceSums(input.current)
        let old = input.old.map(input.sequenceSums) ?? current
        let ref = input.reference.map(input.sequenceSums)
        var loss = 0.0
        var coefficients = [Double](repeating: 0, count: B * L)
        var metrics = PolicyMetrics()
        for b in 0..<B {
            let ratio = _exp((current[b] - old[b]) / Ld)
            let s = ClippedSurrogate(ratio: ratio, advantage: input.advantages[b], hyper: hyper)
            metrics.addRatio(ratio, clipped: s.clipped)
            loss -= s.value / Bd
            var c = -s.slope * ratio / (Ld * Bd)
            if let ref {
                let kl = hyper.klTerm(current: current[b], reference: ref[b], scale: 1 / (Bd * Ld))
                loss += kl.loss
                c += kl.coefficient
                metrics.addKL(kl.value / Ld)
            }
            for k in 0..<L { coefficients[b * L + k] = c }
        }
        metrics.likelihoodSum = current.reduce(0, +)
        metrics.tokens = B * L
        return ObjectiveOutput(loss: loss, coefficients: coefficients, metrics: metrics)
    }
}
