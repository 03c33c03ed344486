import CPUGuard
import Foundation
import MaskedDiffusion
import Testing

/// The start-up check of a binary whose engine was compiled for the build machine's instruction
/// set (Haswell's AVX2 generation, or AVX-512 on top): it names the first extension the CPU lacks,
/// and passes only when nothing is missing.
struct CPUGuardTests {
    /// cpuid bits of a Haswell: leaf 1 ecx, leaf 7 ebx, leaf 0x80000001 ecx; XCR0 with SSE and AVX state.
    static let ecx1: UInt32 =
        1 << 0 | 1 << 9 | 1 << 12 | 1 << 13 | 1 << 19 | 1 << 20 | 1 << 22 | 1 << 23 | 1 << 27 | 1 << 28 | 1 << 29
    static let ebx7: UInt32 = 1 << 3 | 1 << 5 | 1 << 8
    static let ecx81: UInt32 = 1 << 0 | 1 << 5
    static let xcr0: UInt64 = 0b111
    /// What a Skylake-SP adds: AVX-512F/DQ/CD/BW/VL in leaf 7 ebx, opmask and zmm state in XCR0.
    static let ebx7AVX512: UInt32 = ebx7 | 1 << 16 | 1 << 17 | 1 << 28 | 1 << 30 | 1 << 31
    static let xcr0AVX512: UInt64 = 0b1110_0111

    static func missing(
        level: Int32 = Int32(UNMASK_LEVEL_HASWELL), ecx1: UInt32 = ecx1, ebx7: UInt32 = ebx7, ecx81: UInt32 = ecx81,
        xcr0: UInt64 = xcr0
    ) -> String? {
        unmask_codegen_missing(level, ecx1, ebx7, ecx81, xcr0).map { String(cString: $0) }
    }

    static let avx512 = Int32(UNMASK_LEVEL_AVX512)

    @Test func aHaswellPassesForHaswellCodeOnly() {
        #expect(Self.missing() == nil)
        #expect(Self.missing(level: Self.avx512) == "avx512f")
        #expect(Self.missing(level: Self.avx512, ebx7: Self.ebx7AVX512, xcr0: Self.xcr0AVX512) == nil)
        #expect(Self.missing(level: Int32(UNMASK_LEVEL_PORTABLE), ecx1: 0, ebx7: 0, ecx81: 0, xcr0: 0) == nil)
    }

    @Test(arguments: [
        ("cx16", 1, 13), ("lahf", 0x81, 0), ("sse3", 1, 0), ("ssse3", 1, 9), ("sse4.1", 1, 19), ("sse4.2", 1, 20),
        ("popcnt", 1, 23), ("movbe", 1, 22), ("avx", 1, 28), ("fma", 1, 12), ("f16c", 1, 29), ("avx2", 7, 5),
        ("bmi1", 7, 3), ("bmi2", 7, 8), ("lzcnt", 0x81, 5), ("avx512f", 7, 16), ("avx512dq", 7, 17),
        ("avx512cd", 7, 28), ("avx512bw", 7, 30), ("avx512vl", 7, 31)
    ])
    func eachMissingExtensionIsNamed(name: String, leaf: Int, bit: Int) {
        let off = ~(UInt32(1) << bit)
        let got: String? =
            switch leaf {
            case 1: Self.missing(level: Self.avx512, ecx1: Self.ecx1 & off, ebx7: Self.ebx7AVX512, xcr0: Self.xcr0AVX512)
            case 7: Self.missing(level: Self.avx512, ebx7: Self.ebx7AVX512 & off, xcr0: Self.xcr0AVX512)
            default:
                Self.missing(level: Self.avx512, ebx7: Self.ebx7AVX512, ecx81: Self.ecx81 & off, xcr0: Self.xcr0AVX512)
            }
        #expect(got == name)
    }

    /// A Sandy Bridge (AVX; no MOVBE, FMA, F16C, AVX2, BMI, LZCNT), and operating systems that do
    /// not save the AVX or the AVX-512 registers.
    @Test func olderCPUsAndOperatingSystemsFail() {
        let sandyBridge = Self.ecx1 & ~(1 << 22 | 1 << 12 | 1 << 29)
        #expect(Self.missing(ecx1: sandyBridge, ebx7: 0, ecx81: 1 << 0) == "movbe")
        #expect(Self.missing(xcr0: 0b011)?.hasPrefix("avx (the operating system") == true)
        let noZMM = Self.missing(level: Self.avx512, ebx7: Self.ebx7AVX512, xcr0: Self.xcr0)
        #expect(noZMM?.hasPrefix("avx512f (the operating system") == true)
    }

    /// The bit numbers, checked against the kernel's own decoding: at each level the guard passes
    /// on this CPU exactly when /proc/cpuinfo lists every extension (in its names).
    @Test(arguments: [Int32(UNMASK_LEVEL_HASWELL), Int32(UNMASK_LEVEL_AVX512)])
    func theGuardAgreesWithProcCPUInfo(level: Int32) throws {
        let info = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let line = try #require(info.split(separator: "\n").first { $0.hasPrefix("flags") }, "no flags line")
        let flags = Set(line.split(separator: " ").map(String.init))
        let names = (0..<unmask_codegen_extension_count(level)).map {
            String(cString: unmask_codegen_extension_cpuinfo(level, $0))
        }
        #expect(names.count == (level == Self.avx512 ? 20 : 15))
        let here = unmask_codegen_missing_here(level).map { String(cString: $0) }
        #expect((here == nil) == names.allSatisfy(flags.contains), "guard says \(here ?? "nothing missing")")
    }

    /// This build's own level runs here (or the process would not have started).
    @Test func thisBuildsLevelRunsHere() {
        #expect(unmask_codegen_missing_here(unmask_codegen_level()) == nil)
    }
}
