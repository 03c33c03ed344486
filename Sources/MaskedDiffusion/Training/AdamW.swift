/// AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, as `torch.optim.AdamW`.
///
/// Per weight: p ← p·(1 − lr·λ) (matrices only, never norm gains), m ← β₁m + (1−β₁)g,
/// v ← β₂v + (1−β₂)g², p ← p − lr · m̂ / (√v̂ + ε) with bias-corrected m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
public final class AdamW: @unchecked Sendable {
    public struct Hyper: Codable, Equatable, Sendable {
        public var beta1: Float = 0.9
        public var beta2: Float = 0.95
        public var eps: Float = 1e-8
        public var weightDecay: Float = 0.1
        public init(beta1: Float = 0.9, beta2: Float = 0.95, eps: Float = 1e-8, weightDecay: Float = 0.1) {
            self.beta1 = beta1
            self.beta2 = beta2
            self.eps = eps
            self.weightDecay = weightDecay
        }

        enum CodingKeys: String, CodingKey { case beta1, beta2, eps, weightDecay = "weight_decay" }
    }

    public let hyper: Hyper
    public let layout: ParameterLayout
    /// First and second moments: [layout.totalCount] each.
    public let m: Tensor
    public let v: Tensor
    /// Optimizer steps taken so far (the t of the bias correction).
    public var step: Int = 0

    public init(layout: ParameterLayout, hyper: Hyper = Hyper()) {
        self.layout = layout
        self.hyper = hyper
        m = Tensor(shape: [layout.totalCount])
        v = Tensor(shape: [layout.totalCount])
    }

    /// One update of `params` from `grads` (both [layout.totalCount]) at learning rate `lr`.
    public func update(params: Tensor, grads: Tensor, lr: Float) {
        precondition(params.count == layout.totalCount && grads.count == layout.totalCount)
        step += 1
        let b1 = hyper.beta1, b2 = hyper.beta2
        let c1 = 1 - Float(_pow(Double(b1), Double(step)))
        let c2 = 1 - Float(_pow(Double(b2), Double(step)))
        // p −= lr·m/c1 / (√(v/c2) + ε)  ≡  p −= (lr/c1) · m / (√v/√c2 + ε)
        let stepSize = Lanes(repeating: lr / c1), invSqrtC2 = Lanes(repeating: 1 / c2.squareRoot())
        let b1v = Lanes(repeating: b1), b2v = Lanes(repeating: b2)
        let a1 = Lanes(repeating: 1 - b1), a2 = Lanes(repeating: 1 - b2), epsV = Lanes(repeating: hyper.eps)
        for e in layout.entries {
            let p = params.data + e.offset, g = grads.data + e.offset
            let mp = m.data + e.offset, vp = v.data + e.offset
            let keep = Lanes(repeating: e.decays ? 1 - lr * hyper.weightDecay : 1)
            var i = 0
            while i + 16 <= e.count {
                let gi = load(g + i)
                let mi = b1v * load(mp + i) + a1 * gi
                let vi = b2v * load(vp + i) + a2 * gi * gi
                store(mi, mp + i)
                store(vi, vp + i)
                store(load(p + i) * keep - stepSize * mi / (vi.squareRoot() * invSqrtC2 + epsV), p + i)
                i += 16
            }
            while i < e.count {
                let gi = g[i]
                mp[i] = b1 * mp[i] + (1 - b1) * gi
                vp[i] = b2 * vp[i] + (1 - b2) * gi * gi
                p[i] = p[i] * keep[0] - stepSize[0] * mp[i] / (vp[i].squareRoot() * invSqrtC2[0] + hyper.eps)
                i += 1
            }
        }
    }
}
