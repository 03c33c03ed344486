/// The rows a pass runs its last layer on.
enum LastLayerRows {
    /// Every row.
    case all
    /// Only the kept rows' queries, compacted before attention, and everything above them:
    /// inference on packed weights (`TransformerPass+ScoredRows.swift`).
    case keptBeforeAttention
    /// Every query attends; the kept rows' tops (o_proj, MLP, final norm, head) run compacted:
    /// training, and passes that compute as it does (`TransformerPass+WeightedRows.swift`).
    case keptAfterAttention
}
