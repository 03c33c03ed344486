#pragma once
// cpuid and xgetbv for x86-64, as static inline functions (Swift has no inline assembly).
// Elsewhere both report zeros, so every feature reads as absent.
#include <stdint.h>

/// regs = {eax, ebx, ecx, edx} of cpuid(leaf, subleaf).
static inline void unmask_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t regs[4]) {
#if defined(__x86_64__) || defined(__i386__)
    uint32_t a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(leaf), "c"(subleaf));
    regs[0] = a; regs[1] = b; regs[2] = c; regs[3] = d;
#else
    regs[0] = regs[1] = regs[2] = regs[3] = 0;
#endif
}

/// XCR0: which register states the operating system saves (bit 1 SSE, 2 AVX, 5–7 AVX-512).
/// Call only when cpuid(1).ecx bit 27 (OSXSAVE) is set.
static inline uint64_t unmask_xgetbv0(void) {
#if defined(__x86_64__) || defined(__i386__)
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
#else
    return 0;
#endif
}
