import MaskedDiffusion

/// One round's rollouts: Q prompts × G completions from the current policy in one batched
/// sampler run (docs/methods.md §4.4), decoded and rewarded (docs/methods.md §4.7). Groups are
/// contiguous: rows q·G ..< (q+1)·G share prompt q.
public struct Rollout: Sendable {
    /// [Q·G], each item repeated G times.
    public var items: [TaskItem]
    /// prompt ++ completion: [Q·G][P + L].
    public var sequences: [[Int32]]
    /// Decoded completions (up to the first `<eos>`): [Q·G].
    public var completions: [String]
    public var rewards: [Double]
    public var successes: [Bool]
    public var promptLength: Int
    public var seconds: Double

    /// Samples G completions for each of `prompts` with `config` (generation length = the task's).
    public static func generate(
        model: Transformer, task: any ReasoningTask, prompts: [TaskItem], group G: Int,
        config: SamplerConfig, seed: UInt64,
        stop: () -> Bool = { false }
    ) throws(SamplerError) -> Rollout {
        let t0 = monotonicSeconds()
        var config = config
        config.generationLength = task.completionLength
        let items = prompts.flatMap { Array(repeating: $0, count: G) }
        let problem = SamplingProblem(prompts: items.map { task.example(for: $0).prompt })
        let sampler = try makeSampler(model: model, config: config, problem: problem, seed: seed)
        while sampler.step() != nil {
            if stop() { throw .stopped }
        }
        let sequences = sampler.tokens
        let P = task.promptLength
        let completions = sequences.map { task.completionText($0.dropFirst(P)) }
        return Rollout(
            items: items, sequences: sequences, completions: completions,
            rewards: zip(items, completions).map { task.reward($0, completion: $1) },
            successes: zip(items, completions).map { task.isSuccess($0, completion: $1) },
            promptLength: P, seconds: monotonicSeconds() - t0)
    }

    /// Completion positions up to and including the first `eos` (all L without one): [N·L].
    public func completionMask(eos: Int32?) -> [Bool] {
        sequences.flatMap { s -> [Bool] in
            let completion = s[promptLength...]
            let end = eos.flatMap { e in completion.firstIndex(of: e) }.map { $0 - promptLength + 1 } ?? completion.count
            return (0..<completion.count).map { $0 < end }
        }
    }
}
