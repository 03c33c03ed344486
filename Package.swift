// swift-tools-version:6.0
import Foundation
import PackageDescription

/// Numeric code is 10–600× slower without optimisation, so numeric targets are compiled with
/// `-O` even in debug builds (see docs/platform.md §4).
let optimized: [SwiftSetting] = [.unsafeFlags(["-O"])]

/// The instruction-set generation the numeric modules are compiled for: the build machine's, as
/// native builds of llama.cpp are (docs/platform.md §4.1; the gains are in docs/measurements.md
/// §2.3): `-target-cpu skylake-avx512` where it has AVX-512F/DQ/CD/BW/VL (x86-64-v4: a
/// `SIMD16<Float>` is one instruction), else `haswell` where it has AVX2 and FMA (x86-64-v3),
/// else nil (any x86-64); with CPUGuard's level for it (CPUGuard.h: 2, 1). `UNMASK_PORTABLE` set
/// to anything but "" or "0" compiles for any x86-64, `UNMASK_NO_AVX512` so for at most Haswell;
/// a native binary started on an older CPU stops with an error naming the missing extension
/// (CPUGuard). The lists below are CPUGuard.c's `needs` in /proc/cpuinfo's names.
let native: (cpu: String, level: Int)? = {
    #if arch(x86_64) && os(Linux)
        func set(_ name: String) -> Bool {
            guard let value = ProcessInfo.processInfo.environment[name] else { return false }
            return !value.isEmpty && value != "0"
        }
        guard !set("UNMASK_PORTABLE"), let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let flags = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return nil }
        let has = Set(flags.split(separator: " ").map(String.init))
        let haswell = [
            "cx16", "lahf_lm", "pni", "ssse3", "sse4_1", "sse4_2", "popcnt", "movbe", "avx", "fma", "f16c", "avx2",
            "bmi1", "bmi2", "abm"
        ]
        let avx512 = ["avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl"]
        guard haswell.allSatisfy(has.contains) else { return nil }
        return avx512.allSatisfy(has.contains) && !set("UNMASK_NO_AVX512") ? ("skylake-avx512", 2) : ("haswell", 1)
    #else
        return nil
    #endif
}()

/// The engine's compiler settings: `-O`, and the build machine's instruction set (`native`).
let numeric: [SwiftSetting] = optimized + (native.map { [.unsafeFlags(["-target-cpu", $0.cpu])] } ?? [])

/// What CPUGuard checks at start-up and `unmask --version` names.
let codegenDefines: [CSetting] = native.map { [.define("UNMASK_CODEGEN_LEVEL", to: "\($0.level)")] } ?? []

let package = Package(
    name: "Unmask",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "unmask", targets: ["unmask"]),
        .library(name: "MaskedDiffusion", targets: ["MaskedDiffusion"]),
        .library(name: "Terminal", targets: ["Terminal"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // System libraries: module map + shim header each (docs/platform.md §1, §2).
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CNcurses", providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(name: "CPNG", providers: [.apt(["libpng-dev"])]),
        // cpuid/xgetbv (for choosing BLAS kernels), what the numeric modules were compiled for, and
        // the start-up check that this CPU runs it.
        .target(name: "CPUGuard", cSettings: codegenDefines),
        // Inference's weight products over weights packed once (AVX2/FMA by function attribute, so
        // it builds for any x86-64; chosen at run time). Optimised in debug builds too.
        .target(name: "CPackedGEMM", cSettings: [.unsafeFlags(["-O2"])]),

        // The engine: tensors, kernels, the transformer, checkpoints. Never imports the UI.
        .target(
            name: "MaskedDiffusion", dependencies: ["CBLAS", "CPackedGEMM", "CPUGuard", "Tokenizers"], swiftSettings: numeric),
        // Hugging Face tokenizer.json (BPE: byte-level and SentencePiece-style) and chat templates.
        .target(name: "Tokenizers", swiftSettings: optimized),
        // RL on top of the engine: rollouts, rewards, ESPO and token-level baselines, the RL trainer.
        .target(name: "ESPO", dependencies: ["MaskedDiffusion", "RunLog"], swiftSettings: numeric),
        // Metric streams in and out: JSONL (and TensorBoard event files), tail-following readers.
        .target(name: "RunLog"),
        // The terminal layer: the only module that imports ncurses.
        .target(name: "Terminal", dependencies: ["CNcurses"]),
        // The widget gallery (`unmask tui --gallery`): an example of the Terminal library, not part of it.
        .target(name: "TerminalGallery", dependencies: ["Terminal"], path: "Examples/gallery/TerminalGallery"),
        // The application: panes, state, the engine worker.
        .target(name: "Workbench", dependencies: ["CPNG", "ESPO", "MaskedDiffusion", "RunLog", "Terminal"]),
        .executableTarget(
            name: "unmask",
            dependencies: [
                "ESPO", "MaskedDiffusion", "RunLog", "Terminal", "TerminalGallery", "Workbench",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ]),
        .executableTarget(
            name: "unmask-bench", dependencies: ["CFMAPeak", "MaskedDiffusion", "Terminal", "TerminalGallery", "Tokenizers"],
            path: "Benchmarks/UnmaskBench", swiftSettings: numeric),
        // The core's multiply-add peak, measured beside the benchmarks' products.
        .target(name: "CFMAPeak", path: "Benchmarks/CFMAPeak", cSettings: [.unsafeFlags(["-O2"])]),

        // Every file parser under malformed input: corpus replay here, libFuzzer via `make fuzz`.
        .executableTarget(
            name: "unmask-fuzz", dependencies: ["MaskedDiffusion", "RunLog", "Terminal"], path: "Tests/Fuzz",
            exclude: ["Corpus", "lsan.supp"]),
        // Test support: counts a thread's heap allocations (interposes malloc; glibc only).
        .target(name: "CAllocationCounter", path: "Tests/CAllocationCounter"),
        .testTarget(
            name: "MaskedDiffusionTests", dependencies: ["MaskedDiffusion", "CAllocationCounter", "CPUGuard", "Tokenizers"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "TerminalGallery"]),
        .testTarget(name: "TokenizersTests", dependencies: ["Tokenizers"], exclude: ["Fixtures"]),
        .testTarget(name: "RunLogTests", dependencies: ["RunLog"], exclude: ["Fixtures"]),
        .testTarget(name: "ESPOTests", dependencies: ["ESPO"]),
        .testTarget(name: "WorkbenchTests", dependencies: ["Workbench"], exclude: ["Fixtures", "Snapshots"]),
        .testTarget(name: "BenchTests", dependencies: ["unmask-bench", "MaskedDiffusion"], swiftSettings: numeric),
        // Runs the built `unmask` binary as a user would.
        .testTarget(name: "CLITests", dependencies: ["unmask", "unmask-fuzz", "CPUGuard", "MaskedDiffusion"])
    ],
    swiftLanguageModes: [.v6]
)
