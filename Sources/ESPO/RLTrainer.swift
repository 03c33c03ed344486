import MaskedDiffusion

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The RL round loop (docs/methods.md §4.3, §4.13): rollouts → rewards → leave-one-out advantages →
/// μ optimizer steps, each accumulating the gradient of GA fixed micro-batches, then global-norm
/// clipping and AdamW.
///
/// The old policy is the weights at rollout time. Instead of precomputing its estimates for all
/// μ iterations, the trainer keeps a snapshot of those weights and runs it on iteration j's masked
/// batch right before the current policy, together with the frozen reference: the three passes
/// of one (round, micro-batch, iteration) share one `MaskedBatch`, hence identical masks, and
/// iteration 0 uses the detached current values (ratio ≡ 1; the same numbers a precomputation
/// with unchanged weights would give). Every random draw is keyed by (seed, round, …), so a run
/// resumed at a round boundary continues exactly.
public final class RLTrainer: @unchecked Sendable {
    /// One optimizer step.
    public struct StepReport: Sendable {
        public var step: Int
        public var iteration: Int
        public var loss: Double
        public var gradNorm: Double
        public var learningRate: Float
        public var metrics: PolicyMetrics
        /// Seconds since the Unix epoch when the step finished.
        public var wallTime: Double
        /// Old/reference forwards and the policy's forward + backward of this step.
        public var referenceSeconds: Double
        public var policySeconds: Double
        /// The loss or gradient was not finite; no update was made.
        public var skipped: Bool
    }

    /// One round: its rollouts, advantages and μ steps.
    public struct RoundReport: Sendable {
        public var round: Int
        public var rollout: Rollout
        public var advantages: Advantages
        public var steps: [StepReport]
    }

    public let config: ESPOConfig
    /// Asked between network calls; true abandons the round in flight with `SamplerError.stopped`
    /// (a shutdown that cannot wait for the round). The trainer is then mid-round: save nothing.
    nonisolated(unsafe) public var stopRequested: @Sendable () -> Bool = { false }
    public let task: any ReasoningTask
    public let params: ModelParameters
    public let reference: ModelParameters
    public let optimizer: AdamW
    public let objective: any PolicyObjective
    /// Rounds completed (the next round to run).
    public var round: Int

    private let oldParams: ModelParameters?
    /// The policy's training network (likelihood copies, forward and backward).
    private let policy: Transformer
    /// The same weights for rollouts and evaluation, which only sample: forward-only, so they get
    /// the inference path (a small workspace, no last-layer work for unmasked positions).
    private let sampler: Transformer
    private let oldNetwork: Transformer?
    private let referenceNetwork: Transformer?
    private let grads: Tensor
    private let logits: Tensor

    /// `reference` is the frozen KL anchor (the starting model); `optimizer` and `round` restore a run.
    public init(
        params: ModelParameters, reference: ModelParameters, task: any ReasoningTask, config: ESPOConfig,
        threads: Int, optimizer: AdamW? = nil, round: Int = 0
    ) {
        precondition(config.problems.isEmpty, config.problems.joined(separator: "; "))  // RLRun checks first
        self.config = config
        self.task = task
        self.params = params
        self.reference = reference
        self.optimizer = optimizer ?? AdamW(layout: params.layout, hyper: config.adam)
        self.round = round
        objective = config.objective.make(config.policyHyper)
        let n = Self.networks(task: task, config: config, objective: objective)
        let T = n.seqLen
        let trainRows = n.trainSequences * T
        policy = Transformer(params: params, maxRows: trainRows, threads: threads, maxSeqLen: T)
        sampler = Transformer(params: params, maxRows: n.rolloutSequences * T, threads: threads, maxSeqLen: T, forwardOnly: true)
        oldParams = n.old ? params.copy() : nil
        // The old policy and the reference only score: forward-only networks, a fraction of the
        // memory, multiplying as the policy's training network does, so that θ = θ_old gives
        // ratios of exactly 1 and θ = θ_ref a KL of exactly 0.
        func scorer(_ weights: ModelParameters) -> Transformer {
            Transformer(
                params: weights, maxRows: trainRows, threads: threads, maxSeqLen: T, forwardOnly: true, packedWeights: false)
        }
        oldNetwork = oldParams.map(scorer)
        referenceNetwork = n.reference ? scorer(reference) : nil
        grads = Tensor(shape: [params.layout.totalCount])
        logits = Tensor(shape: [trainRows, params.config.vocabSize])
    }

