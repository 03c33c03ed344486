#pragma once
// What this CPU has (cpuid, xgetbv: Swift has no inline assembly), what the numeric modules were
// compiled for, and a start-up check that this CPU runs it (docs/platform.md §4.1, §5). Plain C
// compiled for baseline x86-64, so the check itself runs anywhere.
#include <stdint.h>

/// regs = {eax, ebx, ecx, edx} of cpuid(leaf, subleaf); zeros elsewhere than x86-64, so every
/// feature reads as absent.
void unmask_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t regs[4]);

/// XCR0: which register states the operating system saves (bit 1 SSE, 2 AVX, 5–7 AVX-512).
/// Call only when cpuid(1).ecx bit 27 (OSXSAVE) is set; 0 elsewhere than x86-64.
uint64_t unmask_xgetbv0(void);

/// "haswell (AVX2, FMA, BMI2, F16C)" when Package.swift compiled the numeric modules for the
/// build machine's AVX2 generation, else "x86-64 (portable)".
const char *unmask_codegen(void);

/// The first instruction-set extension that `-target-cpu haswell` code may use and this CPU
/// (or its operating system) lacks, or NULL when it has them all. Pure, for tests:
/// ecx1 = cpuid(1).ecx, ebx7 = cpuid(7, 0).ebx, ecx81 = cpuid(0x80000001).ecx, xcr0 = xgetbv(0)
/// (pass 0 when cpuid(1).ecx lacks OSXSAVE).
const char *unmask_haswell_missing(uint32_t ecx1, uint32_t ebx7, uint32_t ecx81, uint64_t xcr0);

/// How many extensions the check needs, and the i-th one's name in /proc/cpuinfo's `flags`.
unsigned unmask_haswell_extension_count(void);
const char *unmask_haswell_extension_cpuinfo(unsigned i);

/// `unmask_haswell_missing` for the CPU this process runs on (NULL elsewhere than x86-64).
const char *unmask_haswell_missing_here(void);
