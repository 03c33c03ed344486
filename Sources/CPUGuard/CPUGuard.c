#include "CPUGuard.h"

#include <stdio.h>
#include <unistd.h>

void unmask_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t regs[4]) {
#if defined(__x86_64__)
    uint32_t a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(leaf), "c"(subleaf));
    regs[0] = a, regs[1] = b, regs[2] = c, regs[3] = d;
#else
    regs[0] = regs[1] = regs[2] = regs[3] = 0;
#endif
}

uint64_t unmask_xgetbv0(void) {
#if defined(__x86_64__)
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
#else
    return 0;
#endif
}

const char *unmask_codegen(void) {
#if defined(UNMASK_CODEGEN_HASWELL) && defined(__x86_64__)
    return "haswell (AVX2, FMA, BMI2, F16C)";
#else
    return "x86-64 (portable)";
#endif
}

/// Everything LLVM's `haswell` may emit without intrinsics (x86-64-v3), with the name the guard
/// prints and /proc/cpuinfo's name (Package.swift's detection lists the latter again: a manifest
/// cannot call C). PCLMUL, RDRAND, FSGSBASE and the like need intrinsics, which we never use.
static const struct { const char *name, *cpuinfo; int reg; uint32_t bit; } needs[] = {
    {"cx16", "cx16", 1, 1u << 13},      {"lahf", "lahf_lm", 0x81, 1u << 0}, {"sse3", "pni", 1, 1u << 0},
    {"ssse3", "ssse3", 1, 1u << 9},     {"sse4.1", "sse4_1", 1, 1u << 19},  {"sse4.2", "sse4_2", 1, 1u << 20},
    {"popcnt", "popcnt", 1, 1u << 23},  {"movbe", "movbe", 1, 1u << 22},    {"avx", "avx", 1, 1u << 28},
    {"fma", "fma", 1, 1u << 12},        {"f16c", "f16c", 1, 1u << 29},      {"avx2", "avx2", 7, 1u << 5},
    {"bmi1", "bmi1", 7, 1u << 3},       {"bmi2", "bmi2", 7, 1u << 8},       {"lzcnt", "abm", 0x81, 1u << 5},
};
static const unsigned needCount = sizeof needs / sizeof needs[0];

unsigned unmask_haswell_extension_count(void) { return needCount; }

const char *unmask_haswell_extension_cpuinfo(unsigned i) { return i < needCount ? needs[i].cpuinfo : NULL; }

const char *unmask_haswell_missing(uint32_t ecx1, uint32_t ebx7, uint32_t ecx81, uint64_t xcr0) {
    for (unsigned i = 0; i < needCount; i++) {
        uint32_t reg = needs[i].reg == 1 ? ecx1 : needs[i].reg == 7 ? ebx7 : ecx81;
        if (!(reg & needs[i].bit)) return needs[i].name;
    }
    // The operating system must save the SSE and AVX register state (XCR0 bits 1 and 2).
    if ((xcr0 & 6) != 6) return "avx (the operating system does not save its registers)";
    return NULL;
}

const char *unmask_haswell_missing_here(void) {
#if defined(__x86_64__)
    uint32_t r0[4], r1[4], r7[4] = {0}, r81[4] = {0};
    unmask_cpuid(0, 0, r0);
    unmask_cpuid(1, 0, r1);
    if (r0[0] >= 7) unmask_cpuid(7, 0, r7);  // leaves past the maximum return another leaf's data
    unmask_cpuid(0x80000000, 0, r81);
    if (r81[0] >= 0x80000001) unmask_cpuid(0x80000001, 0, r81); else r81[2] = 0;
    uint64_t xcr0 = r1[2] & (1u << 27) ? unmask_xgetbv0() : 0;  // OSXSAVE: xgetbv is available
    return unmask_haswell_missing(r1[2], r7[1], r81[2], xcr0);
#else
    return NULL;
#endif
}

#if defined(UNMASK_CODEGEN_HASWELL) && defined(__x86_64__)
/// Runs before main (and before default-priority constructors) in every binary that links the
/// engine: without it, a binary built on an AVX2 machine dies of SIGILL somewhere in its first
/// forward pass on an older CPU.
__attribute__((constructor(101))) static void unmask_require_haswell(void) {
    const char *missing = unmask_haswell_missing_here();
    if (missing == NULL) return;
    fprintf(stderr,
            "error: this program's engine was compiled for the AVX2 generation of the machine that built it, "
            "and this CPU lacks %s.\nRebuild it on this machine, or build it with UNMASK_PORTABLE=1 "
            "(`UNMASK_PORTABLE=1 make build`) to run on any x86-64.\n",
            missing);
    _exit(1);
}
#endif
