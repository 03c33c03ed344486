/// Which paper's sampler turns masks into tokens (docs/methods.md §1.4, §2.5, §3.6; docs/methods.md §5.2).
public enum SamplingStrategy: String, Codable, CaseIterable, Sendable {
    /// LLaDA `generate`: fixed per-step quotas inside semi-autoregressive blocks, remasking order, CFG.
    case llada
    /// RADD `DiffusionSampler`: each masked token is revealed with probability r(t) per step; rows
    /// whose tokens did not change reuse their cached network output.
    case radd
    /// RADD `RADDOrderedSampler` (any-order autoregressive): one position per step in a fixed order.
    case raddOrdered = "radd-ordered"
    /// eMIGM: reveal a 1 − γ(s)/γ(t) fraction of the masks per step, the same count in every row,
    /// classifier-free guidance only inside a time interval.
    case emigm
    /// Fast-dLLM-style parallel decoding: inside LLaDA blocks, commit every masked position whose
    /// confidence exceeds a threshold (at least one per step).
    case threshold
    /// EB-Sampler (Ben-Hamu et al. 2025, arXiv 2505.24857): inside LLaDA blocks, commit the
    /// lowest-entropy masked positions, as many as keep Σ H − max H ≤ γ (at least one per step).
    case eb
}
