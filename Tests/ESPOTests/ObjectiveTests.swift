import Testing

@testable import ESPO

/// The objectives' values and coefficients on hand-made per-token estimates (no network).
struct ObjectiveTests {
    static let hyper = PolicyHyper(beta: 0.1, epsilonLow: 0.2, epsilonHigh: 0.2, kl: .k2)

    /// B = 2 sequences of L = 2 tokens.
    static func input(
        current: [Double], old: [Double]? = nil, reference: [Double]? = nil,
        advantages: [Double] = [1, -1], mask: [Bool] = [true, true, true, true]
    ) -> ObjectiveInput {
        ObjectiveInput(
            current: current, old: old, reference: reference, advantages: advantages, completionMask: mask,
            sequences: 2, completionLength: 2)
    }

    @Test func espoFirstIterationHasRatioOneAndTheFullPolicyGradient() {
        // ρ ≡ 1 (old = detached current): loss = −mean A = 0; ∂loss/∂𝓛_b = −A_b/(B·L) on every token,
        // even with ε = 0, where the tie in min(ρA, clip(ρ)A) passes the whole gradient (docs/methods.md §4.5).
        for eps in [0.0, 0.2] {
            let h = PolicyHyper(beta: 0, epsilonLow: eps, epsilonHigh: eps, kl: .k2)
            let out = ESPOObjective(hyper: h).evaluate(Self.input(current: [-1, -2, -0.5, -3]))
            #expect(out.loss == 0)
            #expect(out.coefficients == [-0.25, -0.25, 0.25, 0.25])
            #expect(out.metrics.ratioMin == 1 && out.metrics.ratioMax == 1 && out.metrics.clipped == 0)
        }
    }

    @Test func espoRatioIsPerTokenNormalisedAndClipped() {
        // Sequence 0: 𝓛 = −3 vs old −3.8 → ρ = e^{0.4} ≈ 1.49 > 1.2 with A = 1 → clipped, no gradient.
        // Sequence 1: 𝓛 = −3.5 vs old −3.3 → ρ = e^{−0.1} ≈ 0.905 with A = −1 → unclipped (ρA > clip·A is false).
        let out = ESPOObjective(hyper: PolicyHyper(beta: 0, epsilonLow: 0.2, epsilonHigh: 0.2, kl: .k2))
            .evaluate(Self.input(current: [-1, -2, -0.5, -3], old: [-1.8, -2, -0.3, -3]))
        let r1 = _exp(-0.1)
        #expect(abs(out.loss - (-(1.2 * 1) - (r1 * -1)) / 2) < 1e-12)
        #expect(out.coefficients[0] == 0 && out.coefficients[1] == 0)
        #expect(abs(out.coefficients[2] - r1 / 4) < 1e-12 && out.coefficients[2] == out.coefficients[3])
        #expect(out.metrics.clipped == 1 && out.metrics.ratioCount == 2)
    }

    @Test func klIsZeroWhenThePolicyIsTheReference() {
        let current = [-1.0, -2, -0.5, -3]
        for objective in RLObjective.allCases {
            let rule = objective.make(PolicyHyper(beta: 0.1, epsilonLow: 0.2, epsilonHigh: 0.2, kl: objective.defaultKL))
            let out = rule.evaluate(Self.input(current: current, reference: current, advantages: [0, 0]))
            #expect(out.metrics.kl == 0, "\(objective)")
            #expect(out.coefficients.allSatisfy { $0 == 0 }, "\(objective): zero advantages and zero KL leave no gradient")
        }
    }

    @Test func espoKLIsK2OverBTimesL() {
        // 𝓛 − 𝓛_ref = (−3) − (−4) = 1 and (−3.5) − (−3.5) = 0: KL term β·(1²/2)/(B·L) = 0.1·0.5/4.
        let out = ESPOObjective(hyper: Self.hyper)
            .evaluate(Self.input(current: [-1, -2, -0.5, -3], reference: [-2, -2, -0.5, -3], advantages: [0, 0]))
        #expect(abs(out.loss - 0.0125) < 1e-15)
        #expect(abs(out.coefficients[0] - 0.1 * 1 / 4) < 1e-15 && out.coefficients[2] == 0)
        #expect(abs(out.metrics.kl - (0.5 / 2 + 0) / 2) < 1e-15, "mean over sequences of k2/L")
    }

    @Test func d1AveragesTokensOverTheCompletionMask() {
        // Sequence 0 has one real token: its coefficient is −A/(B·1); sequence 1 two: +1/(B·2) each.
        let out = D1Objective(hyper: Self.hyper)
            .evaluate(Self.input(current: [-1, -2, -0.5, -3], mask: [true, false, true, true]))
        #expect(out.coefficients == [-0.5, 0, 0.25, 0.25])
        #expect(out.metrics.ratioCount == 3)
    }

    @Test func wd1WeightsAreSoftmaxesOfPlusAndMinusAdvantages() {
        let (p, n) = WD1Objective.weights(advantages: [1, 0, -1])
        let e = _exp(1.0), z = e + 1 + 1 / e
        #expect(abs(p[0] - e / z) < 1e-15 && abs(p[1] - 1 / z) < 1e-15 && abs(p[2] - 1 / e / z) < 1e-15)
        #expect(n == Array(p.reversed()))
        // Loss = Σ_b (softmax(−A) − softmax(A))_b ℓ_b over real tokens; no ratio, no old policy.
        let out = WD1Objective(hyper: PolicyHyper(beta: 0, epsilonLow: 0.2, epsilonHigh: 0.2, kl: .k3))
            .evaluate(Self.input(current: [-1, -2, -0.5, -3], mask: [true, false, true, true]))
        let (p2, n2) = WD1Objective.weights(advantages: [1, -1])
        #expect(abs(out.loss - ((n2[0] - p2[0]) * -1 + (n2[1] - p2[1]) * -3.5)) < 1e-12)
        #expect(out.coefficients == [n2[0] - p2[0], 0, n2[1] - p2[1], n2[1] - p2[1]])
        #expect(out.metrics.ratioCount == 0)
    }

    @Test func clippedSurrogateFollowsPyTorchsTieRule() {
        let h = PolicyHyper(beta: 0, epsilonLow: 0, epsilonHigh: 0, kl: .k2)
        // ε = 0: min(ρA, A). Gradient passes when ρ moved against A's sign or at the tie ρ = 1.
        #expect(ClippedSurrogate(ratio: 1, advantage: 2, hyper: h).slope == 2)
        #expect(ClippedSurrogate(ratio: 0.9, advantage: 2, hyper: h).slope == 2)
        #expect(ClippedSurrogate(ratio: 1.1, advantage: 2, hyper: h).slope == 0)
        #expect(ClippedSurrogate(ratio: 1.1, advantage: -2, hyper: h).slope == -2)
        #expect(ClippedSurrogate(ratio: 0.9, advantage: -2, hyper: h).clipped)
    }
}
