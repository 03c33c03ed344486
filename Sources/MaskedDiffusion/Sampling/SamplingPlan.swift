/// What a sampler configuration will do before it runs: the masked generated tokens after each
/// step and the network cost. The schedule editor plots it so a user sees the effect of a knob
/// before (and while) the sample is redrawn.
public struct SamplingPlan: Equatable, Sendable {
    /// How the figures relate to a run.
    public enum Certainty: Sendable {
        /// Every run does exactly this (LLaDA, radd-ordered).
        case exact
        /// Means over runs: reveals are random (RADD).
        case expected
        /// Upper bounds: threshold decoding stops when its confidences allow; eMIGM stops early
        /// if its random counts reveal everything before the last step. Masked counts are then
        /// the slowest (threshold) or mean (eMIGM) path.
        case atMost
    }

    /// Masked tokens before step 1 and after each step: [steps + 1], ending at 0.
    public var masked: [Double]
    /// Network evaluations per row (a guided evaluation counts two).
    public var nfe: Double
    /// Network compute per row in full passes over the sequence: the NFE less what a key/value
    /// cache skips (equal to `nfe` without one).
    public var passEquivalents: Double
    public var certainty: Certainty

    public init(masked: [Double], nfe: Double, passEquivalents: Double? = nil, certainty: Certainty) {
        self.masked = masked
        self.nfe = nfe
        self.passEquivalents = passEquivalents ?? nfe
        self.certainty = certainty
    }

    /// Steps the plan takes (each one calls the network).
    public var steps: Int { masked.count - 1 }
}

extension SamplerConfig {
    /// The plan for generating `generationLength` tokens with `fixed` of them given in advance,
    /// after a prompt of `promptLength` tokens (which only the cached compute depends on).
    public func plan(fixed: Int = 0, promptLength: Int = 0) -> SamplingPlan {
        let L = max(0, generationLength - fixed)
        let guidance = usesGuidance ? 2.0 : 1.0
        switch strategy {
        case .llada:
            // Each block splits its masks over its steps (front-loaded); steps that would commit
            // nothing are skipped by the sampler, so they are not planned either.
            var masked = [Double(L)]
            var stepsInBlock: [Int] = []
            for b in 0..<blockCount {
                let quotas = TransferQuota.split(blockOffsets(b).count, steps: max(stepsPerBlock[b], 1)).filter { $0 > 0 }
                for quota in quotas { masked.append(max(masked.last! - Double(quota), 0)) }
                stepsInBlock.append(quotas.count)
            }
            return SamplingPlan(
                masked: masked, nfe: Double(masked.count - 1) * guidance,
                passEquivalents: passEquivalents(stepsInBlock: stepsInBlock, promptLength: promptLength) * guidance,
                certainty: .exact)
        case .threshold, .eb:
            // At least one commit per step: the slowest run reveals one token a step.
            let stepsInBlock = (0..<blockCount).map { blockOffsets($0).count }
            return SamplingPlan(
                masked: (0...L).map { Double(L - $0) }, nfe: Double(L) * guidance,
                passEquivalents: passEquivalents(stepsInBlock: stepsInBlock, promptLength: promptLength) * guidance,
                certainty: .atMost)
        case .emigm:
            // Step k reveals 1 − γ(t_{k+1})/γ(t_k) of the rest (all at the last step).
            var masked = [Double(L)]
            for k in 0..<steps {
                let keep = k == steps - 1 ? 0 : maskSchedule.gamma(gridTime(k + 1)) / maskSchedule.gamma(gridTime(k))
                masked.append(masked.last! * keep)
            }
            let guided = (0..<steps).filter(guidesStep).count
            return SamplingPlan(masked: masked, nfe: Double(steps + guided), certainty: .atMost)
        case .radd:
            // Each masked token is revealed at step j with probability q_j = r_j·Π_{m<j}(1 − r_m).
            // Caching evaluates a row once per distinct step at which something was revealed, so
            // E[NFE] = Σ_j 1 − (1 − q_j)^L (RADD's E-NFE; n(1 − (1 − 1/n)^L) for uniform q).
            var masked = [Double(L)]
            var nfe = 0.0
            var survive = 1.0
            for j in 0..<steps {
                let r = j == steps - 1 ? 1 : revealRule.probability(t: gridTime(j), dt: gridStep)
                let q = survive * r
                nfe += 1 - _pow(1 - q, Double(L))
                survive *= 1 - r
                masked.append(Double(L) * survive)
            }
            return SamplingPlan(masked: masked, nfe: nfe, certainty: .expected)
        case .raddOrdered:
            return SamplingPlan(masked: (0...L).map { Double(L - $0) }, nfe: Double(L), certainty: .exact)
        }
    }
}
