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
}
