import MaskedDiffusion

/// The training step torch_ref.py times, on a preset's model with random weights and data: mask a
/// batch (LLaDA forward process), forward, backward, clip the gradient to norm 1, AdamW.
final class TrainingSteps {
    let preset: EnginePreset
    let params: ModelParameters
    /// Eight batches of random tokens, used in turn.
    let pool: [[Int32]]
    private let model: Transformer
    private let opt: AdamW
    private let grads: Tensor
    private var maskRng = RNG(seed: 1, stream: .masks)
    private let ceiling = SgemmCeiling()
    /// Steps taken so far.
    private var taken = 0

    init(_ preset: EnginePreset, threads: Int) {
        BLAS.setThreads(1)
        self.preset = preset
        let c = preset.config, rows = preset.batch * preset.seqLen
        params = ModelParameters(config: c)
        params.initialize(seed: 0)
        model = Transformer(params: params, maxRows: rows, threads: threads)
        opt = AdamW(layout: params.layout)
        grads = Tensor(shape: [params.layout.totalCount])
        var rng = RNG(seed: 1, stream: .data)
        pool = (0..<8).map { _ in (0..<rows).map { _ in Int32(rng.int(below: c.vocabSize)) } }
    }

    /// Seconds of one step.
    func once() -> Double { step().total }

    /// One timed step: its seconds, those of the network's forward and backward within it (the
    /// rest is masking, zeroing the gradient, clipping and AdamW), the single-thread sgemm 512³
    /// rate measured right before it, in GFLOP/s, and the GFLOP the step did.
    struct Timing {
        let total, network, sgemm, gflop: Double
        /// Rows the network ran the top of its last layer on (`Transformer.lastTopRows`).
        let topRows: Int
        /// The step's GFLOP/s.
        var gflops: Double { gflop / total }
    }

    /// `steps` steps timed after `warmup` untimed ones, each next to its own sgemm 512³ figure:
    /// this project's machines change clock state within a minute, so a share of a ceiling
    /// measured once is a share of whichever state that moment had. (`compare` times `once`,
    /// without the few ms of sgemm between steps.)
    func timed(steps: Int, warmup: Int) -> [Timing] {
        var times: [Timing] = []
        for i in 0..<(warmup + steps) {
            let sgemm = ceiling.gflops()
            let t = step()
            if i >= warmup {
                times.append(
                    Timing(
                        total: t.total, network: t.network, sgemm: sgemm, gflop: preset.trainGFLOP(topRows: t.topRows),
                        topRows: t.topRows))
            }
        }
        return times
    }

    /// The median over `times` of each step's GFLOP/s ÷ (threads × the sgemm rate measured before it).
    func share(_ times: [Timing], threads: Int) -> Double {
        median(times.map { $0.gflops / (Double(threads) * $0.sgemm) })
    }

    /// One step: its seconds, the network's seconds within it, and its `Transformer.lastTopRows`.
    private func step() -> (total: Double, network: Double, topRows: Int) {
        let c = preset.config
        let t0 = monotonicSeconds()
        let mb = PretrainingLoss.mask(
            pool[taken % pool.count], batch: preset.batch, seqLen: preset.seqLen,
            maskId: Int32(c.maskTokenId), rng: &maskRng)
        taken += 1
        grads.zero()
        let t1 = monotonicSeconds()
        model.lossAndGradients(mb.input, targets: mb.targets, weights: mb.weights, grads: grads)
        let t2 = monotonicSeconds()
        GradientClipping.clip(grads, maxNorm: 1)
        opt.update(params: params.values, grads: grads, lr: 3e-4)
        params.markChanged()
        return (monotonicSeconds() - t0, t2 - t1, model.lastTopRows)
    }
}

/// Forward passes over a preset's batches, timed as torch_ref.py times its forward (under
/// `inference_mode`): the engine's counterpart is a forward-only network (no saved activations,
/// inference weight products).
final class ForwardPasses {
    private let trained: TrainingSteps
    private let network: Transformer
    private let logits: Tensor
    private var pass = 0

