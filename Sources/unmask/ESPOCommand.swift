import ArgumentParser
import ESPO
import Foundation
import MaskedDiffusion
import RunLog

/// `unmask espo`: RL fine-tuning of a task model with ESPO or a token-level baseline.
struct ESPOCommand: ParsableCommand {
    /// The recipe's settings; every option's default is read from here, never restated.
    private static let defaults = ESPOConfig()
    static let configuration = CommandConfiguration(
        commandName: "espo",
        abstract: "Reinforcement-learn a task model with ESPO (or d1, wd1 and the ESPO ablations).",
        discussion: """
            Each round samples --group completions for each of --prompts training prompts (LLaDA sampler, \
            low-confidence remasking, --temperature), rewards them with the task's rule, forms leave-one-out \
            advantages and takes --iterations AdamW steps on them (gradient accumulation over --micro-batch \
            sequences). Objectives: espo (sequence-level ratio on the coupled ELBO, docs/methods.md §4), d1 \
            (token-level ratios on one-step mean-field log-probs), wd1 (ratio-free weighted likelihood), \
            token-elbo and seq-mean-field (ESPO's ablations). Defaults are the ESPO recipe scaled for the \
            bundled toy models: G \(defaults.group), \(defaults.promptsPerRound) prompts, μ \(defaults.iterations), \
            \(defaults.numMC) MC pair, β \(defaults.beta) (k2; k3 for token-level objectives), ε \(defaults.epsilonLow) \
            (the Countdown recipe uses 0), lr \(defaults.learningRate) after \(defaults.warmupSteps) warm-up steps, weight \
            decay \(defaults.weightDecay), clip \(defaults.clipNorm), T \(defaults.temperature), one block, one token per step. The run folder holds metrics.jsonl (one line per optimizer \
            step), a TensorBoard event file, samples.jsonl, checkpoints/ and 'latest' (a model folder for \
            eval/sample). Ctrl-C (or SIGTERM, SIGHUP) saves at the end of the current round and exits 130 (143, 129); --resume continues exactly.
            """)

