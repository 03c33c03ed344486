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

/// Instruction-set generations the numeric modules may be compiled for (Package.swift's
/// `native`): 0 any x86-64, 1 Haswell (`-target-cpu haswell`, x86-64-v3), 2 AVX-512
/// (`-target-cpu skylake-avx512`, x86-64-v4).
enum { UNMASK_LEVEL_PORTABLE = 0, UNMASK_LEVEL_HASWELL = 1, UNMASK_LEVEL_AVX512 = 2 };

/// The level this build's numeric modules were compiled for.
int unmask_codegen_level(void);

/// "skylake-avx512 (AVX-512F/DQ/CD/BW/VL, AVX2, FMA)", "haswell (AVX2, FMA, BMI2, F16C)" or
/// "x86-64 (portable)": what `unmask --version` prints.
const char *unmask_codegen(void);

/// The first instruction-set extension that code of `level` may use and this CPU (or its
/// operating system) lacks, or NULL when it has them all. Pure, for tests:
/// ecx1 = cpuid(1).ecx, ebx7 = cpuid(7, 0).ebx, ecx81 = cpuid(0x80000001).ecx, xcr0 = xgetbv(0)
/// (pass 0 when cpuid(1).ecx lacks OSXSAVE).
const char *unmask_codegen_missing(int level, uint32_t ecx1, uint32_t ebx7, uint32_t ecx81, uint64_t xcr0);

/// How many extensions code of `level` needs, and the i-th one's name in /proc/cpuinfo's `flags`.
unsigned unmask_codegen_extension_count(int level);
const char *unmask_codegen_extension_cpuinfo(int level, unsigned i);

/// `unmask_codegen_missing` for the CPU this process runs on (NULL elsewhere than x86-64).
const char *unmask_codegen_missing_here(int level);
