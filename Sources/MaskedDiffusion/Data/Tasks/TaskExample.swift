/// One fixed-length model sequence `prompt ++ completion` for a task item.
///
/// Shapes: `prompt` is `[promptLength]`, left-padded with `<eos>` so the completion always starts
/// at the same position; `completion` is `[completionLength]`, the reference completion then
/// `<eos>` to the end. The prompt is never masked; SFT masks and scores only the completion.
public struct TaskExample: Sendable, Equatable {
    public let prompt: [Int32]
    public let completion: [Int32]
    public let item: TaskItem

    /// `prompt ++ completion`, `[promptLength + completionLength]`.
    public var tokens: [Int32] { prompt + completion }
}