    @Option(help: "Task model folder (or run folder) to start from.")
    var model: String?
    @Option(help: "countdown | sudoku | arith (default: the model's own task).")
    var task: String?
    @Option(help: "espo | d1 | wd1 | token-elbo | seq-mean-field.")
    var objective: String = ESPOCommand.defaults.objective.rawValue
    @Option(
        parsing: .unconditional,
        help:
            "Rounds (rollout batches); optimizer steps = rounds × iterations. Default \(ESPOCommand.defaults.rounds); with --resume, the saved count."
    )
    var rounds: Int?
    @Option(parsing: .unconditional, help: "Completions per prompt G.")
    var group: Int = ESPOCommand.defaults.group
    @Option(parsing: .unconditional, help: "Prompts per round Q.")
    var prompts: Int = ESPOCommand.defaults.promptsPerRound
    @Option(parsing: .unconditional, help: "Optimizer steps per rollout batch μ.")
    var iterations: Int = ESPOCommand.defaults.iterations
    @Option(parsing: .unconditional, help: "Coupled ELBO pairs per estimate (num_mc).")
    var mc: Int = ESPOCommand.defaults.numMC
    @Option(parsing: .unconditional, help: "KL weight β.")
    var beta: Double = ESPOCommand.defaults.beta
    @Option(help: "KL estimator k1 | k2 | k3 (default: k2 for espo/seq-mean-field, k3 otherwise).")
    var kl: String?
    @Option(parsing: .unconditional, help: "Clip ε_low (0 allowed).")
    var epsilon: Double = ESPOCommand.defaults.epsilonLow
    @Option(name: .customLong("epsilon-high"), parsing: .unconditional, help: "Clip ε_high (default: --epsilon).")
    var epsilonHigh: Double?
    @Flag(name: .customLong("scale-advantages"), help: "Divide advantages by the group's std (off in ESPO).")
    var scaleAdvantages = ESPOCommand.defaults.scaleAdvantagesByStd
    @Option(parsing: .unconditional, help: "Peak learning rate (constant after warm-up).")
    var lr: Float = ESPOCommand.defaults.learningRate
    @Option(parsing: .unconditional, help: "Linear warm-up optimizer steps.")
    var warmup: Int = ESPOCommand.defaults.warmupSteps
    @Option(name: .customLong("weight-decay"), parsing: .unconditional, help: "AdamW decoupled weight decay.")
    var weightDecay: Float = ESPOCommand.defaults.weightDecay
    @Option(parsing: .unconditional, help: "Global gradient-norm clip (0: off).")
    var clip: Double = ESPOCommand.defaults.clipNorm
    @Option(
        name: .customLong("gen-steps"), parsing: .unconditional, help: "Rollout denoising steps (default: the completion length)."
    )
    var genSteps: Int?
    @Option(parsing: .unconditional, help: "Rollout block length (default: the completion length).")
    var block: Int?
    @Option(parsing: .unconditional, help: "Rollout temperature.")
    var temperature: Double = ESPOCommand.defaults.temperature
    @Option(
        name: .customLong("micro-batch"), parsing: .unconditional,
        help: "Sequences per gradient-accumulation micro-batch (divides prompts × group).")
    var microBatch: Int = ESPOCommand.defaults.microBatch
    @Option(
        name: .customLong("eval-every"), parsing: .unconditional, help: "Greedy held-out evaluation every N rounds (0: never).")
    var evalEvery: Int = ESPOCommand.defaults.evalEvery
    @Option(name: .customLong("eval-items"), parsing: .unconditional, help: "Test items per evaluation.")
    var evalItems: Int = ESPOCommand.defaults.evalItems
    @Option(
        name: .customLong("samples-every"), parsing: .unconditional,
        help: "Write one round's completions to samples.jsonl every N rounds (0: never).")
    var samplesEvery: Int = ESPOCommand.defaults.samplesEvery
    @Option(
        name: .customLong("sample-groups"), parsing: .unconditional,
        help: "Prompt groups written to samples.jsonl each time (--prompts writes them all).")
    var sampleGroups: Int = 2
    @Option(
        name: .customLong("checkpoint-every"), parsing: .unconditional,
        help: "Save a checkpoint every N rounds (0: only at the end).")
    var checkpointEvery: Int = 10
    @Option(parsing: .unconditional, help: "Seed for prompts, rollout noise and masks.")
    var seed: UInt64 = ESPOCommand.defaults.seed
    @Option(parsing: .unconditional, help: "Worker threads (each runs single-threaded OpenBLAS).")
    var threads: Int = 2
    @Option(help: "Run folder.")
    var out: String
    @Flag(help: "Continue the run in --out from its latest checkpoint (its saved settings; --rounds may extend it).")
    var resume = false
    @Option(
        name: .customLong("log-every"), parsing: .unconditional,
        help: "Progress lines every N rounds when stdout is not a terminal.")
    var logEvery: Int = 1

    /// What `--resume` takes besides the folder: flags that do not change the saved settings
    /// (`--rounds` extends or shortens the run).
    static let resumeFlags: Set<String> = [
        "--out", "--resume", "--threads", "--rounds", "--checkpoint-every", "--log-every", "--sample-groups"
    ]

    /// Checked in `run`, not ArgumentParser's `validate`, so a rejected value prints one line
    /// naming the command instead of the usage (`Entry.main`).
    func check() throws {
        try checkThreads(threads)
        try checkRunFolder(out, checkpointEvery: checkpointEvery, logEvery: logEvery)
        guard sampleGroups >= 0 else { throw ValidationError("--sample-groups must be ≥ 0 (got \(sampleGroups))") }
        if resume {
            if let rounds, rounds < 1 { throw ValidationError("--rounds must be ≥ 1 (got \(rounds))") }
            return try refuseRunSettings(allowing: Self.resumeFlags, out: out)
        }
        guard model != nil else { throw ValidationError("--model is required (or --resume)") }
        if let task, DatasetSpec.reasoningTask(named: task) == nil {
            throw ValidationError("unknown --task '\(task)' (countdown, sudoku, arith)")
        }
        if let problem = try settings().problems.first { throw ValidationError(problem) }
    }

