import MaskedDiffusion

/// A line the workbench writes to a backend's stdin (docs/backend-protocol.md §3). Every
/// request carries an id; replies echo it, so several requests can be in flight at once.
enum BackendCommand: Sendable, Equatable {
    /// Sample `problem` with `sampler` from `start` (nil: fresh masks); answered by `step`
    /// lines, then `done`.
    case sample(id: Int, problem: SamplingProblem, sampler: SamplerConfig, seed: UInt64, start: SamplingStart?)
    /// Top `k` candidates at every masked position of `tokens` ([seqLen]).
    case predict(id: Int, tokens: [Int32], k: Int)
    /// `units` i.i.d. ELBO units of `tokens` after `prefix`, streamed in batches.
    case elbo(id: Int, tokens: [Int32], prefix: Int, estimator: ELBOEstimator, units: Int, seed: UInt64)
    /// Stop request `id` at its next step; its later lines are ignored anyway.
    case cancel(id: Int)
    /// Answered by `pong` between steps: the round-trip time, and a sign of life.
    case ping(id: Int)
    /// The display text of `ids` (the hello carries no vocabulary; only backends whose
    /// capabilities say `tokens` are asked).
    case tokens(id: Int, ids: [Int32])
}

extension BackendCommand: Encodable {
    private enum Keys: String, CodingKey {
        case type, id, problem, sampler, seed, start, tokens, k, prefix, estimator, units, ids
    }

    private struct Start: Encodable {
        var start: SamplingStart
        enum CodingKeys: String, CodingKey { case tokens, nfe, firstStep = "first_step" }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(start.tokens, forKey: .tokens)
            try c.encode(start.nfe, forKey: .nfe)
            try c.encode(start.firstStep, forKey: .firstStep)
        }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch self {
        case let .sample(id, problem, sampler, seed, start):
            try c.encode("sample", forKey: .type)
            try c.encode(id, forKey: .id)
            try c.encode(problem, forKey: .problem)
            try c.encode(sampler, forKey: .sampler)
            try c.encode(seed, forKey: .seed)
            try c.encodeIfPresent(start.map(Start.init), forKey: .start)
        case let .predict(id, tokens, k):
            try c.encode("predict", forKey: .type)
            try c.encode(id, forKey: .id)
            try c.encode(tokens, forKey: .tokens)
            try c.encode(k, forKey: .k)
        case let .elbo(id, tokens, prefix, estimator, units, seed):
            try c.encode("elbo", forKey: .type)
            try c.encode(id, forKey: .id)
            try c.encode(tokens, forKey: .tokens)
            try c.encode(prefix, forKey: .prefix)
            try c.encode(estimator, forKey: .estimator)
            try c.encode(units, forKey: .units)
            try c.encode(seed, forKey: .seed)
        case let .cancel(id):
            try c.encode("cancel", forKey: .type)
            try c.encode(id, forKey: .id)
        case let .ping(id):
            try c.encode("ping", forKey: .type)
            try c.encode(id, forKey: .id)
        case let .tokens(id, ids):
            try c.encode("tokens", forKey: .type)
            try c.encode(id, forKey: .id)
            try c.encode(ids, forKey: .ids)
        }
    }
}
