/// How eMIGM ramps the guidance weight with the fraction u of tokens revealed after a step
/// (docs/methods.md §3.6): w(u) = w · g(u), where `w` is the LLaDA-convention scale (0 = off).
///
/// eMIGM writes guidance as ε_u + c(ε_c − ε_u) with c = 1 meaning off and ramps
/// c(u) = 1 + (c − 1)·g(u); with c = w + 1 that is exactly w·g(u) in the LLaDA convention.
public enum GuidanceSchedule: String, Codable, CaseIterable, Sendable {
    case constant, linear, power, cubic, exp, cosine

    /// g(u) for u ∈ [0, 1].
    public func factor(_ u: Double) -> Double {
        switch self {
        case .constant: return 1
        case .linear: return u
        case .power: return u * u
        case .cubic: return u * u * u
        case .exp: return 1 - _exp(-5 * u)
        case .cosine: return _cos(Double.pi / 2 * (1 - u))
        }
    }
}
