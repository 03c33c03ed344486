#pragma once
// The single-thread multiply-add peak of this core, measured now: chains of register-only fused
// multiply-adds, as many in flight as the FMA units can take. What no matrix product on this
// thread can exceed, to say how close the engine's kernels come (Benchmarks/README.md).

/// GFLOP/s of the widest FMA this CPU has (AVX-512F: 16 lanes, else AVX2/FMA: 8), the best of
/// batches run for about `seconds` in all; `lanes` receives the width used (0, and 0 returned,
/// on a CPU without FMA or off x86-64).
double unmask_fma_peak(double seconds, int *lanes);
