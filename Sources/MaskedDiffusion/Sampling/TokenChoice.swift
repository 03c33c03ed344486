/// Per-position choices over one row of logits z: [V]. Raw pointers and caller-owned scratch,
/// so the per-step loops allocate nothing per vocabulary entry.
enum TokenChoice {
    /// Index of the largest logit (the lowest index on ties).
    @inline(__always)
    static func argmax(_ z: UnsafePointer<Float>, _ V: Int) -> Int {
        var best = 0
        for v in 1..<V where z[v] > z[best] { best = v }
        return best
    }

    /// A sample from softmax(z/T) by the exponential-race form of Gumbel-max that LLaDA uses:
    /// argmax_v exp(z_v/T) / E_v with E_v = −log U_v drawn in Double (low-precision noise lowers
    /// quality: docs/methods.md §1.4). T = 0 gives the argmax. `scratch`: [V], overwritten.
    /// Only entries with `allowed[v]` take part when `allowed` is given (top-k / top-p).
    static func sample(
        _ z: UnsafePointer<Float>, _ V: Int, temperature: Double, rng: inout RNG,
        scratch: UnsafeMutablePointer<Float>, allowed: UnsafePointer<Bool>? = nil
    ) -> Int {
        if temperature == 0 {
            guard let allowed else { return argmax(z, V) }
            var best = -1
            for v in 0..<V where allowed[v] && (best < 0 || z[v] > z[best]) { best = v }
            return best
        }
        let inv = Float(1 / temperature)
        for v in 0..<V { scratch[v] = z[v] * inv }
        _ = expShiftedInPlace(scratch, V, shift: maxValue(scratch, V))
        var best = -1
        var bestKey = -Double.infinity
        for v in 0..<V {
            let u = rng.openUniformDouble()
            let w = scratch[v]
            if w == 0 { continue }
            if let allowed, !allowed[v] { continue }
            let key = Double(w) / -_log(u)
            if key > bestKey { bestKey = key; best = v }
        }
        return best < 0 ? argmax(z, V) : best
    }

    /// The k largest logits' indices, largest first (lowest index on ties). k ≤ V.
    static func top(_ z: UnsafePointer<Float>, _ V: Int, _ k: Int) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(k + 1)
        for v in 0..<V {
            if out.count == k && z[v] <= z[out[k - 1]] { continue }
            var j = out.count
            while j > 0 && z[out[j - 1]] < z[v] { j -= 1 }
            out.insert(v, at: j)
            if out.count > k { out.removeLast() }
        }
        return out
    }

    /// Marks the smallest set of most likely tokens whose probability reaches `p` (nucleus).
    /// `lse` = log Σ exp z. `allowed`: [V], overwritten.
    static func nucleus(
        _ z: UnsafePointer<Float>, _ V: Int, p: Double, lse: Float,
        allowed: UnsafeMutablePointer<Bool>
    ) {
        allowed.update(repeating: false, count: V)
        var mass = 0.0
        for v in top(z, V, V) {
            allowed[v] = true
            mass += Double(_expf(z[v] - lse))
            if mass >= p { break }
        }
    }

    /// Marks the k most likely tokens. `allowed`: [V], overwritten.
    static func topK(_ z: UnsafePointer<Float>, _ V: Int, k: Int, allowed: UnsafeMutablePointer<Bool>) {
        allowed.update(repeating: false, count: V)
        for v in top(z, V, Swift.min(k, V)) { allowed[v] = true }
    }

    /// The k most likely tokens with their probabilities exp(z − lse).
    static func candidates(_ z: UnsafePointer<Float>, _ V: Int, k: Int, lse: Float) -> [Candidate] {
        k == 0 ? [] : top(z, V, k).map { Candidate(token: Int32($0), probability: _expf(z[$0] - lse)) }
    }

    /// Top-1 minus top-2 probability.
    static func margin(_ z: UnsafePointer<Float>, _ V: Int, lse: Float) -> Double {
        var a = -Float.infinity, b = -Float.infinity
        for v in 0..<V {
            let x = z[v]
            if x > a { b = a; a = x } else if x > b { b = x }
        }
        return Double(_expf(a - lse)) - (V > 1 ? Double(_expf(b - lse)) : 0)
    }

    /// −H(softmax z) = Σ p (z − lse). `scratch`: [V], overwritten.
    static func negativeEntropy(
        _ z: UnsafePointer<Float>, _ V: Int, lse: Float,
        scratch: UnsafeMutablePointer<Float>
    ) -> Double {
        scratch.update(from: z, count: V)
        let m = maxValue(z, V)
        let total = expShiftedInPlace(scratch, V, shift: m)  // scratch = e^{z−m}
        return Double(dot(scratch, z, V)) / Double(total) - Double(lse)
    }

    /// Argmax, its probability, entropy and top-1 − top-2 margin of softmax(z) at `position`.
    /// `scratch`: [V], overwritten.
    static func belief(
        at position: Int, _ z: UnsafePointer<Float>, _ V: Int, scratch: UnsafeMutablePointer<Float>
    ) -> PositionBelief {
        let lse = Softmax.logSumExp(z, n: V)
        let best = argmax(z, V)
        // A one-hot softmax rounds to −0 (or a hair below): entropy is ≥ 0, and +0 prints as 0.00.
        let entropy = -negativeEntropy(z, V, lse: lse, scratch: scratch)
        return PositionBelief(
            position: position, token: Int32(best), probability: _expf(z[best] - lse),
            entropy: entropy > 0 ? Float(entropy) : 0,
            margin: Float(margin(z, V, lse: lse)))
    }
}