    private func settings() throws -> ESPOConfig {
        guard let objective = RLObjective(rawValue: objective) else {
            throw ValidationError(
                "unknown --objective '\(objective)' (\(RLObjective.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var c = ESPOConfig()
        c.objective = objective
        if let kl {
            guard let k = KLEstimator(rawValue: kl) else { throw ValidationError("unknown --kl '\(kl)' (k1, k2, k3)") }
            c.kl = k
        } else {
            c.kl = objective.defaultKL
        }
        c.group = group
        c.promptsPerRound = prompts
        c.iterations = iterations
        c.numMC = mc
        c.beta = beta
        c.epsilonLow = epsilon
        c.epsilonHigh = epsilonHigh ?? epsilon
        c.scaleAdvantagesByStd = scaleAdvantages
        c.learningRate = lr
        c.warmupSteps = warmup
        c.weightDecay = weightDecay
        c.clipNorm = clip
        c.generationSteps = genSteps
        c.blockLength = block
        c.temperature = temperature
        c.microBatch = microBatch
        if let rounds { c.rounds = rounds }
        c.evalEvery = evalEvery
        c.evalItems = evalItems
        c.samplesEvery = samplesEvery
        c.seed = seed
        return c
    }

    func run() throws {
        try check()
        BLAS.setThreads(1)
        StopSignal.install()
        let run: RLRun
        do {
            if resume {
                run = try RLRun.resume(at: out, threads: threads, rounds: rounds)
                if run.trainer.isFinished {  // once "resuming at round 4/2", then a final evaluation
                    let done = run.trainer.round
                    return print(
                        "\(out) has done \(done) of \(run.trainer.config.rounds) rounds: nothing to train (--rounds above \(done) continues it)"
                    )
                }
                printNow("resuming \(out) at round \(run.trainer.round)/\(run.trainer.config.rounds)")
            } else {
                let loaded = try LoadedModel(path: model!)
                guard let modelTask = loaded.task else {
                    throw ValidationError("\(model!) is not a task model (its tokenizer names no task)")
                }
                if let task, task != modelTask.name {
                    throw ValidationError("--task \(task) but \(model!) was trained on \(modelTask.name)")
                }
                run = try RLRun.start(at: out, model: loaded, task: modelTask, config: try settings(), threads: threads)
                let c = run.trainer.config
                printNow(
                    "\(c.objective.rawValue) on \(modelTask.name) from \(model!): \(c.rounds) rounds × \(c.iterations) steps, "
                        + "\(c.promptsPerRound)×\(c.group) rollouts, β \(c.beta) (\(c.kl.rawValue)), ε \(c.epsilonLow)/\(c.epsilonHigh), "
                        + "lr \(c.learningRate) → \(out)")
            }
        } catch let error as ValidationError {
            throw error
        } catch let error as MemoryError {
            throw error  // Entry adds what to lower
        } catch {
            throw ValidationError("\(error)")
        }
        let recorder = try RLRunRecorder(run: run, checkpointEvery: checkpointEvery, sampleGroups: sampleGroups)
        var progress = RLProgress(total: run.trainer.config.rounds, every: logEvery)
        if resume { progress.resume(from: (try? MetricsReader(path: run.directory.metricsPath).poll()) ?? []) }
        let trainer = run.trainer, config = trainer.config
        while !trainer.isFinished {
            if StopSignal.requested {
                try run.saveCheckpoint()
                progress.interrupt()
                print("interrupted at round \(trainer.round); checkpoint saved. Continue with: unmask espo --out \(out) --resume")
                throw ExitCode(StopSignal.exitCode)
            }
            let round = try recorder.advance()
            progress.update(round.report, evaluation: round.evaluation)
        }
        if let (e, _) = try recorder.finalEvaluation() {
            print(
                "final held-out success \(String(format: "%.1f", 100 * e.metrics.successRate))% of \(min(config.evalItems, trainer.task.testItems.count)), "
                    + "mean reward \(String(format: "%.3f", e.metrics.meanReward))")
        }
        try run.saveCheckpoint()
        print("done: \(trainer.round) rounds, \(trainer.step) optimizer steps; model at \(out)/latest")
    }
}
