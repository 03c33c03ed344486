/// State and machinery every strategy shares: the token grid, the network call (batched over
/// rows, with the unconditional pass for guidance), per-row NFE, the latest logits of each row
/// (RADD's cache), commits with their candidates, and step records.
final class SamplingCore {
    let network: LogitsSource
    let config: SamplerConfig
    let problem: SamplingProblem
    let seed: UInt64
    let start: SamplingStart
    let rows: Int
    let seqLen: Int
    let promptLength: Int
    let vocab: Int
    let maskId: Int32
    /// locked[i]: position i never changes (prompt or fixed token). [seqLen]
    let locked: [Bool]
    /// isEOS[v] for the configured EOS ids. [V]
    let isEOS: [Bool]
    /// Current tokens: [rows, seqLen].
    var tokens: [Int32]
    /// Network evaluations per row (guided ones count two).
    var nfe: [Int]
    /// Trajectory index of the next recorded step: steps are numbered consecutively from the start's.
    private(set) var nextIndex: Int
    var statistics = SamplerStatistics()
    /// The latest (guided) logits of each row: [rows, seqLen, V].
    let rowLogits: Tensor
    /// Per-position scratch: [V].
    let scratch: Tensor
    let allowed: UnsafeMutablePointer<Bool>

    /// Output of one network call: [sequencesPerCall · seqLen, V].
    let output: Tensor
    let sequencesPerCall: Int
    var batchTokens: [Int32] = []
    /// [batchTokens.count]: the masked positions, the only ones whose logits a sampler reads.
    var batchScored: [Bool] = []
    var batchSlots: [Int] = []
    /// Keys and values of each row (and its unconditional copy under guidance: slots 2r, 2r + 1)
    /// when the configuration caches; nil otherwise.
    let kvCache: KVCache?
    /// Positions the network computed for each row since the last recorded step, with a cache.
    var computed: [Range<Int>]

    /// A logit low enough to never be sampled yet finite (0·it stays 0 in entropy sums).
    static let forbidden: Float = -1e30

    init(
        network: LogitsSource, config: SamplerConfig, problem: SamplingProblem, seed: UInt64,
        start: SamplingStart?
    ) throws(SamplerError) {
        let V = network.vocabSize
        let configProblems = config.problems(vocabSize: V)
        if !configProblems.isEmpty { throw .invalidConfig(configProblems) }
        var problemProblems = problem.problems(
            config: config, vocabSize: V, maskId: Int32(V), maxSeqLen: network.maxSeqLen)
        let n = problem.promptLength + config.generationLength
        let perRow = config.usesGuidance ? 2 : 1
        if network.maxRows < perRow * n {
            problemProblems.append(
                "the model's maxRows (\(network.maxRows)) holds fewer than \(perRow) sequence(s) of \(n) tokens")
        }
        if !problemProblems.isEmpty { throw .invalidProblem(problemProblems) }

        self.network = network
        self.config = config
        self.problem = problem
        self.seed = seed
        rows = problem.rows
        seqLen = n
        promptLength = problem.promptLength
        vocab = V
        maskId = Int32(V)
        let start = start ?? .fresh(problem, generationLength: config.generationLength, maskId: maskId)
        var locked = [Bool](repeating: false, count: n)
        for i in 0..<promptLength { locked[i] = true }
        for f in problem.fixed { locked[promptLength + f.offset] = true }
        self.locked = locked
        try SamplingCore.check(
            start, against: problem.initialTokens(generationLength: config.generationLength, maskId: maskId),
            locked: locked, vocab: V)
        self.start = start
        var isEOS = [Bool](repeating: false, count: V)
        for id in config.eosTokenIds { isEOS[id] = true }
        self.isEOS = isEOS
        tokens = start.tokens.flatMap { $0 }
        nfe = start.nfe
        nextIndex = start.firstStep
        rowLogits = Tensor(shape: [rows, n, V])
        scratch = Tensor(shape: [V])
        allowed = .allocate(capacity: V)
        allowed.initialize(repeating: true, count: V)
        sequencesPerCall = network.maxRows / n
        output = Tensor(shape: [sequencesPerCall * n, V])
        batchTokens.reserveCapacity(sequencesPerCall * n)
        batchScored.reserveCapacity(sequencesPerCall * n)
        if config.usesCache {
            guard let cached = network.cached else { throw .invalidConfig(["cache needs a network with a key/value cache"]) }
            kvCache = cached.makeCache(rows * perRow, n)
        } else {
            kvCache = nil
        }
        computed = Array(repeating: 0..<0, count: rows)
    }

    deinit { allowed.deallocate() }

    /// A start must match the problem's shape, prompt and fixed tokens.
    private static func check(_ start: SamplingStart, against fresh: [[Int32]], locked: [Bool], vocab: Int) throws(SamplerError) {
        guard start.tokens.count == fresh.count, start.nfe.count == fresh.count else {
            throw .invalidStart("\(start.tokens.count) rows of tokens and \(start.nfe.count) NFE counts for \(fresh.count) rows")
        }
        for (r, row) in start.tokens.enumerated() {
            guard row.count == fresh[r].count else {
                throw .invalidStart("row \(r) has \(row.count) tokens, expected \(fresh[r].count)")
            }
            for i in row.indices {
                if row[i] < 0 || Int(row[i]) > vocab {
                    throw .invalidStart("row \(r) position \(i): token \(row[i]) outside 0...\(vocab)")
                }
                if locked[i] && row[i] != fresh[r][i] {
                    throw .invalidStart("row \(r) position \(i) is prompt or fixed (\(fresh[r][i])) but holds \(row[i])")
                }
            }
        }
    }

    // MARK: tokens

