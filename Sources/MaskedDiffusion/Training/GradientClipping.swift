/// Global gradient-norm clipping, as `torch.nn.utils.clip_grad_norm_`.
public enum GradientClipping {
    /// The L2 norm of all of `grads` (accumulated in Double).
    public static func norm(_ grads: Tensor) -> Double {
        var total = 0.0
        var i = 0
        let n = grads.count, g = grads.data
        while i < n {
            let chunk = Swift.min(4096, n - i)  // Float partial sums stay accurate over short chunks
            total += Double(dot(g + i, g + i, chunk))
            i += chunk
        }
        return total.squareRoot()
    }

    /// Scales `grads` so its norm is at most `maxNorm` (≤ 0: no clipping); returns the norm before.
    @discardableResult
    public static func clip(_ grads: Tensor, maxNorm: Double) -> Double {
        let n = norm(grads)
        if maxNorm > 0 && n > maxNorm {
            scaleInPlace(grads.data, grads.count, by: Float(maxNorm / (n + 1e-6)))
        }
        return n
    }
}
