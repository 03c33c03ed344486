import Foundation
import MaskedDiffusion

/// Denoising speed as torch_ref.py's `llada_sample` measures it: no prompt, the preset's sequence
/// length generated in one block with one token per step, greedy, `batch` sequences at once, the
/// same random-weight model for every run. Reported as denoise steps per second.
final class SamplingRuns {
    private let model: Transformer
    private var config = SamplerConfig()
    private let problem: SamplingProblem

    init(_ preset: EnginePreset, batch: Int, threads: Int) {
        BLAS.setThreads(1)
        let params = ModelParameters(config: preset.config)
        params.initialize(seed: 0)
        model = Transformer(
            params: params, maxRows: batch * preset.seqLen, threads: threads, maxSeqLen: preset.seqLen, forwardOnly: true)
        config.generationLength = preset.seqLen
        config.steps = preset.seqLen
        problem = SamplingProblem(rows: batch)
    }

    /// Denoise steps per run.
    var steps: Int { config.steps }

    /// Seconds of one whole sampling run.
    func once() -> Double {
        let sampler = try! makeSampler(model: model, config: config, problem: problem, seed: 0)
        let t0 = monotonicSeconds()
        while sampler.step() != nil {}
        return monotonicSeconds() - t0
    }
}

enum SamplingBench {
    static func stepsPerSecond(_ preset: EnginePreset, batch: Int, threads: Int, runs: Int = 2) -> Double {
        let sampling = SamplingRuns(preset, batch: batch, threads: threads)
        _ = sampling.once()  // warm-up, as torch_ref's
        return Double(sampling.steps) / median((0..<runs).map { _ in sampling.once() })
    }

    /// The floor of one full denoise step with these kernels, in ms: the step's weight products
    /// alone (`ProductFloor`, inference: each layer's q/k/v, o, gate/up and down, then the head, on
    /// all batch·T rows; one thread), multiplied as a forward-only network multiplies over the
    /// model's own weights, so every weight comes from memory once per step as in sampling. A step
    /// that computes every position cannot be faster without fewer multiply-adds.
    static func projectionFloor(_ preset: EnginePreset, batch: Int, runs: Int = 5) -> (ms: Double, gflop: Double) {
        let floor = ProductFloor(preset, batch: batch, inference: true)
        return (median((0..<runs).map { _ in floor.milliseconds() }), floor.gflop)
    }

    /// `unmask-bench sample [tiny|small] [batch] [threads] [runs]`: one figure, for profiling and
    /// quick before/after checks of the sampling path (defaults: tiny, batch 1, 1 thread, 5 runs).
    static func run(arguments: [String]) throws {
        let preset = try EnginePreset.named(arguments.first ?? "tiny")
        let batch = try positive(arguments, 1, fallback: 1, "batch")
        let threads = try positive(arguments, 2, fallback: 1, "threads")
        let runs = try positive(arguments, 3, fallback: 5, "runs")
        let rate = stepsPerSecond(preset, batch: batch, threads: threads, runs: runs)
        emit(
            "sample \(preset.name) batch \(batch) threads \(threads): \(fmt(rate, 1)) denoise steps/s, "
                + "\(fmt(1000 / rate, 2)) ms per step (median of \(runs))")
        let floor = projectionFloor(preset, batch: batch, runs: runs)
        emit(
            "  floor: the step's weight products alone take \(fmt(floor.ms, 2)) ms on one thread (≤ \(fmt(1000 / floor.ms, 1)) steps/s)"
        )
        let peak = FMAPeak.measure(seconds: 0.2), productRate = floor.gflop / (floor.ms / 1000)
        guard peak.lanes > 0 else { return emit("  (no FMA on this CPU: no peak to compare with)") }
        emit(
            "  the floor's \(fmt(floor.gflop, 3)) GFLOP at \(fmt(productRate, 1)) GFLOP/s: \(fmt(100 * productRate / peak.gflops, 0))% of this "
                + "core's \(peak.lanes)-lane FMA peak, \(fmt(peak.gflops, 1)) GFLOP/s (≤ \(fmt(peak.gflops / floor.gflop, 1)) steps/s)"
        )
    }
}
