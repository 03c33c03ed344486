import Foundation
import MaskedDiffusion

/// Engine throughput on the presets of Benchmarks/reference/torch_ref.py, with the same architecture
/// (RMSNorm, SwiGLU with hidden 4·d, RoPE) and the same LLaDA loss and AdamW step.
struct EnginePreset: Sendable {
    let name: String
    let d, layers, heads, seqLen, batch: Int
    /// torch_ref's vocabulary of 128 includes [MASK]; Unmask counts only real tokens.
    let vocab = 127

    static let tiny = EnginePreset(name: "tiny", d: 128, layers: 4, heads: 4, seqLen: 64, batch: 64)
    static let small = EnginePreset(name: "small", d: 256, layers: 6, heads: 8, seqLen: 128, batch: 32)
    static let all = [tiny, small]

    static func named(_ name: String) throws -> EnginePreset {
        guard let preset = all.first(where: { $0.name == name }) else {
            throw BenchError("unknown preset \(name); tiny or small")
        }
        return preset
    }

    var config: ModelConfig {
        ModelConfig(vocabSize: vocab, dModel: d, nLayers: layers, nHeads: heads, ffHidden: 4 * d, maxSeqLen: seqLen)
    }

    /// Forward FLOPs per token, counted as torch_ref does: 2·(matmul weights) + 4·layers·T·d
    /// (attention's two products), the head's weights those of the real tokens.
    var forwardFlopsPerToken: Double {
        WeightProduct.all(config).reduce(0) { $0 + $1.flopsPerRow } + Double(4 * layers * seqLen * d)
    }

    /// Forward FLOPs of the top of the last layer per row (o_proj, the MLP, the head), which the
    /// engine skips on rows whose logits nobody reads (`Transformer.lastTopRows`).
    var skippedFlopsPerTopRow: Double {
        WeightProduct.all(config).filter(\.top).reduce(0) { $0 + $1.flopsPerRow }
    }

    /// GFLOP of a training step that ran the top of its last layer on `topRows` of its batch·T
    /// rows: torch_ref's count (3 × forward) less what the engine skipped on the others. So a
    /// step's GFLOP/s is the rate of the work done, and skipping work does not raise it.
    func trainGFLOP(topRows: Int) -> Double {
        let rows = batch * seqLen
        let forward = forwardFlopsPerToken * Double(rows)
        return 3 * (forward - skippedFlopsPerTopRow * Double(rows - topRows)) / 1e9
    }
}

struct EngineFigures {
    var trainTokensPerSecond: Double
    var forwardTokensPerSecond: Double
    var trainGFLOPs: Double
    var forwardGFLOPs: Double
    var trainMsPerStep: Double
    /// Median single-thread sgemm 512³ GFLOP/s, each measured right before a training step.
    var sgemmGFLOPs: Double
    /// Median over steps of train GFLOP/s ÷ (threads × the sgemm figure measured before the step).
    var share: Double
}

enum EngineBench {
    /// Median-timed training steps (mask, forward, backward, clip, AdamW), each next to its own
    /// sgemm 512³ figure, and forward passes of a forward-only network over the trained weights.
    static func measure(_ preset: EnginePreset, threads: Int, steps: Int = 20, warmup: Int = 3) -> EngineFigures {
        let trained = TrainingSteps(preset, threads: threads)
        let times = trained.timed(steps: steps, warmup: warmup)
        let train = median(times.map(\.total))
        let passes = ForwardPasses(trained, threads: threads)
        for _ in 0..<warmup { _ = passes.once() }
        let forward = median((0..<steps).map { _ in passes.once() })
        let tokens = Double(preset.batch * preset.seqLen)
        return EngineFigures(
            trainTokensPerSecond: tokens / train, forwardTokensPerSecond: tokens / forward,
            trainGFLOPs: median(times.map(\.gflops)),
            forwardGFLOPs: preset.forwardFlopsPerToken * tokens / forward / 1e9,
            trainMsPerStep: train * 1e3,
            sgemmGFLOPs: median(times.map(\.sgemm)),
            share: trained.share(times, threads: threads))
    }

    static func run() {
        emit("engine: \(BLAS.coreName), OpenBLAS 1 thread per worker; median of 20 steps after 3 warm-up")
        emit("share: a step's train GFLOP/s ÷ (threads × single-thread sgemm 512³ measured just before it), median")
        emit(
            pad("preset", 8) + pad("threads", 9) + pad("train tok/s", 13) + pad("ms/step", 10)
                + pad("train GFLOP/s", 15) + pad("sgemm", 8) + pad("share", 7) + pad("fwd tok/s", 12) + "fwd GFLOP/s")
        for preset in EnginePreset.all {
            for threads in [1, 2] {
                let f = measure(preset, threads: threads)
                emit(
                    pad(preset.name, 8) + pad("\(threads)", 9) + pad(fmt(f.trainTokensPerSecond, 0), 13)
                        + pad(fmt(f.trainMsPerStep, 1), 10) + pad(fmt(f.trainGFLOPs, 1), 15)
                        + pad(fmt(f.sgemmGFLOPs, 1), 8) + pad(fmt(100 * f.share, 0) + "%", 7)
                        + pad(fmt(f.forwardTokensPerSecond, 0), 12) + fmt(f.forwardGFLOPs, 1))
            }
        }
    }
}

/// Single-threaded sgemm on 512 × 512 × 512, the ceiling the engine's training figure is a share of.
final class SgemmCeiling {
    private let n = 512
    private let a: Tensor, b: Tensor, c: Tensor

    init() {
        a = Tensor(shape: [n, n])
        b = Tensor(shape: [n, n])
        c = Tensor(shape: [n, n])
        for i in 0..<(n * n) {
            a.data[i] = Float(i % 7) * 0.1
            b.data[i] = Float(i % 5) * 0.1
        }
    }

    /// GFLOP/s now: the best of `repeats` products (a few ms), on one OpenBLAS thread.
    func gflops(repeats: Int = 3) -> Double {
        BLAS.setThreads(1)
        var best = Double.infinity
        for _ in 0..<repeats {
            let t0 = monotonicSeconds()
            BLAS.gemm(m: n, n: n, k: n, a: a.data, lda: n, b: b.data, ldb: n, c: c.data, ldc: n)
            best = Swift.min(best, monotonicSeconds() - t0)
        }
        return 2 * Double(n * n * n) / best / 1e9
    }
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
}

/// arguments[i] as a positive integer, or `fallback` when there are fewer arguments.
func positive(_ arguments: [String], _ i: Int, fallback: Int, _ name: String) throws -> Int {
    guard i < arguments.count else { return fallback }
    guard let n = Int(arguments[i]), n >= 1 else { throw BenchError("\(name) must be a positive integer") }
    return n
}

func fmt(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }

/// Writes a line straight to stdout (unbuffered), so progress shows up even when redirected.
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
