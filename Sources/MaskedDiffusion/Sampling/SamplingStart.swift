/// The state a sampler starts from: fresh masks, or the tokens of an earlier step (a branch).
///
/// A branch runs the new configuration's whole schedule over the masks that remain; committed
/// tokens are kept, step numbers and NFE continue from the step branched from.
public struct SamplingStart: Equatable, Sendable {
    /// [rows][seqLen].
    public var tokens: [[Int32]]
    /// Network evaluations per row already spent.
    public var nfe: [Int]
    /// Trajectory index of the first step.
    public var firstStep: Int

    public init(tokens: [[Int32]], nfe: [Int], firstStep: Int) {
        self.tokens = tokens
        self.nfe = nfe
        self.firstStep = firstStep
    }

    /// Start after `step` (its tokens and NFE), e.g. to continue with a different configuration or seed.
    public init(branchingFrom step: TrajectoryStep) {
        self.init(tokens: step.rows.map(\.tokens), nfe: step.rows.map(\.nfe), firstStep: step.index + 1)
    }

    /// The untouched start of `problem`.
    public static func fresh(_ problem: SamplingProblem, generationLength: Int, maskId: Int32) -> SamplingStart {
        SamplingStart(
            tokens: problem.initialTokens(generationLength: generationLength, maskId: maskId),
            nfe: Array(repeating: 0, count: problem.rows), firstStep: 0)
    }
}
