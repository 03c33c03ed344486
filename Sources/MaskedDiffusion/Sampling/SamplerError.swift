/// Why a sampler could not be built; every message names the knob or input at fault.
public enum SamplerError: Error, Equatable, CustomStringConvertible {
    case invalidConfig([String])
    case invalidProblem([String])
    case invalidStart(String)
    /// The caller asked to stop before sampling finished (a shutdown); nothing it produced is kept.
    case stopped

    public var description: String {
        switch self {
        case .invalidConfig(let p): return "invalid sampler config: " + p.joined(separator: "; ")
        case .invalidProblem(let p): return "invalid sampling problem: " + p.joined(separator: "; ")
        case .invalidStart(let s): return "invalid start state: " + s
        case .stopped: return "stopped before it finished"
        }
    }
}
