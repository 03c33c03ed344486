/// A masking schedule γ(t): the fraction of tokens masked at time t ∈ [0, 1] (docs/methods.md §3.2).
///
/// γ is increasing with γ(0) = 0. Its ELBO weight γ'(t)/γ(t) turns the masked cross-entropy
/// into the likelihood bound (MDM); eMIGM's default trains with weight 1 instead. The exp
/// schedule with rate 5 (eMIGM's default) stops short of 1: γ(1) = 1 − e⁻⁵ ≈ 0.9933.
public enum MaskSchedule: Codable, Equatable, Hashable, Sendable {
    case linear
    case cosine
    /// γ = 1 − e^(−rate·t).
    case exp(rate: Double)
    /// γ = t^power (poly-0.5 is √t).
    case poly(power: Double)
    /// γ = log(1 + (e^rate − 1)·t) / rate.
    case log(rate: Double)

    /// The schedules with the papers' default parameters, as listed in the UI and the CLI.
    public static let standard: [MaskSchedule] = [.linear, .cosine, .exp(rate: 5), .poly(power: 0.5), .log(rate: 5)]

    /// γ(t).
    public func gamma(_ t: Double) -> Double {
        switch self {
        case .linear: return t
        case .cosine: return _cos(Double.pi / 2 * (1 - t))
        case .exp(let r): return 1 - _exp(-r * t)
        case .poly(let p): return _pow(t, p)
        case .log(let r): return _log(1 + (_exp(r) - 1) * t) / r
        }
    }

    /// γ'(t).
    public func derivative(_ t: Double) -> Double {
        switch self {
        case .linear: return 1
        case .cosine: return Double.pi / 2 * _sin(Double.pi / 2 * (1 - t))
        case .exp(let r): return r * _exp(-r * t)
        case .poly(let p): return p * _pow(t, p - 1)
        case .log(let r): return (_exp(r) - 1) / (r * (1 + (_exp(r) - 1) * t))
        }
    }

    /// The ELBO weight γ'(t)/γ(t) (infinite at t = 0).
    public func elboWeight(_ t: Double) -> Double { derivative(t) / gamma(t) }

    /// The name used on the command line and in files: `linear`, `cosine`, `exp`, `exp:3`, `poly:0.5`, `log`.
    public var name: String {
        switch self {
        case .linear: return "linear"
        case .cosine: return "cosine"
        case .exp(let r): return r == 5 ? "exp" : "exp:\(trimmed(r))"
        case .poly(let p): return "poly:\(trimmed(p))"
        case .log(let r): return r == 5 ? "log" : "log:\(trimmed(r))"
        }
    }

    /// Parses `name` (see `name`); nil when it names no schedule.
    public init?(name: String) {
        let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
        let parameter = parts.count == 2 ? Double(parts[1]) : nil
        if parts.count == 2 && (parameter == nil || !(parameter! > 0)) { return nil }
        switch parts[0] {
        case "linear" where parts.count == 1: self = .linear
        case "cosine" where parts.count == 1: self = .cosine
        case "exp": self = .exp(rate: parameter ?? 5)
        case "poly": self = .poly(power: parameter ?? 0.5)
        case "log": self = .log(rate: parameter ?? 5)
        default: return nil
        }
    }

    public init(from decoder: Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let v = MaskSchedule(name: s) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "unknown mask schedule '\(s)'"))
        }
        self = v
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}

private func trimmed(_ x: Double) -> String {
    x == x.rounded() ? String(Int(x)) : String(x)
}