    /// The networks a trainer builds: the sampler holds a round's rollouts; the policy, the old
    /// policy (ratios over μ > 1 iterations) and the reference (β > 0) a micro-batch's likelihood
    /// copies.
    static func networks(task: any ReasoningTask, config: ESPOConfig, objective: any PolicyObjective) -> (
        seqLen: Int, rolloutSequences: Int, trainSequences: Int, old: Bool, reference: Bool
    ) {
        let copies = objective.likelihood.maxCopies(microBatch: config.microBatch, numMC: config.numMC)
        return (
            task.promptLength + task.completionLength, config.rolloutSize, copies,
            objective.usesOldPolicy && config.iterations > 1, config.beta > 0
        )
    }

    /// Why a trainer of `model` with these settings would not fit in this machine's memory, or nil:
    /// its networks, and beside them five more copies of the weights (the policy, the reference
    /// when resumed, the gradient, AdamW's two moments), the old policy's copy, a micro-batch's
    /// logits and the rollout sampler's.
    public static func memoryProblem(model: ModelConfig, task: any ReasoningTask, config: ESPOConfig, threads: Int)
        -> String?
    {
        let n = networks(task: task, config: config, objective: config.objective.make(config.policyHyper))
        let scorers = [n.old, n.reference].filter { $0 }.map { _ in (n.trainSequences, n.seqLen, threads, true) }
        let weightCopies = 5 + (n.old ? 1 : 0)
        let logits = CheckedCount.sum(
            CheckedCount.product(n.trainSequences, n.seqLen, model.vocabSize),
            SamplerMemory.logitFloats(
                rows: n.rolloutSequences, seqLen: n.seqLen, maxRows: n.rolloutSequences * n.seqLen, vocab: model.vocabSize))
        return Transformer.memoryProblem(
            model,
            networks: [(n.trainSequences, n.seqLen, threads, false), (n.rolloutSequences, n.seqLen, threads, true)] + scorers,
            beside: CheckedCount.sum(CheckedCount.product(weightCopies, ModelMemory.parameterCount(model)), logits),
            what: "\(config.rolloutSize) rollouts (\(config.promptsPerRound) prompts × \(config.group)) "
                + "and micro-batches of \(config.microBatch) on \(threads) thread(s)")
    }

    public var isFinished: Bool { round >= config.rounds }
    /// Optimizer steps completed.
    public var step: Int { round * config.iterations }

    /// The training prompts of round `r`: a pure function of (seed, r), never test items.
    public func prompts(round r: Int) -> [TaskItem] {
        (0..<config.promptsPerRound).map { task.trainingItem(r * config.promptsPerRound + $0, seed: config.seed) }
    }

    /// Samples this round's rollouts with the current weights.
    public func rollout(round r: Int) throws(SamplerError) -> Rollout {
        var seed = RNG(seed: config.seed, stream: .sampling, path: [UInt64(r)])
        return try Rollout.generate(
            model: sampler, task: task, prompts: prompts(round: r), group: config.group,
            config: config.rolloutSampler(length: task.completionLength), seed: seed.next(),
            stop: stopRequested)
    }

    /// Runs round `round` and advances it.
    public func runRound() throws(SamplerError) -> RoundReport {
        let rollout = try rollout(round: round)
        let advantages = Advantages(rewards: rollout.rewards, group: config.group, scaleByStd: config.scaleAdvantagesByStd)
        if let oldParams {
            oldParams.values.data.update(from: params.values.data, count: params.values.count)
            oldParams.markChanged()
        }
        var steps: [StepReport] = []
        for j in 0..<config.iterations {
            guard
                let step = optimizerStep(
                    rollout: rollout, advantages: advantages.values,
                    mask: rollout.completionMask(eos: task.tokenizer.eosId), iteration: j)
            else { throw .stopped }
            steps.append(step)
        }
        let report = RoundReport(round: round, rollout: rollout, advantages: advantages, steps: steps)
        round += 1
        return report
    }