    /// Passes over the weights `trained` has reached.
    init(_ trained: TrainingSteps, threads: Int) {
        let preset = trained.preset, rows = preset.batch * preset.seqLen
        self.trained = trained
        network = Transformer(params: trained.params, maxRows: rows, threads: threads, forwardOnly: true)
        logits = Tensor(shape: [rows, preset.config.vocabSize])
    }

    /// Seconds of one forward pass.
    func once() -> Double {
        let preset = trained.preset
        let batch = TokenBatch(tokens: trained.pool[pass % trained.pool.count], batch: preset.batch, seqLen: preset.seqLen)
        pass += 1
        let t0 = monotonicSeconds()
        network.forward(batch, into: logits)
        return monotonicSeconds() - t0
    }
}

extension TrainingSteps {
    /// `unmask-bench train [tiny|small] [threads] [steps]`: the training row of `make bench` alone,
    /// for profiling and quick before/after checks (defaults: tiny, 1 thread, 20 steps). Each step
    /// is followed by one pass of its floor (`ProductFloor`: the weight products alone, forward,
    /// dX and dW, on one thread), so their ratio is taken in the same clock state.
    static func run(arguments: [String]) throws {
        let preset = try EnginePreset.named(arguments.first ?? "tiny")
        let threads = try positive(arguments, 1, fallback: 1, "threads")
        let steps = try positive(arguments, 2, fallback: 20, "steps")
        let trained = TrainingSteps(preset, threads: threads)
        let floor = ProductFloor(preset, batch: preset.batch, inference: false)
        _ = trained.timed(steps: 0, warmup: 3)
        var times: [Timing] = [], floors: [Double] = []
        for _ in 0..<steps {
            times += trained.timed(steps: 1, warmup: 0)
            floors.append(floor.milliseconds(topRows: times.last!.topRows) / 1000)
        }
        let t = median(times.map(\.total)), rest = median(times.map { $0.total - $0.network })
        let share = trained.share(times, threads: threads)
        let floorShare = median(zip(floors, times).map { $0 / (Double(threads) * $1.total) })
        emit(
            "train \(preset.name) threads \(threads): \(fmt(Double(preset.batch * preset.seqLen) / t, 0)) tokens/s, "
                + "\(fmt(t * 1e3, 1)) ms per step, \(fmt(median(times.map(\.gflops)), 1)) GFLOP/s; share of \(threads) × sgemm 512³ "
                + "\(fmt(100 * share, 0))% (sgemm \(fmt(median(times.map(\.sgemm)), 1)) GFLOP/s) (medians of \(steps))")
        emit("  outside the network (masking, zeroing the gradient, clipping, AdamW): \(fmt(rest * 1e3, 1)) ms")
        emit(
            "  floor: the step's weight products alone (forward, dX, dW) take \(fmt(median(floors) * 1e3, 1)) ms on one "
                + "thread, \(fmt(100 * floorShare, 0))% of the step's thread time (each step beside its own floor)")
    }
}

extension ForwardPasses {
    /// `unmask-bench forward [tiny|small] [threads] [passes]`: the forward row of `make bench`
    /// alone, as `compare` times it (defaults: tiny, 1 thread, 20 passes after 3 warm-up ones).
    static func run(arguments: [String]) throws {
        let preset = try EnginePreset.named(arguments.first ?? "tiny")
        let threads = try positive(arguments, 1, fallback: 1, "threads")
        let count = try positive(arguments, 2, fallback: 20, "passes")
        let passes = ForwardPasses(TrainingSteps(preset, threads: threads), threads: threads)
        for _ in 0..<3 { _ = passes.once() }
        let t = median((0..<count).map { _ in passes.once() })
        emit(
            "forward \(preset.name) threads \(threads): \(fmt(Double(preset.batch * preset.seqLen) / t, 0)) tokens/s, "
                + "\(fmt(t * 1e3, 1)) ms per pass (median of \(count))")
    }
}
