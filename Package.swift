// swift-tools-version:6.0
import PackageDescription

/// Numeric code is 10–600× slower without optimisation, so the engine (and the benchmark
/// driver) are compiled with `-O` even in debug builds (see docs/platform.md §4).
let optimized: [SwiftSetting] = [.unsafeFlags(["-O"])]

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
        // cpuid/xgetbv as static inline functions, for choosing BLAS kernels.
        .systemLibrary(name: "CCPUID"),

        // The engine: tensors, kernels, the transformer, checkpoints. Never imports the UI.
        .target(name: "MaskedDiffusion", dependencies: ["CBLAS", "CCPUID", "Tokenizers"], swiftSettings: optimized),
        // Hugging Face tokenizer.json (BPE: byte-level and SentencePiece-style) and chat templates.
        .target(name: "Tokenizers", swiftSettings: optimized),
        // RL on top of the engine: rollouts, rewards, ESPO and token-level baselines, the RL trainer.
        .target(name: "ESPO", dependencies: ["MaskedDiffusion", "RunLog"], swiftSettings: optimized),
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
            name: "unmask-bench", dependencies: ["MaskedDiffusion", "Terminal", "TerminalGallery", "Tokenizers"],
            path: "Benchmarks/UnmaskBench", swiftSettings: optimized),

        // Every file parser under malformed input: corpus replay here, libFuzzer via `make fuzz`.
        .executableTarget(
            name: "unmask-fuzz", dependencies: ["MaskedDiffusion", "RunLog", "Terminal"], path: "Tests/Fuzz",
            exclude: ["Corpus", "lsan.supp"]),
        // Test support: counts a thread's heap allocations (interposes malloc; glibc only).
        .target(name: "CAllocationCounter", path: "Tests/CAllocationCounter"),
        .testTarget(
            name: "MaskedDiffusionTests", dependencies: ["MaskedDiffusion", "CAllocationCounter", "Tokenizers"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "TerminalGallery"]),
        .testTarget(name: "TokenizersTests", dependencies: ["Tokenizers"], exclude: ["Fixtures"]),
        .testTarget(name: "RunLogTests", dependencies: ["RunLog"], exclude: ["Fixtures"]),
        .testTarget(name: "ESPOTests", dependencies: ["ESPO"]),
        .testTarget(name: "WorkbenchTests", dependencies: ["Workbench"], exclude: ["Fixtures", "Snapshots"]),
        // Runs the built `unmask` binary as a user would.
        .testTarget(name: "CLITests", dependencies: ["unmask", "unmask-fuzz", "MaskedDiffusion"])
    ],
    swiftLanguageModes: [.v6]
)
