/// The x86-64 kernel families ("cores") of a DYNAMIC_ARCH OpenBLAS, ranked by the instructions
/// their kernels need.
///
/// OpenBLAS picks a core from the CPU's family and model, so a CPU newer than the library (an
/// Emerald Rapids Xeon under Debian 12's 0.3.21) falls back to `Prescott`'s SSE3 kernels and
/// runs sgemm 4–5× slower than its AVX-512 kernels would. Ranking by instructions instead of
/// by model lets `best(for:known:)` pick the fastest core the CPU can run, whatever its age.
/// Cores not listed here (AMD's Bulldozer line, tuned by OpenBLAS itself) are never replaced.
public struct BLASCore: Sendable, Equatable, CustomStringConvertible {
    /// The name as `openblas_get_corename()` prints it and `OPENBLAS_CORETYPE` takes it.
    public let name: String
    /// Rank of the instructions its kernels use: 0 SSE3, 1 SSE4.2, 2 AVX, 3 AVX2+FMA,
    /// 4 AVX-512 (F/DQ/CD/BW/VL), 5 AVX-512 with BF16.
    public let level: Int
    /// Every feature the kernels execute; the CPU must have all of them.
    public let requires: Set<CPUFeatures.Feature>
    /// The CPU vendor the core is tuned for, when two cores share a level (Haswell vs Zen).
    public let vendor: String?

    public var description: String { name }

    /// The symbol a DYNAMIC_ARCH build exports for the core's kernel table.
    public var symbol: String { "gotoblas_" + name.uppercased() }

    private static let avx2: Set<CPUFeatures.Feature> = [.sse3, .ssse3, .sse41, .sse42, .avx, .avx2, .fma]
    private static let avx512 = avx2.union([.avx512f, .avx512dq, .avx512cd, .avx512bw, .avx512vl])

    /// Every ranked core, lowest level first.
    public static let all: [BLASCore] = [
        .init(name: "Prescott", level: 0, requires: [.sse3], vendor: nil),
        .init(name: "Core2", level: 0, requires: [.sse3, .ssse3], vendor: nil),
        .init(name: "Penryn", level: 0, requires: [.sse3, .ssse3, .sse41], vendor: nil),
        .init(name: "Dunnington", level: 0, requires: [.sse3, .ssse3, .sse41], vendor: nil),
        .init(name: "Atom", level: 0, requires: [.sse3, .ssse3], vendor: nil),
        .init(name: "Nano", level: 0, requires: [.sse3], vendor: nil),
        .init(name: "Opteron_SSE3", level: 0, requires: [.sse3], vendor: nil),
        .init(name: "Barcelona", level: 0, requires: [.sse3], vendor: nil),
        .init(name: "Nehalem", level: 1, requires: [.sse3, .ssse3, .sse41, .sse42], vendor: nil),
        .init(name: "Sandybridge", level: 2, requires: [.sse3, .ssse3, .sse41, .sse42, .avx], vendor: nil),
        .init(name: "Haswell", level: 3, requires: avx2, vendor: "GenuineIntel"),
        .init(name: "Zen", level: 3, requires: avx2, vendor: "AuthenticAMD"),
        .init(name: "SkylakeX", level: 4, requires: avx512, vendor: nil),
        .init(name: "Cooperlake", level: 5, requires: avx512.union([.avx512bf16]), vendor: nil)
    ]

    /// The ranked core with this name (OpenBLAS compares names without case), if any.
    public static func named(_ name: String) -> BLASCore? {
        all.first { $0.name.lowercased() == name.lowercased() }
    }

    /// The fastest core among `known` whose every instruction `cpu` has: the highest level, then
    /// the one tuned for the CPU's vendor. Nil when none runs (not an x86-64 CPU).
    public static func best(for cpu: CPUFeatures, known: [BLASCore]) -> BLASCore? {
        let runnable = known.filter { $0.requires.isSubset(of: cpu.features) }
        guard let top = runnable.map(\.level).max() else { return nil }
        let candidates = runnable.filter { $0.level == top }
        return candidates.first { $0.vendor == cpu.vendor } ?? candidates.first { $0.vendor == nil } ?? candidates[0]
    }

    /// Whether replacing `chosen` by `best` gains anything: only a ranked core, and only upward.
    public static func shouldReplace(_ chosen: String, with best: BLASCore) -> Bool {
        guard let current = named(chosen) else { return false }
        return best.level > current.level
    }
}
