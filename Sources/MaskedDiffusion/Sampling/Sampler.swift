/// A sampler advanced one step at a time, so a viewer can draw each step, cancel between steps,
/// and branch from any step (`SamplingStart(branchingFrom:)` + `makeSampler`).
///
/// ```swift
/// let sampler = try makeSampler(model: model, config: config, problem: problem, seed: 7)
/// while let step = sampler.step() { show(step) }        // nil once every row is unmasked
/// let branch = try makeSampler(model: model, config: other, problem: problem, seed: 7,
///                              start: SamplingStart(branchingFrom: someStep))
/// ```
public protocol Sampler: AnyObject {
    var config: SamplerConfig { get }
    var problem: SamplingProblem { get }
    var seed: UInt64 { get }
    /// The state before the first step.
    var start: SamplingStart { get }
    /// Current tokens, [rows][seqLen].
    var tokens: [[Int32]] { get }
    /// Network time and call counts so far.
    var statistics: SamplerStatistics { get }
    /// Runs one step; nil when no masks remain.
    func step() -> TrajectoryStep?
}

extension Sampler {
    /// Runs to the end and returns the whole trajectory with a header naming `model` and `tokenizer`.
    public func run(
        model: String = "", tokenizer: String = "", kind: TrajectoryHeader.Kind = .text,
        shape: [Int]? = nil
    ) -> Trajectory {
        var t = Trajectory(header: header(model: model, tokenizer: tokenizer, kind: kind, shape: shape))
        while let s = step() { t.steps.append(s) }
        return t
    }

    /// The trajectory-file header for this sampler; `shape` defaults to [rows, seqLen].
    public func header(
        model: String, tokenizer: String, kind: TrajectoryHeader.Kind = .text,
        shape: [Int]? = nil
    ) -> TrajectoryHeader {
        TrajectoryHeader(
            model: model, tokenizer: tokenizer, kind: kind,
            shape: shape ?? [start.tokens.count, start.tokens.first?.count ?? 0],
            sampler: config, seed: seed, problem: problem, initialTokens: start.tokens,
            initialNFE: start.nfe)
    }
}

/// Where sampling time goes: the network versus everything else.
public struct SamplerStatistics: Equatable, Sendable {
    /// Seconds inside `Transformer.forward`.
    public var forwardSeconds: Double = 0
    /// Seconds inside `step()` in total (network included).
    public var stepSeconds: Double = 0
    /// Network calls and sequences evaluated (a guided sequence counts two).
    public var networkCalls: Int = 0
    public var networkRows: Int = 0
    /// Sequence positions the network computed (a guided sequence counts two): with a key/value
    /// cache fewer than networkRows × sequence length.
    public var computedPositions: Int = 0

    public init() {}

    /// Fraction of step time spent outside the network.
    public var overheadFraction: Double { stepSeconds > 0 ? 1 - forwardSeconds / stepSeconds : 0 }
}

/// Builds the sampler for `config.strategy`. `model` is reused across steps (and may be shared
/// by samplers that do not run concurrently); `start` defaults to the problem's fresh start.
public func makeSampler(
    model: Transformer, config: SamplerConfig, problem: SamplingProblem, seed: UInt64,
    start: SamplingStart? = nil
) throws(SamplerError) -> any Sampler {
    try makeSampler(network: LogitsSource(model), config: config, problem: problem, seed: seed, start: start)
}

/// The same on any logits source (a scripted one in the workbench's screen tests).
public func makeSampler(
    network: LogitsSource, config: SamplerConfig, problem: SamplingProblem, seed: UInt64,
    start: SamplingStart? = nil
) throws(SamplerError) -> any Sampler {
    makeSampler(try SamplingCore(network: network, config: config, problem: problem, seed: seed, start: start))
}

/// The sampler for `core.config.strategy` on a prepared core.
func makeSampler(_ core: SamplingCore) -> any Sampler {
    switch core.config.strategy {
    case .llada, .threshold, .eb: return LLaDASampler(core)
    case .radd: return RADDSampler(core)
    case .raddOrdered: return RADDOrderedSampler(core)
    case .emigm: return EMIGMSampler(core)
    }
}
