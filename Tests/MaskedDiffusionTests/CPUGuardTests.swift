import CPUGuard
import Foundation
import MaskedDiffusion
import Testing

/// The start-up check of a binary whose engine was compiled for the build machine's AVX2
/// generation: it names the first extension the CPU lacks, and passes only when nothing is missing.
struct CPUGuardTests {
    /// cpuid bits of a Haswell: leaf 1 ecx, leaf 7 ebx, leaf 0x80000001 ecx; XCR0 with SSE and AVX state.
    static let ecx1: UInt32 =
        1 << 0 | 1 << 9 | 1 << 12 | 1 << 13 | 1 << 19 | 1 << 20 | 1 << 22 | 1 << 23 | 1 << 27 | 1 << 28 | 1 << 29
    static let ebx7: UInt32 = 1 << 3 | 1 << 5 | 1 << 8
    static let ecx81: UInt32 = 1 << 0 | 1 << 5
    static let xcr0: UInt64 = 0b111

    static func missing(ecx1: UInt32 = ecx1, ebx7: UInt32 = ebx7, ecx81: UInt32 = ecx81, xcr0: UInt64 = xcr0) -> String? {
        unmask_haswell_missing(ecx1, ebx7, ecx81, xcr0).map { String(cString: $0) }
    }

    @Test func aHaswellPasses() {
        #expect(Self.missing() == nil)
    }

    @Test(arguments: [
        ("cx16", 1, 13), ("lahf", 0x81, 0), ("sse3", 1, 0), ("ssse3", 1, 9), ("sse4.1", 1, 19), ("sse4.2", 1, 20),
        ("popcnt", 1, 23), ("movbe", 1, 22), ("avx", 1, 28), ("fma", 1, 12), ("f16c", 1, 29), ("avx2", 7, 5),
        ("bmi1", 7, 3), ("bmi2", 7, 8), ("lzcnt", 0x81, 5)
    ])
    func eachMissingExtensionIsNamed(name: String, leaf: Int, bit: Int) {
        let off = ~(UInt32(1) << bit)
        let got: String? =
            switch leaf {
            case 1: Self.missing(ecx1: Self.ecx1 & off)
            case 7: Self.missing(ebx7: Self.ebx7 & off)
            default: Self.missing(ecx81: Self.ecx81 & off)
            }
        #expect(got == name)
    }

    /// A Sandy Bridge (AVX; no MOVBE, FMA, F16C, AVX2, BMI, LZCNT) and an operating system that
    /// does not save the AVX registers.
    @Test func olderCPUsAndOperatingSystemsFail() {
        let sandyBridge = Self.ecx1 & ~(1 << 22 | 1 << 12 | 1 << 29)
        #expect(Self.missing(ecx1: sandyBridge, ebx7: 0, ecx81: 1 << 0) == "movbe")
        #expect(Self.missing(xcr0: 0b011)?.hasPrefix("avx (the operating system") == true)
    }

    /// The bit numbers, checked against the kernel's own decoding: the guard passes on this CPU
    /// exactly when /proc/cpuinfo lists every extension (in its names).
    @Test func theGuardAgreesWithProcCPUInfo() throws {
        let info = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let line = try #require(info.split(separator: "\n").first { $0.hasPrefix("flags") }, "no flags line")
        let flags = Set(line.split(separator: " ").map(String.init))
        let names = (0..<unmask_haswell_extension_count()).map { String(cString: unmask_haswell_extension_cpuinfo($0)) }
        #expect(names.count == 15)
        let here = unmask_haswell_missing_here().map { String(cString: $0) }
        #expect((here == nil) == names.allSatisfy(flags.contains), "guard says \(here ?? "nothing missing")")
    }
}
