#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Scalar libm under local names, so the RL code needs no Foundation.
@inline(__always) func _expm(_ x: Double) -> Double { exp(x) }
@inline(__always) func _sqrt(_ x: Double) -> Double { x.squareRoot() }

/// Seconds since the Unix epoch (the `wall_time` of metric records).
func wallClockSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}
