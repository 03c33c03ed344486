/// Which masked-diffusion loss a run trains with (docs/methods.md §6 cheat-sheet).
public enum TrainingObjective: Codable, Equatable, Sendable {
    /// LLaDA pre-training: 1/p weights, normalised by B·N; prefixes are masked too.
    case pretrain
    /// LLaDA SFT: prefix (prompt) never masked, per-response normalisation.
    case sft
    /// eMIGM: one t per batch, equal masked count per row, weight 1 or γ'/γ.
    case emigm(EMIGMLoss.Options)
    /// RADD k-DCE: exactly k ~ U{1..N} masked per row, weight N/k.
    case kdce

    /// The flag value: `pretrain`, `sft`, `emigm`, `kdce`.
    public var name: String {
        switch self {
        case .pretrain: return "pretrain"
        case .sft: return "sft"
        case .emigm: return "emigm"
        case .kdce: return "kdce"
        }
    }

    /// The masked batch for `clean`; each row's prefix is conditioning except in pre-training.
    public func mask(_ clean: CleanBatch, maskId: Int32, rng: inout RNG) -> MaskedBatch {
        switch self {
        case .pretrain:
            return PretrainingLoss.mask(clean.tokens, batch: clean.batch, seqLen: clean.seqLen, maskId: maskId, rng: &rng)
        case .sft:
            return SFTLoss.mask(
                clean.tokens, promptLengths: clean.prefixLengths, seqLen: clean.seqLen, maskId: maskId,
                rng: &rng)
        case .emigm(let options):
            return EMIGMLoss.mask(
                clean.tokens, batch: clean.batch, seqLen: clean.seqLen,
                prefixLength: uniformPrefix(clean), maskId: maskId, options: options, rng: &rng
            ).0
        case .kdce:
            return KDCELoss.mask(
                clean.tokens, batch: clean.batch, seqLen: clean.seqLen,
                prefixLength: uniformPrefix(clean), maskId: maskId, rng: &rng)
        }
    }

    private func uniformPrefix(_ clean: CleanBatch) -> Int {
        let p = clean.prefixLengths.first ?? 0
        precondition(clean.prefixLengths.allSatisfy { $0 == p }, "\(name) needs the same prefix length in every row")
        return p
    }
}
