import CFMAPeak

/// The core's single-thread multiply-add peak right now (`unmask_fma_peak`): what no product on
/// one thread can beat. Measured beside the products it bounds, since this machine's clock state
/// changes within a minute (Benchmarks/README.md).
enum FMAPeak {
    /// GFLOP/s of the best batch within about `seconds` of register-only multiply-adds, and the
    /// lanes used (16: AVX-512F, 8: AVX2/FMA, 0: none, with 0 GFLOP/s).
    static func measure(seconds: Double = 0.02) -> (gflops: Double, lanes: Int) {
        var lanes: Int32 = 0
        let gflops = unmask_fma_peak(seconds, &lanes)
        return (gflops, Int(lanes))
    }
}
