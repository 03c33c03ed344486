import MaskedDiffusion

/// ESPO reads a `MaskedBatch` whose estimate b·L + k is completion token k of sequence b
/// (`perToken` rows, B sequences, completion length L): the per-token log-likelihood estimate is
///
///     ℓ[b, k] = −E[b·L + k] = − Σ_{r : slot_r = b·L+k} w_r · CE(logits_r, target_r)
///
/// and a sequence's estimate is Σ_k ℓ[b, k]. Every policy, old and reference pass of one
/// (round, micro-batch, iteration) runs on the *same* batch, which is what makes their masks
/// identical. Gradients: ∂ℓ[b,k]/∂CE_r = −w_r, so an objective with ∂loss/∂ℓ = c back-propagates
/// through `Transformer.backward` with weights −c[slot_r]·w_r.
extension MaskedBatch {
    /// ℓ[b, k] from the logits of a forward pass on `input` ([rows·T, V]): [B·L].
    public func tokenValues(logits: Tensor, vocabSize V: Int) -> [Double] {
        crossEntropy(logits: logits, vocabSize: V).map { -$0 }
    }

    /// `Transformer.backward` weights for ∂loss/∂ℓ = `coefficients` ([B·L]): [rows·T].
    public func gradientWeights(coefficients: [Double]) -> [Float] {
        gradientWeights(estimateCoefficients: coefficients.map { -$0 })
    }
}
