import MaskedDiffusion

/// A line a backend writes to its stdout (docs/backend-protocol.md §4).
enum BackendReply: Sendable, Equatable {
    case hello(BackendHello)
    /// One sampler step of request `id`, in trajectory schema v1 form.
    case step(id: Int, TrajectoryStep)
    /// Request `id` finished (sample or ELBO).
    case done(id: Int, BackendSummary)
    /// [seqLen][k]: candidates at masked positions, [] elsewhere.
    case predictions(id: Int, [[Candidate]])
    /// Per-unit negative ELBO values (nats) of request `id`, and the network rows they cost.
    case elboUnits(id: Int, values: [Double], rows: Int)
    case pong(id: Int)
    /// Request `id` stopped after a `cancel`.
    case cancelled(id: Int)
    /// The display text of the ids a `tokens` request asked for, each decoded on its own.
    case tokens(id: Int, text: [Int32: String])
    /// A request failed (`id` nil: the line that failed had none, or the backend as a whole).
    case error(id: Int?, code: String, message: String)
}

/// What a `done` line reports about a finished request.
struct BackendSummary: Decodable, Sendable, Equatable {
    /// Wall-clock seconds the backend spent on the request.
    var seconds: Double
    /// Seconds inside the network's forward passes, and network calls and rows (a guided row counts two).
    var forwardSeconds: Double
    var networkCalls: Int
    var networkRows: Int

    enum CodingKeys: String, CodingKey {
        case seconds, forwardSeconds = "forward_seconds", networkCalls = "network_calls", networkRows = "network_rows"
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        seconds = try c.decodeIfPresent(Double.self, forKey: .seconds) ?? 0
        forwardSeconds = try c.decodeIfPresent(Double.self, forKey: .forwardSeconds) ?? 0
        networkCalls = try c.decodeIfPresent(Int.self, forKey: .networkCalls) ?? 0
        networkRows = try c.decodeIfPresent(Int.self, forKey: .networkRows) ?? 0
    }

    /// As the workbench's own sampler reports it.
    var statistics: SamplerStatistics {
        var s = SamplerStatistics()
        s.forwardSeconds = forwardSeconds
        s.stepSeconds = seconds
        s.networkCalls = networkCalls
        s.networkRows = networkRows
        return s
    }
}
