import Foundation
import MaskedDiffusion

/// Denoising speed as torch_ref.py's `llada_sample` measures it: no prompt, the preset's sequence
/// length generated in one block with one token per step, greedy, `batch` sequences at once, the
/// same random-weight model for every step. Reported as denoise steps per second.
enum SamplingBench {
    static func stepsPerSecond(_ preset: EnginePreset, batch: Int, threads: Int, runs: Int = 2) -> Double {
        BLAS.setThreads(1)
        let params = ModelParameters(config: preset.config)
        params.initialize(seed: 0)
        let model = Transformer(
            params: params, maxRows: batch * preset.seqLen, threads: threads, maxSeqLen: preset.seqLen, forwardOnly: true)
        var c = SamplerConfig()
        c.generationLength = preset.seqLen
        c.steps = preset.seqLen
        let problem = SamplingProblem(rows: batch)
        func once() -> Double {
            let sampler = try! makeSampler(model: model, config: c, problem: problem, seed: 0)
            let t0 = monotonicSeconds()
            while sampler.step() != nil {}
            return Double(c.steps) / (monotonicSeconds() - t0)
        }
        _ = once()  // warm-up, as torch_ref's
        return median((0..<runs).map { _ in once() })
    }

    /// `unmask-bench sample [tiny|small] [batch] [threads] [runs]`: one figure, for profiling and
    /// quick before/after checks of the sampling path (defaults: tiny, batch 1, 1 thread, 5 runs).
    static func run(arguments: [String]) throws {
        let name = arguments.first ?? "tiny"
        guard let preset = EnginePreset.all.first(where: { $0.name == name }) else {
            throw BenchError("unknown preset \(name); tiny or small")
        }
        func number(_ i: Int, _ fallback: Int, _ name: String) throws -> Int {
            guard i < arguments.count else { return fallback }
            guard let n = Int(arguments[i]), n >= 1 else { throw BenchError("\(name) must be a positive integer") }
            return n
        }
        let batch = try number(1, 1, "batch"), threads = try number(2, 1, "threads"), runs = try number(3, 5, "runs")
        let rate = stepsPerSecond(preset, batch: batch, threads: threads, runs: runs)
        emit(
            "sample \(preset.name) batch \(batch) threads \(threads): \(fmt(rate, 1)) denoise steps/s, "
                + "\(fmt(1000 / rate, 2)) ms per step (median of \(runs))")
    }
}
