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

#if defined(UNMASK_CODEGEN_LEVEL) && defined(__x86_64__)
int unmask_codegen_level(void) { return UNMASK_CODEGEN_LEVEL; }
#else
int unmask_codegen_level(void) { return UNMASK_LEVEL_PORTABLE; }
#endif

const char *unmask_codegen(void) {
    switch (unmask_codegen_level()) {
    case UNMASK_LEVEL_AVX512: return "skylake-avx512 (AVX-512F/DQ/CD/BW/VL, AVX2, FMA)";
    case UNMASK_LEVEL_HASWELL: return "haswell (AVX2, FMA, BMI2, F16C)";
    default: return "x86-64 (portable)";
    }
}

/// Everything LLVM may emit without intrinsics for `haswell` (x86-64-v3; level 1) and, on top,
/// for `skylake-avx512` (x86-64-v4's AVX-512 subsets; level 2), with the name the guard prints
/// and /proc/cpuinfo's name (Package.swift's detection lists the latter again: a manifest cannot
/// call C). PCLMUL, RDRAND, FSGSBASE, CLWB and the like need intrinsics, which we never use.
static const struct { const char *name, *cpuinfo; int level, reg; uint32_t bit; } needs[] = {
    {"cx16", "cx16", 1, 1, 1u << 13},         {"lahf", "lahf_lm", 1, 0x81, 1u << 0},
    {"sse3", "pni", 1, 1, 1u << 0},           {"ssse3", "ssse3", 1, 1, 1u << 9},
    {"sse4.1", "sse4_1", 1, 1, 1u << 19},     {"sse4.2", "sse4_2", 1, 1, 1u << 20},
    {"popcnt", "popcnt", 1, 1, 1u << 23},     {"movbe", "movbe", 1, 1, 1u << 22},
    {"avx", "avx", 1, 1, 1u << 28},           {"fma", "fma", 1, 1, 1u << 12},
    {"f16c", "f16c", 1, 1, 1u << 29},         {"avx2", "avx2", 1, 7, 1u << 5},
    {"bmi1", "bmi1", 1, 7, 1u << 3},          {"bmi2", "bmi2", 1, 7, 1u << 8},
    {"lzcnt", "abm", 1, 0x81, 1u << 5},       {"avx512f", "avx512f", 2, 7, 1u << 16},
    {"avx512dq", "avx512dq", 2, 7, 1u << 17}, {"avx512cd", "avx512cd", 2, 7, 1u << 28},
    {"avx512bw", "avx512bw", 2, 7, 1u << 30}, {"avx512vl", "avx512vl", 2, 7, 1u << 31},
};
static const unsigned needCount = sizeof needs / sizeof needs[0];

unsigned unmask_codegen_extension_count(int level) {
    unsigned n = 0;
    for (unsigned i = 0; i < needCount; i++) n += needs[i].level <= level;
    return n;
}

const char *unmask_codegen_extension_cpuinfo(int level, unsigned i) {
    for (unsigned j = 0; j < needCount; j++) {
        if (needs[j].level > level) continue;
        if (i-- == 0) return needs[j].cpuinfo;
    }
    return NULL;
}

const char *unmask_codegen_missing(int level, uint32_t ecx1, uint32_t ebx7, uint32_t ecx81, uint64_t xcr0) {
    for (unsigned i = 0; i < needCount; i++) {
        if (needs[i].level > level) continue;
        uint32_t reg = needs[i].reg == 1 ? ecx1 : needs[i].reg == 7 ? ebx7 : ecx81;
        if (!(reg & needs[i].bit)) return needs[i].name;
    }
    // The operating system must save the SSE and AVX register state (XCR0 bits 1 and 2), and for
    // AVX-512 the opmask and all 32 zmm registers (bits 5–7).
    if (level >= UNMASK_LEVEL_HASWELL && (xcr0 & 6) != 6) return "avx (the operating system does not save its registers)";
    if (level >= UNMASK_LEVEL_AVX512 && (xcr0 & 0xE0) != 0xE0) {
        return "avx512f (the operating system does not save its registers)";
    }
    return NULL;
}

const char *unmask_codegen_missing_here(int level) {
#if defined(__x86_64__)
    uint32_t r0[4], r1[4], r7[4] = {0}, r81[4] = {0};
    unmask_cpuid(0, 0, r0);
    unmask_cpuid(1, 0, r1);
    if (r0[0] >= 7) unmask_cpuid(7, 0, r7);  // leaves past the maximum return another leaf's data
    unmask_cpuid(0x80000000, 0, r81);
    if (r81[0] >= 0x80000001) unmask_cpuid(0x80000001, 0, r81); else r81[2] = 0;
    uint64_t xcr0 = r1[2] & (1u << 27) ? unmask_xgetbv0() : 0;  // OSXSAVE: xgetbv is available
    return unmask_codegen_missing(level, r1[2], r7[1], r81[2], xcr0);
#else
    (void)level;
    return NULL;
#endif
}

#if defined(UNMASK_CODEGEN_LEVEL) && defined(__x86_64__)
/// Runs before main (and before default-priority constructors) in every binary that links the
/// engine: without it, a binary built on a newer machine dies of SIGILL somewhere in its first
/// forward pass on an older CPU.
__attribute__((constructor(101))) static void unmask_require_codegen(void) {
    const char *missing = unmask_codegen_missing_here(UNMASK_CODEGEN_LEVEL);
    if (missing == NULL) return;
    fprintf(stderr,
            "error: this program's engine was compiled for the instruction set of the machine that built it "
            "(%s), and this CPU lacks %s.\nRebuild it on this machine, or build it with UNMASK_PORTABLE=1 "
            "(`UNMASK_PORTABLE=1 make build`) to run on any x86-64, or UNMASK_NO_AVX512=1 on any AVX2 CPU.\n",
            unmask_codegen(), missing);
    _exit(1);
}
#endif
