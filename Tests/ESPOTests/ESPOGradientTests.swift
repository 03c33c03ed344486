import MaskedDiffusion
import Testing

@testable import ESPO

/// The gradient each objective back-propagates (coefficients → `MaskedBatch.gradientWeights` →
/// `Transformer.backward`) against central finite differences of its loss, with the same masks,
/// old and reference values.
///
/// The engine computes in Float, so the differences use h = 1e-2 and the loss is recomputed in
/// Double from Float logits: rounding perturbs ℓ by ~1e-6 relative, i.e. ~1e-5 in a loss of
/// order 1 and ~1e-3 after dividing by 2h, and the O(h²) truncation error is of the same order.
/// Over 60 sampled coordinates the check is ‖g_fd − g‖ ≤ 3e-2·max(‖g_fd‖, ‖g‖) + 1e-3·√n; a
/// wrong sign, a missing 1/L or a dropped KL term gives relative errors of order 1.
/// β is large (0.5) so the KL path matters, and ratios are kept away from the clip bounds so
/// the loss is smooth along every perturbation (the kink rule itself is tested in `ObjectiveTests`).
@Suite(.serialized) struct ESPOGradientTests {
    @Test(arguments: RLObjective.allCases)
    func lossGradientMatchesFiniteDifferences(objective: RLObjective) throws {
        BLAS.setThreads(1)
        let params = TinyRL.parameters(seed: 3)
        let old = TinyRL.perturbed(params, seed: 4, std: 0.001), ref = TinyRL.perturbed(params, seed: 5, std: 0.05)
        let B = 4, L = TinyRL.completionLength
        let sequences = TinyRL.sequences(B, seed: 6)
        let hyper = PolicyHyper(beta: 0.5, epsilonLow: 0.2, epsilonHigh: 0.28, kl: objective.defaultKL)
        let rule = objective.make(hyper)
        let batch = rule.likelihood.batch(
            sequences, promptLength: TinyRL.promptLength, maskId: TinyRL.maskId, numMC: 2,
            key: MaskKey(seed: 1, round: 2, microBatch: 0, iteration: 1))
        let oldValues = TinyRL.values(old, batch), refValues = TinyRL.values(ref, batch)
        let advantages = [0.9, -0.45, 1.2, -0.7]
        var mask = [Bool](repeating: true, count: B * L)
        mask[L - 1] = false  // sequence 0's completion ends early
        let net = Transformer(params: params, maxRows: batch.input.rows)
        let logits = Tensor(shape: [batch.input.rows, TinyRL.config.vocabSize])
        func evaluate() -> ObjectiveOutput {
            net.forward(batch.input, into: logits)
            let current = batch.tokenValues(logits: logits, vocabSize: TinyRL.config.vocabSize)
            return rule.evaluate(
                ObjectiveInput(
                    current: current, old: rule.usesOldPolicy ? oldValues : nil, reference: refValues,
                    advantages: advantages, completionMask: mask, sequences: B, completionLength: L))
        }
        let out = evaluate()
        try #require(
            out.metrics.clipped == 0
                && (out.metrics.ratioCount == 0 || out.metrics.ratioMin > 0.81 && out.metrics.ratioMax < 1.27),
            "ratios \(out.metrics.ratioMin)…\(out.metrics.ratioMax) too close to the clip bounds for finite differences")
        let grads = Tensor(shape: [params.layout.totalCount])
        net.backward(
            batch.input, targets: batch.targets, weights: batch.gradientWeights(coefficients: out.coefficients), grads: grads)

        var rng = RNG(seed: 9, stream: .data)
        let h: Float = 1e-2
        var diff = 0.0, normFD = 0.0, normG = 0.0
        let coordinates = (0..<60).map { _ in rng.int(below: params.values.count) }
        for k in coordinates {
            let saved = params.values[k]
            params.values[k] = saved + h
            let up = evaluate().loss
            params.values[k] = saved - h
            let down = evaluate().loss
            params.values[k] = saved
            let fd = (up - down) / Double(2 * h), g = Double(grads[k])
            diff += (fd - g) * (fd - g)
            normFD += fd * fd
            normG += g * g
        }
        let err = diff.squareRoot(), scale = max(normFD, normG).squareRoot()
        #expect(normG > 1e-3, "\(objective): the gradient vanished (‖g‖ = \(normG.squareRoot()))")
        #expect(
            err <= 3e-2 * scale + 1e-3 * Double(coordinates.count).squareRoot(),
            "\(objective): ‖fd − g‖ = \(err), ‖g‖ = \(normG.squareRoot()), ‖fd‖ = \(normFD.squareRoot())")
    }
}
