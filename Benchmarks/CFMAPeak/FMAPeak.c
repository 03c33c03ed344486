#include "FMAPeak.h"

#include <time.h>

#if defined(__x86_64__)
#include <immintrin.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/// n rounds of 24 independent 16-lane multiply-adds: two FMA units with a 4-cycle latency need 8
/// in flight, so 24 chains keep them busy. Returns a sum so the work is not optimised away.
__attribute__((target("avx512f"), noinline)) static float chains16(long n) {
    __m512 a[24];
    for (int i = 0; i < 24; i++) a[i] = _mm512_set1_ps(0.001f * (float)i);
    const __m512 b = _mm512_set1_ps(0.9999f), c = _mm512_set1_ps(1e-7f);
    for (long k = 0; k < n; k++)
        for (int i = 0; i < 24; i++) a[i] = _mm512_fmadd_ps(a[i], b, c);
    __m512 s = a[0];
    for (int i = 1; i < 24; i++) s = _mm512_add_ps(s, a[i]);
    return _mm512_reduce_add_ps(s);
}

/// The same at 8 lanes, 12 chains (16 ymm registers).
__attribute__((target("avx2,fma"), noinline)) static float chains8(long n) {
    __m256 a[12];
    for (int i = 0; i < 12; i++) a[i] = _mm256_set1_ps(0.001f * (float)i);
    const __m256 b = _mm256_set1_ps(0.9999f), c = _mm256_set1_ps(1e-7f);
    for (long k = 0; k < n; k++)
        for (int i = 0; i < 12; i++) a[i] = _mm256_fmadd_ps(a[i], b, c);
    __m256 s = a[0];
    for (int i = 1; i < 12; i++) s = _mm256_add_ps(s, a[i]);
    float out[8];
    _mm256_storeu_ps(out, s);
    return out[0];
}

double unmask_fma_peak(double seconds, int *lanes) {
    __builtin_cpu_init();
    int wide = __builtin_cpu_supports("avx512f");
    if (!wide && !(__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))) {
        *lanes = 0;
        return 0;
    }
    *lanes = wide ? 16 : 8;
    const long rounds = 200000;  // 154 MFLOP at 16 lanes: ~1 ms a batch at 150 GFLOP/s
    const double flops = 2.0 * (double)rounds * (wide ? 24 * 16 : 12 * 8);
    volatile float sink = 0;
    double best = 0, end = now() + seconds;
    do {
        double t0 = now();
        sink += wide ? chains16(rounds) : chains8(rounds);
        double rate = flops / (now() - t0) / 1e9;
        if (rate > best) best = rate;
    } while (now() < end);
    (void)sink;
    return best;
}

#else
double unmask_fma_peak(double seconds, int *lanes) {
    (void)seconds;
    *lanes = 0;
    return 0;
}
#endif
