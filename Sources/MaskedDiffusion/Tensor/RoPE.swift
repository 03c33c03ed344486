/// Rotary position embedding in the rotate-half (GPT-NeoX / LLaMA) layout.
///
/// Within a head of width hd, element j and j + hd/2 form a pair rotated by angle
/// t · θ^(−2j/hd) at position t. The rotation is orthogonal, so backward is the same
/// rotation by the opposite angle.
public struct RoPE: Sendable {
    public let headDim: Int
    public let maxLen: Int
    /// cos/sin of the angles: [maxLen, headDim/2] each.
    let cosTable: [Float]
    let sinTable: [Float]

    public init(headDim: Int, maxLen: Int, theta: Float) {
        self.headDim = headDim
        self.maxLen = maxLen
        let half = headDim / 2
        var c = [Float](repeating: 0, count: maxLen * half), s = c
        for t in 0..<maxLen {
            for j in 0..<half {
                let invFreq = _pow(Double(theta), -2 * Double(j) / Double(headDim))
                let angle = Double(t) * invFreq
                c[t * half + j] = Float(_cos(angle))
                s[t * half + j] = Float(_sin(angle))
            }
        }
        cosTable = c
        sinTable = s
    }

    /// Rotates `heads` consecutive heads of every row in place.
    /// x: [rows, stride ≥ heads·hd], rows `firstRow`..<`firstRow + rows` of a batch of sequences
    /// of `seqLen` rows each; batch row r has position firstPosition + r mod seqLen (a window of
    /// positions firstPosition..<firstPosition + seqLen of each sequence). `inverse` applies the
    /// opposite rotation (the backward pass).
    public func apply(
        _ x: UnsafeMutablePointer<Float>, rows: Int, seqLen: Int, heads: Int, stride: Int,
        firstPosition: Int = 0, firstRow: Int = 0, inverse: Bool = false
    ) {
        let half = headDim / 2
        cosTable.withUnsafeBufferPointer { cosB in
            sinTable.withUnsafeBufferPointer { sinB in
                for r in 0..<rows {
                    let t = firstPosition + (firstRow + r) % seqLen
                    let c = cosB.baseAddress! + t * half
                    let s = sinB.baseAddress! + t * half
                    for h in 0..<heads {
                        let x1 = x + r * stride + h * headDim, x2 = x1 + half
                        if inverse {
                            for j in 0..<half {
                                let a = x1[j], b = x2[j]
                                x1[j] = a * c[j] + b * s[j]
                                x2[j] = b * c[j] - a * s[j]
                            }
                        } else {
                            for j in 0..<half {
                                let a = x1[j], b = x2[j]
                                x1[j] = a * c[j] - b * s[j]
                                x2[j] = b * c[j] + a * s[j]
                            }
                        }
                    }
                }
            }
        }
    }
}
