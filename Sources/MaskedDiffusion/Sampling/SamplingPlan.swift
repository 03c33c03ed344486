/// What a sampler configuration will do before it runs: the expected number of masked
/// generated tokens after each step and the expected network cost. The schedule editor plots it
/// so a user sees the effect of a knob before (and while) the sample is redrawn.
public struct SamplingPlan: Equatable, Sendable {
    /// Expected masked tokens before step 1 and after each step: [steps + 1], ending at 0.
    public var masked: [Double]
    /// Expected network evaluations per row (a guided evaluation counts two).
    public var nfe: Double
    /// False when the real count depends on the model's confidences (threshold decoding stops
    /// early): `masked` and `nfe` are then the worst case.
    public var isExact: Bool
}

extension SamplerConfig {
    /// The plan for generating `generationLength` tokens with `fixed` of them given in advance.
    public func plan(fixed: Int = 0) -> SamplingPlan {
        let L = Double(max(0, generationLength - fixed))
        let guidance = usesGuidance ? 2.0 : 1.0
        switch strategy {
        case .llada, .threshold:
            var masked = [L]
            var remaining = Int(L)
            let block = effectiveBlockLength
            let blocks = (generationLength + block - 1) / max(block, 1)
            for (b, blockSteps) in TransferQuota.stepsPerBlock(steps: steps, blocks: blocks).enumerated() {
                let inBlock = min(block, generationLength - b * block)
                for quota in TransferQuota.split(inBlock, steps: max(blockSteps, 1)) {
                    remaining -= quota
                    masked.append(Double(max(remaining, 0)))
                }
            }
            return SamplingPlan(masked: masked, nfe: Double(masked.count - 1) * guidance, isExact: strategy == .llada)
        case .emigm:
            // Step k takes t_k → t_{k+1} on t_k = 1 − k(1 − 10⁻⁵)/n and reveals 1 − γ(s)/γ(t) of the rest.
            let n = steps
            let time = { (k: Int) in 1 - Double(k) * (1 - 1e-5) / Double(n) }
            var masked = [L]
            for k in 0..<n {
                let keep = k == n - 1 ? 0 : maskSchedule.gamma(time(k + 1)) / maskSchedule.gamma(time(k))
                masked.append(masked.last! * keep)
            }
            let guided = usesGuidance ? (0..<n).filter { (cfgTimeMin...cfgTimeMax).contains(time($0)) }.count : 0
            return SamplingPlan(masked: masked, nfe: Double(n + guided), isExact: true)
        case .radd:
            // Each masked token is revealed at step j with probability q_j = r_j·Π_{m<j}(1 − r_m).
            // Caching evaluates a row once per distinct step at which something was revealed, so
            // E[NFE] = Σ_j 1 − (1 − q_j)^L (RADD's E-NFE; n(1 − (1 − 1/n)^L) for uniform q).
            let n = steps
            let dt = (1 - 1e-5) / Double(n)
            var masked = [L]
            var nfe = 0.0
            var survive = 1.0
            for j in 0..<n {
                let r = j == n - 1 ? 1 : revealRule.probability(t: 1 - Double(j) * dt, dt: dt)
                let q = survive * r
                nfe += 1 - _pow(1 - q, L)
                survive *= 1 - r
                masked.append(L * survive)
            }
            return SamplingPlan(masked: masked, nfe: nfe, isExact: true)
        case .raddOrdered:
            let n = Int(L)
            return SamplingPlan(masked: (0...n).map { Double(n - $0) }, nfe: Double(n), isExact: true)
        }
    }
}
