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

/// Seconds on the monotonic clock (for durations only).
public func monotonicSeconds() -> Double { clockSeconds(CLOCK_MONOTONIC) }

/// Seconds since the Unix epoch (the `wall_time` of metric records).
public func wallClockSeconds() -> Double { clockSeconds(CLOCK_REALTIME) }

private func clockSeconds(_ clock: clockid_t) -> Double {
    var ts = timespec()
    clock_gettime(clock, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}
