import MaskedDiffusion
import Testing

/// Choosing OpenBLAS kernels from cpuid: never a core the CPU can't run, never a slower one
/// than it can.
struct BLASCoreTests {
    typealias F = CPUFeatures.Feature

    static let avx2: Set<F> = [.sse3, .ssse3, .sse41, .sse42, .avx, .fma, .avx2]
    static let avx512 = avx2.union([.avx512f, .avx512dq, .avx512cd, .avx512bw, .avx512vl])

    static func cpu(_ vendor: String, _ features: Set<F>) -> CPUFeatures {
        CPUFeatures(vendor: vendor, brand: "test", family: 6, model: 207, features: features)
    }

    /// The cores Debian 12's OpenBLAS 0.3.21 was built with (its `gotoblas_*` symbols).
    static let debian0321 = BLASCore.all

    @Test func emeraldRapidsOnPrescottMovesToCooperlake() throws {
        let xeon = Self.cpu("GenuineIntel", Self.avx512.union([.avx512bf16]))
        let best = try #require(BLASCore.best(for: xeon, known: Self.debian0321))
        #expect(best.name == "Cooperlake")
        #expect(BLASKernels.upgrade(chosen: "Prescott", cpu: xeon, known: Self.debian0321, userSetting: nil) == best)
    }

    @Test func withoutBF16OrWithoutItsKernelsSkylakeXIsTheTop() throws {
        let noBF16 = Self.cpu("GenuineIntel", Self.avx512)
        #expect(BLASCore.best(for: noBF16, known: Self.debian0321)?.name == "SkylakeX")
        let olderLibrary = Self.debian0321.filter { $0.name != "Cooperlake" }
        let bf16 = Self.cpu("GenuineIntel", Self.avx512.union([.avx512bf16]))
        #expect(BLASCore.best(for: bf16, known: olderLibrary)?.name == "SkylakeX")
    }

    @Test func avx2CoresFollowTheVendor() {
        #expect(BLASCore.best(for: Self.cpu("AuthenticAMD", Self.avx2), known: Self.debian0321)?.name == "Zen")
        #expect(BLASCore.best(for: Self.cpu("GenuineIntel", Self.avx2), known: Self.debian0321)?.name == "Haswell")
        // Zen and Haswell kernels are the same level: OpenBLAS's choice between them stands.
        let zen2 = Self.cpu("AuthenticAMD", Self.avx2)
        #expect(BLASKernels.upgrade(chosen: "Haswell", cpu: zen2, known: Self.debian0321, userSetting: nil) == nil)
        #expect(BLASKernels.upgrade(chosen: "Zen", cpu: zen2, known: Self.debian0321, userSetting: nil) == nil)
    }

    @Test func theUsersSettingAndUnrankedCoresAreLeftAlone() {
        let xeon = Self.cpu("GenuineIntel", Self.avx512.union([.avx512bf16]))
        #expect(BLASKernels.upgrade(chosen: "Prescott", cpu: xeon, known: Self.debian0321, userSetting: "Prescott") == nil)
        #expect(BLASKernels.upgrade(chosen: "Excavator", cpu: xeon, known: Self.debian0321, userSetting: nil) == nil)
        // A build for one CPU exports no core tables: nothing to switch to.
        #expect(BLASKernels.upgrade(chosen: "Prescott", cpu: xeon, known: [], userSetting: nil) == nil)
    }

    /// For every feature set a core needs, and every feature removed from it: the choice runs on
    /// the CPU (never above) and no runnable core has a higher level (never below).
    @Test func theChoiceIsNeverAboveNorBelowWhatTheCPUSupports() throws {
        var featureSets = BLASCore.all.map(\.requires)
        for core in BLASCore.all { featureSets += core.requires.map { core.requires.subtracting([$0]) } }
        for features in featureSets {
            let cpu = Self.cpu("GenuineIntel", features)
            let runnable = Self.debian0321.filter { $0.requires.isSubset(of: features) }
            guard let best = BLASCore.best(for: cpu, known: Self.debian0321) else {
                #expect(runnable.isEmpty)
                continue
            }
            #expect(best.requires.isSubset(of: features), "\(best) needs \(best.requires.subtracting(features))")
            #expect(runnable.allSatisfy { $0.level <= best.level }, "\(best) is below a runnable core")
        }
    }

    /// On the machine running the tests: the library knows its cores and the choice runs here.
    @Test func onThisMachineTheChoiceRunsHere() throws {
        let cpu = CPUFeatures.current
        try #require(!cpu.features.isEmpty, "not an x86-64 CPU")
        let known = BLASKernels.knownCores
        #expect(known.contains { $0.name == "Prescott" }, "a DYNAMIC_ARCH OpenBLAS exports gotoblas_PRESCOTT")
        let best = try #require(BLASCore.best(for: cpu, known: known))
        #expect(best.requires.isSubset(of: cpu.features))
        #expect(cpu.features.contains(.sse3))
    }
}