    /// Iteration j of the current round: GA micro-batches, clip, AdamW. Nil when a stop was
    /// requested before the update (the weights are then as the previous iteration left them).
    private func optimizerStep(rollout: Rollout, advantages: [Double], mask: [Bool], iteration j: Int) -> StepReport? {
        let B = config.microBatch, L = task.completionLength, P = rollout.promptLength
        let scale = 1 / Double(config.accumulationSteps)
        let maskId = Int32(params.config.maskTokenId)
        var loss = 0.0, metrics = PolicyMetrics(), referenceSeconds = 0.0, policySeconds = 0.0
        grads.zero()
        for c in 0..<config.accumulationSteps {
            if stopRequested() { return nil }
            let rows = c * B..<(c + 1) * B
            let key = MaskKey(seed: config.seed, round: round, microBatch: c, iteration: j)
            var batch = objective.likelihood.batch(
                Array(rollout.sequences[rows]), promptLength: P, maskId: maskId,
                numMC: config.numMC, key: key)
            // Only the weighted rows' logits are read: every network skips the rest alike.
            batch.input.scored = batch.weights.map { $0 != 0 }
            let t0 = monotonicSeconds()
            let old = j > 0 ? oldNetwork.map { values(of: $0, on: batch) } : nil
            let ref = referenceNetwork.map { values(of: $0, on: batch) }
            let t1 = monotonicSeconds()
            let input = ObjectiveInput(
                current: values(of: policy, on: batch), old: old, reference: ref,
                advantages: Array(advantages[rows]), completionMask: Array(mask[c * B * L..<(c + 1) * B * L]),
                sequences: B, completionLength: L)
            let out = objective.evaluate(input)
            policy.backward(
                batch.input, targets: batch.targets,
                weights: batch.gradientWeights(coefficients: out.coefficients.map { $0 * scale }), grads: grads)
            loss += out.loss * scale
            metrics.merge(out.metrics)
            referenceSeconds += t1 - t0
            policySeconds += monotonicSeconds() - t1
        }
        let norm = GradientClipping.clip(grads, maxNorm: config.clipNorm)
        let step = round * config.iterations + j
        let lr = config.schedule.rate(at: step)
        let skipped = !loss.isFinite || !norm.isFinite
        if !skipped {
            optimizer.update(params: params.values, grads: grads, lr: lr)
            params.markChanged()
        }
        return StepReport(
            step: step, iteration: j, loss: loss, gradNorm: norm, learningRate: lr, metrics: metrics,
            wallTime: Date().timeIntervalSince1970, referenceSeconds: referenceSeconds, policySeconds: policySeconds,
            skipped: skipped)
    }

    /// ℓ[b, k] of `network` on `batch`'s weighted rows (its input's scored ones): [B·L]. The policy
    /// and the scorers skip the other rows the same way (`Transformer.forward`), so θ = θ_old
    /// gives a ratio of exactly 1 and θ = θ_ref a KL of exactly 0.
    private func values(of network: Transformer, on batch: MaskedBatch) -> [Double] {
        network.forward(batch.input, into: logits)
        return batch.tokenValues(logits: logits, vocabSize: params.config.vocabSize)
    }

    /// Greedy decoding of the first `config.evalItems` test items with the current weights.
    public func evaluate() throws(SamplerError) -> TaskEvaluation {
        let items = Array(task.testItems.prefix(config.evalItems))
        return try TaskEvaluator.evaluate(
            model: sampler, task: task, items: items,
            config: config.evaluationSampler(length: task.completionLength),
            batchSize: config.rolloutSize, seed: config.seed, stop: stopRequested)
    }
}
