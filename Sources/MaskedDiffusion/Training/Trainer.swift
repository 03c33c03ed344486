/// One optimizer step at a time: sample a batch, mask it, forward/backward, clip, AdamW.
///
/// Every random draw of step s comes from streams keyed by (seed, s), so the sequence of
/// updates does not depend on where a run was interrupted. A step whose loss or gradient is
/// not finite is skipped (no update) and reported; the caller decides when to give up.
public final class Trainer: @unchecked Sendable {
    public struct Settings: Codable, Equatable, Sendable {
        public var objective: TrainingObjective
        public var batchSize: Int
        public var steps: Int
        public var schedule: LearningRateSchedule
        public var adam: AdamW.Hyper
        public var clipNorm: Double
        public var seed: UInt64

        public init(
            objective: TrainingObjective, batchSize: Int, steps: Int, schedule: LearningRateSchedule,
            adam: AdamW.Hyper = .init(), clipNorm: Double = 1, seed: UInt64 = 0
        ) {
            self.objective = objective
            self.batchSize = batchSize
            self.steps = steps
            self.schedule = schedule
            self.adam = adam
            self.clipNorm = clipNorm
            self.seed = seed
        }

        enum CodingKeys: String, CodingKey {
            case objective, batchSize = "batch_size", steps, schedule = "lr_schedule", adam, clipNorm = "clip_norm", seed
        }
    }

    /// What one step did.
    public struct StepReport: Sendable {
        public var step: Int
        public var loss: Double
        public var gradNorm: Double
        public var learningRate: Float
        /// Tokens the network processed (B·T) and the wall time of the step.
        public var tokens: Int
        public var seconds: Double
        /// True when the loss or gradient was NaN/Inf and the update was skipped.
        public var skipped: Bool
    }

    public let settings: Settings
    public let params: ModelParameters
    public let optimizer: AdamW
    public let source: any TrainingSource
    private let model: Transformer
    private let grads: Tensor
    /// Optimizer steps completed (the next step to run).
    public var step: Int

    public init(
        params: ModelParameters, source: any TrainingSource, settings: Settings, threads: Int = 1,
        optimizer: AdamW? = nil, step: Int = 0
    ) {
        self.params = params
        self.source = source
        self.settings = settings
        self.optimizer = optimizer ?? AdamW(layout: params.layout, hyper: settings.adam)
        self.step = step
        model = Transformer(
            params: params, maxRows: settings.batchSize * source.seqLen, threads: threads, maxSeqLen: source.seqLen)
        grads = Tensor(shape: [params.layout.totalCount])
    }

    /// Why a trainer of `model` on batches of `settings.batchSize` sequences of `seqLen` would
    /// not fit in this machine's memory, or nil: its network, and beside it the gradient and
    /// AdamW's two moments.
    public static func memoryProblem(model: ModelConfig, settings: Settings, seqLen: Int, threads: Int) -> String? {
        Transformer.memoryProblem(
            model, networks: [(settings.batchSize, seqLen, threads, false)],
            beside: CheckedCount.product(3, ModelMemory.parameterCount(model)),
            what: "training on batches of \(settings.batchSize) sequences of \(seqLen) on \(threads) thread(s)")
    }

    /// Runs optimizer step `step` and advances it.
    public func runStep() -> StepReport {
        let t0 = monotonicSeconds()
        let clean = source.batch(step: step, size: settings.batchSize, seed: settings.seed)
        var rng = RNG(seed: settings.seed, stream: .masks, path: [UInt64(step)])
        let mb = settings.objective.mask(clean, maskId: Int32(params.config.maskTokenId), rng: &rng)
        grads.zero()
        let loss = model.lossAndGradients(mb.input, targets: mb.targets, weights: mb.weights, grads: grads)
        let norm = GradientClipping.clip(grads, maxNorm: settings.clipNorm)
        let lr = settings.schedule.rate(at: step)
        let skipped = !loss.isFinite || !norm.isFinite
        if !skipped {
            optimizer.update(params: params.values, grads: grads, lr: lr)
            params.markChanged()
        }
        let report = StepReport(
            step: step, loss: loss, gradNorm: norm, learningRate: lr, tokens: mb.input.rows,
            seconds: monotonicSeconds() - t0, skipped: skipped)
        step += 1
        return report
    }
}
