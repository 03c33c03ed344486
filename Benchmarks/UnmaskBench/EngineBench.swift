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

    var config: ModelConfig {
        ModelConfig(vocabSize: vocab, dModel: d, nLayers: layers, nHeads: heads, ffHidden: 4 * d, maxSeqLen: seqLen)
    }

    /// Forward FLOPs per token, counted as torch_ref does: 2·(matmul weights) + 4·layers·T·d.
    var forwardFlopsPerToken: Double {
        let perLayer = 4 * d * d + 3 * d * (4 * d)
        let matmul = layers * perLayer + vocab * d
        return Double(2 * matmul + 4 * layers * seqLen * d)
    }
}

struct EngineFigures {
    var trainTokensPerSecond: Double
    var forwardTokensPerSecond: Double
    var trainGFLOPs: Double
    var forwardGFLOPs: Double
    var trainMsPerStep: Double
}

enum EngineBench {
    /// Median-timed training steps (mask, forward, backward, clip, AdamW) and forward passes of a
    /// forward-only network over the trained weights.
    static func measure(_ preset: EnginePreset, threads: Int, steps: Int = 20, warmup: Int = 3) -> EngineFigures {
        BLAS.setThreads(1)
        let c = preset.config
        let params = ModelParameters(config: c)
        params.initialize(seed: 0)
        let rows = preset.batch * preset.seqLen
        let model = Transformer(params: params, maxRows: rows, threads: threads)
        let opt = AdamW(layout: params.layout)
        let grads = Tensor(shape: [params.layout.totalCount])
        let logits = Tensor(shape: [rows, c.vocabSize])
        var rng = RNG(seed: 1, stream: .data)
        let pool = (0..<8).map { _ in (0..<rows).map { _ in Int32(rng.int(below: c.vocabSize)) } }
        var maskRng = RNG(seed: 1, stream: .masks)

        var trainTimes: [Double] = []
        for i in 0..<(warmup + steps) {
            let t0 = monotonicSeconds()
            let mb = PretrainingLoss.mask(
                pool[i % pool.count], batch: preset.batch, seqLen: preset.seqLen,
                maskId: Int32(c.maskTokenId), rng: &maskRng)
            grads.zero()
            model.lossAndGradients(mb.input, targets: mb.targets, weights: mb.weights, grads: grads)
            GradientClipping.clip(grads, maxNorm: 1)
            opt.update(params: params.values, grads: grads, lr: 3e-4)
            params.markChanged()
            if i >= warmup { trainTimes.append(monotonicSeconds() - t0) }
        }
        // torch_ref times its forward under inference_mode; the engine's counterpart is a forward-only
        // network (no saved activations, inference weight products).
        let inference = Transformer(params: params, maxRows: rows, threads: threads, forwardOnly: true)
        var forwardTimes: [Double] = []
        for i in 0..<(warmup + steps) {
            let batch = TokenBatch(tokens: pool[i % pool.count], batch: preset.batch, seqLen: preset.seqLen)
            let t0 = monotonicSeconds()
            inference.forward(batch, into: logits)
            if i >= warmup { forwardTimes.append(monotonicSeconds() - t0) }
        }
        let train = median(trainTimes), forward = median(forwardTimes)
        let tokens = Double(rows)
        return EngineFigures(
            trainTokensPerSecond: tokens / train, forwardTokensPerSecond: tokens / forward,
            trainGFLOPs: 3 * preset.forwardFlopsPerToken * tokens / train / 1e9,
            forwardGFLOPs: preset.forwardFlopsPerToken * tokens / forward / 1e9,
            trainMsPerStep: train * 1e3)
    }

    /// Single-threaded sgemm on n×n×n, the ceiling the engine's own figures are a share of.
    static func sgemmGFLOPs(n: Int = 512, repeats: Int = 20) -> Double {
        BLAS.setThreads(1)
        let a = Tensor(shape: [n, n]), b = Tensor(shape: [n, n]), c = Tensor(shape: [n, n])
        for i in 0..<(n * n) { a.data[i] = Float(i % 7) * 0.1; b.data[i] = Float(i % 5) * 0.1 }
        var times: [Double] = []
        for _ in 0..<repeats {
            let t0 = monotonicSeconds()
            BLAS.gemm(m: n, n: n, k: n, a: a.data, lda: n, b: b.data, ldb: n, c: c.data, ldc: n)
            times.append(monotonicSeconds() - t0)
        }
        return 2 * Double(n * n * n) / median(times) / 1e9
    }

    static func run() {
        let ceiling = sgemmGFLOPs()
        emit("engine: \(BLAS.coreName), OpenBLAS 1 thread per worker; median of 20 steps after 3 warm-up")
        emit("sgemm 512³ on 1 thread: \(fmt(ceiling, 1)) GFLOP/s (share = train GFLOP/s ÷ (threads × this))")
        emit(
            pad("preset", 8) + pad("threads", 9) + pad("train tok/s", 13) + pad("ms/step", 10)
                + pad("train GFLOP/s", 15) + pad("share", 7) + pad("fwd tok/s", 12) + "fwd GFLOP/s")
        for preset in EnginePreset.all {
            for threads in [1, 2] {
                let f = measure(preset, threads: threads)
                let share = f.trainGFLOPs / (Double(threads) * ceiling)
                emit(
                    pad(preset.name, 8) + pad("\(threads)", 9) + pad(fmt(f.trainTokensPerSecond, 0), 13)
                        + pad(fmt(f.trainMsPerStep, 1), 10) + pad(fmt(f.trainGFLOPs, 1), 15)
                        + pad(fmt(100 * share, 0) + "%", 7)
                        + pad(fmt(f.forwardTokensPerSecond, 0), 12) + fmt(f.forwardGFLOPs, 1))
            }
        }
    }
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
}

func fmt(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }

/// Writes a line straight to stdout (unbuffered), so progress shows up even when redirected.
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
