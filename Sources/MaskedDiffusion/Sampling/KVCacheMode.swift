/// Fast-dLLM's approximate key/value caching for block decoding (docs/methods.md §1.6): a row's
/// first step in a block is a full pass that fills the cache; its later steps in the block compute
/// only a window of positions and read every other position's keys and values from the cache.
public enum KVCacheMode: String, Codable, CaseIterable, Sendable {
    /// Every step is a full pass.
    case none
    /// Later steps compute the current block and everything after it (the prompt and finished
    /// blocks are cached).
    case prefix
    /// Later steps compute the current block only (the suffix is cached too).
    case dual
}
