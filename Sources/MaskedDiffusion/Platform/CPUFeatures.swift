import CPUGuard

/// What this x86-64 CPU can run, read with cpuid and confirmed with xgetbv (an extension
/// counts only when the operating system also saves its registers).
///
/// Elsewhere (other architectures) `current` has no features, so nothing is ever selected
/// from it.
public struct CPUFeatures: Sendable, Equatable {
    /// The instruction-set extensions that decide which BLAS kernels can run.
    public enum Feature: String, Sendable, CaseIterable, Comparable {
        case sse3, ssse3, sse41 = "sse4.1", sse42 = "sse4.2", avx, fma, avx2
        case avx512f, avx512dq, avx512cd, avx512bw, avx512vl, avx512bf16

        public static func < (a: Feature, b: Feature) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public var vendor: String
    /// cpuid's brand string, e.g. "Intel(R) Xeon(R) Platinum 8581C CPU @ 2.10GHz".
    public var brand: String
    /// Display family and model (extended fields folded in, as /proc/cpuinfo shows them).
    public var family: Int
    public var model: Int
    public var features: Set<Feature>

    public init(vendor: String, brand: String, family: Int, model: Int, features: Set<Feature>) {
        (self.vendor, self.brand, self.family, self.model, self.features) = (vendor, brand, family, model, features)
    }

    /// One line for reports: "AMD EPYC 7B12 (AuthenticAMD family 23 model 49; avx2 fma …)".
    public var summary: String {
        let flags = features.sorted().map(\.rawValue).joined(separator: " ")
        return "\(brand.isEmpty ? "unknown CPU" : brand) (\(vendor) family \(family) model \(model); \(flags))"
    }

    /// The CPU this process runs on.
    public static let current: CPUFeatures = read()

    private static func cpuid(_ leaf: UInt32, _ subleaf: UInt32 = 0) -> [UInt32] {
        var regs: [UInt32] = [0, 0, 0, 0]
        regs.withUnsafeMutableBufferPointer { unmask_cpuid(leaf, subleaf, $0.baseAddress) }
        return regs
    }

    private static func ascii(_ words: [UInt32]) -> String {
        let bytes = words.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }
        return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self).trimmingSpaces()
    }

    private static func read() -> CPUFeatures {
        let leaf0 = cpuid(0)
        let maxLeaf = leaf0[0]
        guard maxLeaf >= 1 else { return CPUFeatures(vendor: "", brand: "", family: 0, model: 0, features: []) }
        let vendor = ascii([leaf0[1], leaf0[3], leaf0[2]])
        let leaf1 = cpuid(1)
        let (eax, ecx) = (leaf1[0], leaf1[2])
        let baseFamily = Int((eax >> 8) & 0xF), baseModel = Int((eax >> 4) & 0xF)
        let family = baseFamily == 0xF ? baseFamily + Int((eax >> 20) & 0xFF) : baseFamily
        let model = baseFamily >= 6 ? baseModel | Int((eax >> 16) & 0xF) << 4 : baseModel

        func bit(_ word: UInt32, _ n: Int) -> Bool { word & (1 << UInt32(n)) != 0 }
        var features: Set<Feature> = []
        if bit(ecx, 0) { features.insert(.sse3) }
        if bit(ecx, 9) { features.insert(.ssse3) }
        if bit(ecx, 19) { features.insert(.sse41) }
        if bit(ecx, 20) { features.insert(.sse42) }
        // AVX state (XCR0 bits 1–2) and AVX-512 state (bits 5–7) must be enabled by the OS.
        let xcr0 = bit(ecx, 27) ? unmask_xgetbv0() : 0
        let osAVX = xcr0 & 0x6 == 0x6, osAVX512 = xcr0 & 0xE6 == 0xE6
        if osAVX && bit(ecx, 28) { features.insert(.avx) }
        if osAVX && bit(ecx, 12) { features.insert(.fma) }
        if maxLeaf >= 7 {
            let leaf7 = cpuid(7), ebx = leaf7[1]
            if osAVX && bit(ebx, 5) { features.insert(.avx2) }
            if osAVX512 {
                for (n, f) in [(16, Feature.avx512f), (17, .avx512dq), (28, .avx512cd), (30, .avx512bw), (31, .avx512vl)]
                where bit(ebx, n) { features.insert(f) }
                if leaf7[0] >= 1 && bit(cpuid(7, 1)[0], 5) { features.insert(.avx512bf16) }
            }
        }
        let brand =
            cpuid(0x8000_0000)[0] >= 0x8000_0004
            ? ascii((0x8000_0002...0x8000_0004).flatMap { cpuid(UInt32($0)) }) : ""
        return CPUFeatures(vendor: vendor, brand: brand, family: family, model: model, features: features)
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
