import CPUGuard
import MaskedDiffusion
import Testing

/// The start-up check of a binary whose engine was compiled for the build machine's AVX2
/// generation: it names the first extension the CPU lacks, and passes only when nothing is missing.
struct CPUGuardTests {
    /// cpuid bits of a Haswell: leaf 1 ecx, leaf 7 ebx, leaf 0x80000001 ecx; XCR0 with SSE and AVX state.
    static let ecx1: UInt32 = 1 << 20 | 1 << 23 | 1 << 22 | 1 << 28 | 1 << 12 | 1 << 29 | 1 << 27
    static let ebx7: UInt32 = 1 << 5 | 1 << 3 | 1 << 8
    static let ecx81: UInt32 = 1 << 5
    static let xcr0: UInt64 = 0b111

    static func missing(ecx1: UInt32 = ecx1, ebx7: UInt32 = ebx7, ecx81: UInt32 = ecx81, xcr0: UInt64 = xcr0) -> String? {
        unmask_haswell_missing(ecx1, ebx7, ecx81, xcr0).map { String(cString: $0) }
    }

    @Test func aHaswellPasses() {
        #expect(Self.missing() == nil)
    }

    @Test(arguments: [
        ("sse4.2", 1, 20), ("popcnt", 1, 23), ("movbe", 1, 22), ("avx", 1, 28), ("fma", 1, 12), ("f16c", 1, 29),
        ("avx2", 7, 5), ("bmi1", 7, 3), ("bmi2", 7, 8), ("lzcnt", 0x81, 5)
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

    /// A Sandy Bridge (AVX, no AVX2/FMA) and an operating system that does not save AVX registers.
    @Test func olderCPUsAndOperatingSystemsFail() {
        #expect(Self.missing(ecx1: Self.ecx1 & ~(1 << 12 | 1 << 29), ebx7: 0, ecx81: 0) == "fma")
        #expect(Self.missing(xcr0: 0b011)?.hasPrefix("avx (the operating system") == true)
    }

    /// The build this test runs in: native code only where the CPU has AVX2 and FMA.
    @Test func theCodegenMatchesThisCPU() {
        let codegen = String(cString: unmask_codegen())
        if codegen.hasPrefix("haswell") {
            #expect(CPUFeatures.current.features.isSuperset(of: [.avx, .avx2, .fma]))
        } else {
            #expect(codegen == "x86-64 (portable)")
        }
    }
}
