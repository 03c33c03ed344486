#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Scalar libm entry points under engine-local names, so the engine needs neither Foundation
// (large, slow to load) nor per-file platform imports. `_exp` is public for the RL code (ESPO).
@inline(__always) func _log(_ x: Double) -> Double { log(x) }
@inlinable public func _exp(_ x: Double) -> Double { exp(x) }
@inline(__always) func _cos(_ x: Double) -> Double { cos(x) }
@inline(__always) func _sin(_ x: Double) -> Double { sin(x) }
@inline(__always) func _pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@inline(__always) func _logf(_ x: Float) -> Float { logf(x) }
@inline(__always) func _expf(_ x: Float) -> Float { expf(x) }

/// The first reading of the monotonic clock, the origin of `monotonicSeconds`.
private let clockOrigin = ContinuousClock.now

/// Seconds on the standard library's monotonic clock (the one the terminal's frame timing
/// reads too) since this process first asked: for durations only.
public func monotonicSeconds() -> Double {
    let c = clockOrigin.duration(to: .now).components
    return Double(c.seconds) + Double(c.attoseconds) * 1e-18
}
