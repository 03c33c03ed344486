import MaskedDiffusion

/// wd1's ratio-free weighted likelihood (docs/methods.md §4.10) on mean-field log-probs: with
/// ℓ_b = Σ_{k∈m_b} ℓ_θ[b,k] over the completion mask and softmaxes over the micro-batch,
///
///     loss = −Σ_b softmax(A)_b ℓ_b + Σ_b softmax(−A)_b ℓ_b   (+ d1's token-level KL when β > 0)
///
/// The second term unlearns the worst completions. No old policy, no ratio, no clipping.
public struct WD1Objective: PolicyObjective {
    public let hyper: PolicyHyper
    public var likelihood: LikelihoodKind { .meanField }
    public var usesOldPolicy: Bool { false }

    public init(hyper: PolicyHyper) { self.hyper = hyper }

    /// softmax(A) and softmax(−A) over the micro-batch: ([B], [B]).
    public static func weights(advantages a: [Double]) -> (positive: [Double], negative: [Double]) {
        func softmax(_ x: [Double]) -> [Double] {
            let m = x.max() ?? 0
            let e = x.map { _exp($0 - m) }
            let total = e.reduce(0, +)
            return e.map { $0 / total }
        }
        return (softmax(a), softmax(a.map { -$0 }))
    }

    public func evaluate(_ input: ObjectiveInput) -> ObjectiveOutput {
        let B = input.sequences, L = input.completionLength
        let (positive, negative) = Self.weights(advantages: input.advantages)
        var loss = 0.0
        var coefficients = [Double](repeating: 0, count: B * L)
        var metrics = PolicyMetrics()
        for b in 0..<B {
            let span = b * L..<(b + 1) * L
            let real = input.completionMask[span].lazy.filter { $0 }.count
            guard real > 0 else { continue }
            let w = negative[b] - positive[b], scale = 1 / (Double(B) * Double(real))
            for i in span where input.completionMask[i] {
                loss += w * input.current[i]
                var c = w
                if let ref = input.reference {
                    let kl = hyper.klTerm(current: input.current[i], reference: ref[i], scale: scale)
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