    @inline(__always) func token(_ r: Int, _ i: Int) -> Int32 { tokens[r * seqLen + i] }
    @inline(__always) func isMasked(_ r: Int, _ i: Int) -> Bool { tokens[r * seqLen + i] == maskId }

    /// Masked positions of row r inside `range`, in order.
    func maskedPositions(_ r: Int, in range: Range<Int>) -> [Int] { range.filter { isMasked(r, $0) } }

    func maskedCount(_ r: Int, in range: Range<Int>) -> Int { range.reduce(0) { $0 + (isMasked(r, $1) ? 1 : 0) } }

    /// Masked count of row r over the generated region.
    func maskedCount(_ r: Int) -> Int { maskedCount(r, in: promptLength..<seqLen) }

    /// Mean masked fraction of the generated region over rows: the `t` of time-free strategies.
    var maskedFraction: Double {
        let total = (0..<rows).reduce(0) { $0 + maskedCount($1) }
        return Double(total) / Double(rows * config.generationLength)
    }

    func rowTokens(_ r: Int) -> [Int32] { Array(tokens[r * seqLen..<(r + 1) * seqLen]) }

    /// Logits of row r at position i: [V].
    @inline(__always) func logits(_ r: Int, _ i: Int) -> UnsafeMutablePointer<Float> {
        rowLogits.data + (r * seqLen + i) * vocab
    }

    /// A generator for one (purpose, row, step); draws never depend on batching or other rows.
    func rng(_ stream: RNG.Stream, row: Int, step: Int) -> RNG {
        RNG(seed: seed, stream: stream, path: [UInt64(row), UInt64(step)])
    }

    // MARK: commits and steps

    /// Writes `token` at (r, i) and records it with its probability and top candidates under the
    /// un-tempered softmax of the current logits (`lse` = log Σ exp of the position's logits).
    func commit(_ r: Int, _ i: Int, _ token: Int, lse: Float) -> Commit {
        let z = logits(r, i)
        tokens[r * seqLen + i] = Int32(token)
        return Commit(
            position: i, token: Int32(token), confidence: _expf(z[token] - lse),
            candidates: TokenChoice.candidates(z, vocab, k: config.candidates, lse: lse))
    }

    /// The proposal for (r, i) at the configured temperature, with top-k / top-p truncation where
    /// the strategy reads them.
    func propose(_ r: Int, _ i: Int, rng: inout RNG, lse: Float) -> Int {
        let truncate = config.reads(.topK)
        let z = logits(r, i)
        var mask: UnsafePointer<Bool>? = nil
        if truncate, let k = config.topK {
            TokenChoice.topK(z, vocab, k: k, allowed: allowed)
            mask = UnsafePointer(allowed)
        } else if truncate, let p = config.topP {
            TokenChoice.nucleus(z, vocab, p: p, lse: lse, allowed: allowed)
            mask = UnsafePointer(allowed)
        }
        return TokenChoice.sample(z, vocab, temperature: config.temperature, rng: &rng, scratch: scratch.data, allowed: mask)
    }

    /// Records the step numbered `nextIndex`: every row's tokens, its commits and block, NFE so
    /// far, and the beliefs at the positions that were masked before the step.
    func record(t: Double, commits: [[Commit]], blocks: [Int]) -> TrajectoryStep {
        defer { nextIndex += 1 }
        defer { for r in computed.indices { computed[r] = 0..<0 } }  // in place: no array per step
        return TrajectoryStep(
            index: nextIndex, t: t,
            rows: (0..<rows).map {
                RowStep(
                    tokens: rowTokens($0), commits: commits[$0], block: blocks[$0], nfe: nfe[$0],
                    computed: kvCache == nil ? nil : computed[$0], beliefs: beliefs($0, commits: commits[$0]))
            })
    }

    /// The row's latest logits read at every generated position still masked or committed at
    /// this step. A few passes over V per position: small next to the network call that made
    /// the logits (V·d per position).
    private func beliefs(_ r: Int, commits: [Commit]) -> [PositionBelief] {
        var out: [PositionBelief] = []
        for i in promptLength..<seqLen where isMasked(r, i) || commits.contains(where: { $0.position == i }) {
            out.append(TokenChoice.belief(at: i, logits(r, i), vocab, scratch: scratch.data))
        }
        return out
    }

    /// Runs `body`, adding its wall time to the statistics.
    func timed<T>(_ body: () -> T) -> T {
        let t0 = monotonicSeconds()
        defer { statistics.stepSeconds += monotonicSeconds() - t0 }
        return body()
    }
}

/// A sampler built on a `SamplingCore`: the protocol's read-only views come from the core.
protocol CoreSampler: Sampler {
    var core: SamplingCore { get }
}

extension CoreSampler {
    var config: SamplerConfig { core.config }
    var problem: SamplingProblem { core.problem }
    var seed: UInt64 { core.seed }
    var start: SamplingStart { core.start }
    var tokens: [[Int32]] { (0..<core.rows).map(core.rowTokens) }
    var statistics: SamplerStatistics { core.statistics }
}

/// What a sampler keeps beside its network, for memory checks made before one is built.
public enum SamplerMemory {
    /// Floats of `SamplingCore`'s logits for `rows` sequences of `seqLen` positions on a network
    /// of `maxRows` rows: every row's latest logits [rows, seqLen, V] and one call's output
    /// [maxRows, V]; nil on overflow. Large for large vocabularies (LLaDA's 126k).
    public static func logitFloats(rows: Int, seqLen: Int, maxRows: Int, vocab: Int) -> Int? {
        CheckedCount.sum(CheckedCount.product(rows, seqLen, vocab), CheckedCount.product(maxRows, vocab))
    }
}
