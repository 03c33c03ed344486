import MaskedDiffusion

/// diffu-GRPO (d1) token-level clipped objective (docs/methods.md §4.10): per completion token a ratio
/// ρ_bk = exp(ℓ_θ[b,k] − ℓ_old[b,k]) and a KL estimate of Δ = ℓ_θ − ℓ_ref, averaged over each
/// sequence's completion mask m_b (tokens up to the first `<eos>`), then over sequences:
///
///     loss = (1/B) Σ_b (1/|m_b|) Σ_{k∈m_b} [ −min(ρ_bk A_b, clip(ρ_bk) A_b) + β k(Δ_bk) ]
///
/// On mean-field log-probs this is d1; on the coupled ELBO's per-token contributions it is the
/// "token-level + ELBO" ablation (UniGRPO / Coupled-GRPO style).
public struct D1Objective: PolicyObjective {
    public let likelihood: LikelihoodKind
    public let hyper: PolicyHyper
    public var usesOldPolicy: Bool { true }

    public init(likelihood: LikelihoodKind = .meanField, hyper: PolicyHyper) {
        self.likelihood = likelihood
        self.hyper = hyper
    }

    public func evaluate(_ input: ObjectiveInput) -> ObjectiveOutput {
        let B = input.sequences, L = input.completionLength
        var loss = 0.0
        var coefficients = [Double](repeating: 0, count: B * L)
        var metrics = PolicyMetrics()
        for b in 0..<B {
            let span = b * L..<(b + 1) * L
            let real = input.completionMask[span].lazy.filter { $0 }.count
            guard real > 0 else { continue }
            let scale = 1 / (Double(B) * Double(real))
            for i in span where input.completionMask[i] {
                let cur = input.current[i]
                let ratio = _exp(cur - (input.old?[i] ?? cur))
                let s = ClippedSurrogate(ratio: ratio, advantage: input.advantages[b], hyper: hyper)
                metrics.addRatio(ratio, clipped: s.clipped)
                loss -= s.value * scale
                var c = -s.slope * ratio * scale
                if let ref = input.reference {
                    let kl = hyper.klTerm(current: cur, reference: ref[i], scale: scale)
                    loss += kl.loss
                    c += kl.coefficient
                    metrics.addKL(kl.value)
                }
                coefficients[i] = c
            }
        }
        metrics.likelihoodSum = input.current.reduce(0, +)
        metrics.tokens = B * L
        return ObjectiveOutput(loss: loss, coefficients: coefficients, metrics: metrics)
    }
}
