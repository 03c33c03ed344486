import MaskedDiffusion

/// Every setting of an RL run (saved in the run's `rl_state.json`, so `--resume` needs none).
///
/// Defaults are the ESPO recipe (docs/methods.md §4.8) scaled to the bundled toy models: the
/// recipe's G = 6, 16 prompts per round and 96-sequence batches are kept; μ is 4 instead of 8,
/// num_mc 1, ε 0.2 and lr 5e-5 with warm-up instead of LoRA's 3e-6 (on the bundled Countdown model
/// 2e-4 drifted away from the reference and lost held-out success within 20 rounds; 5e-5 and
/// 1e-4 held it), rollouts sample at T = 1 with one block and one token per step over the task's
/// completion length.
public struct ESPOConfig: Codable, Equatable, Sendable {
    public var objective: RLObjective = .espo
    /// Completions per prompt G.
    public var group = 6
    /// Prompts per round Q (a round's batch is Q·G sequences).
    public var promptsPerRound = 16
    /// Optimizer steps per rollout batch μ (`num_iterations`).
    public var iterations = 4
    /// Coupled ELBO pairs per estimate (`num_mc`); mean-field objectives use one pass.
    public var numMC = 1
    public var beta = 3e-3
    public var epsilonLow = 0.2
    public var epsilonHigh = 0.2
    public var kl: KLEstimator = .k2
    /// Divide leave-one-out advantages by the group's std (off in ESPO's recipes).
    public var scaleAdvantagesByStd = false
    public var learningRate: Float = 5e-5
    public var warmupSteps = 8
    public var weightDecay: Float = 0.01
    public var clipNorm = 1.0
    /// Rollout sampler (LLaDA, low-confidence remasking); nil step/block counts mean the completion length.
    public var generationSteps: Int? = nil
    public var blockLength: Int? = nil
    public var temperature = 1.0
    /// Sequences per gradient-accumulation micro-batch B; Q·G must be a multiple (GA = Q·G/B).
    public var microBatch = 24
    public var rounds = 100
    /// Greedy held-out evaluation every N rounds (0: never) on the first `evalItems` test items.
    public var evalEvery = 10
    public var evalItems = 256
    /// Rollout completions written to samples.jsonl every N rounds (0: never).
    public var samplesEvery = 10
    public var seed: UInt64 = 0

    public init() {}

    public var policyHyper: PolicyHyper {
        PolicyHyper(beta: beta, epsilonLow: epsilonLow, epsilonHigh: epsilonHigh, kl: kl)
    }

    /// Sequences per round.
    public var rolloutSize: Int { group * promptsPerRound }
    public var accumulationSteps: Int { rolloutSize / microBatch }
    public var totalSteps: Int { rounds * iterations }

    public var schedule: LearningRateSchedule {
        LearningRateSchedule(peak: learningRate, warmupSteps: warmupSteps, totalSteps: totalSteps, decay: .constant)
    }

    /// AdamW β = (0.9, 0.99) as the recipes.
    public var adam: AdamW.Hyper { AdamW.Hyper(beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: weightDecay) }

    /// The rollout sampler for completions of `length` tokens.
    public func rolloutSampler(length: Int) -> SamplerConfig {
        var c = SamplerConfig.defaults(for: .llada)
        c.generationLength = length
        c.steps = generationSteps ?? length
        c.blockLength = blockLength ?? length
        c.temperature = temperature
        c.remasking = .lowConfidence
        c.candidates = 0
        return c
    }

    /// Greedy decoding with the rollout's steps and blocks (docs/methods.md §4.9).
    public func evaluationSampler(length: Int) -> SamplerConfig {
        var c = rolloutSampler(length: length)
        c.temperature = 0
        return c
    }

    /// `problems`, then those of the rollout sampler for completions of `length` tokens from a
    /// vocabulary of `vocabSize` (`--gen-steps` past the completion length once failed only in
    /// the first round, after the run folder was made).
    public func problems(completionLength length: Int, vocabSize: Int) -> [String] {
        problems
            + rolloutSampler(length: length).problems(vocabSize: vocabSize).map {
                "rollout sampler (--gen-steps, --block; completions of \(length) tokens): \($0)"
            }
    }

    /// Reasons the settings cannot run, empty when they can.
    public var problems: [String] {
        var p = SettingProblems()
        if group < 2 { p.add("--group must be ≥ 2 (leave-one-out needs two completions)") }
        for (flag, value) in [("--prompts", promptsPerRound), ("--iterations", iterations), ("--mc", numMC), ("--rounds", rounds)]
        {
            p.atLeast(1, flag, value)
        }
        if microBatch < 1 || rolloutSize % microBatch != 0 {
            p.add("--micro-batch (\(microBatch)) must divide prompts × group (\(rolloutSize))")
        }
        p.finiteNonNegative("--beta", beta)
        if !(epsilonLow >= 0 && epsilonLow <= 1) { p.add("--epsilon must be in [0, 1] (got \(epsilonLow))") }
        p.finiteNonNegative("--epsilon-high", epsilonHigh)
        if let problem = LearningRateSchedule.peakProblem(learningRate) { p.add(problem) }
        p.atLeast(0, "--warmup", warmupSteps)
        p.finiteNonNegative("--weight-decay", Double(weightDecay))
        p.finiteNonNegative("--clip", clipNorm)
        p.finiteNonNegative("--temperature", temperature)
        if let s = generationSteps { p.atLeast(1, "--gen-steps", s) }
        if let b = blockLength { p.atLeast(1, "--block", b) }
        p.atLeast(0, "--eval-every", evalEvery)
        p.atLeast(0, "--samples-every", samplesEvery)
        if evalEvery > 0 && evalItems < 1 { p.add("--eval-items must be ≥ 1 (--eval-every 0 turns evaluation off)") }
        return p.reasons
    }
}
