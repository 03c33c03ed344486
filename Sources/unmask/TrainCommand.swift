import ArgumentParser
import Foundation
import MaskedDiffusion
import RunLog

/// `unmask train`: trains a masked-diffusion model on a task, images or text, into a run folder.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a masked-diffusion model on the CPU.",
        discussion: """
            Data: --task countdown | sudoku | arith (SFT on prompt → completion), countdown-noisy | \
            sudoku-noisy[:p=0.35,h=0.5,habit=near|lazy] (SFT on a noisy solver's demonstrations: a share p \
            correct, h one habitual wrong answer per prompt, the rest random wrong answers, all well formed; \
            the data of an RL base model, usually with --init from a model that solves the task), glyphs (class-conditional \
            16×16 digits), mnist DIR (MNIST IDX files), text FILE (character-level). The run folder holds \
            metrics.jsonl, checkpoints/ and 'latest'; --model RUN works with every other command. \
            Ctrl-C (or SIGTERM, SIGHUP) saves a checkpoint and exits 130 (143, 129); --resume continues exactly where it stopped.
            """)

    @Option(
        name: .long, parsing: .upToNextOption,
        help: "countdown | sudoku | arith | countdown-noisy[:p=…,h=…,habit=…] | sudoku-noisy[:…] | glyphs | mnist DIR | text FILE"
    )
    var task: [String] = []

    @Option(name: .customLong("init"), help: "Start from this model's weights (fine-tuning) instead of a fresh --preset network.")
    var initModel: String?

    @Option(help: "Model size: \(ModelPreset.allCases.map(\.rawValue).joined(separator: " | ")).")
    var preset: String = "small"

    @Option(parsing: .unconditional, help: "Optimizer steps.")
    var steps: Int = 2000

    @Option(parsing: .unconditional, help: "Sequences per step.")
    var batch: Int = 32

    @Option(help: "Loss: pretrain | sft | emigm | kdce (default: sft for tasks, emigm for images, pretrain for text).")
    var loss: String?

    @Option(help: "eMIGM mask schedule: linear | cosine | exp[:rate] | poly[:p] | log[:rate].")
    var schedule: String = "exp"

    @Flag(help: "eMIGM: weight the loss by γ'/γ (the MDM ELBO weight) instead of 1.")
    var weighted = false

    @Option(parsing: .unconditional, help: "Peak learning rate.")
    var lr: Float = 1e-3

    @Option(parsing: .unconditional, help: "Linear warm-up steps.")
    var warmup: Int = 100

    @Option(help: "LR decay after warm-up: cosine | constant.")
    var decay: String = "cosine"

    @Option(name: .customLong("weight-decay"), parsing: .unconditional, help: "AdamW decoupled weight decay (matrices only).")
    var weightDecay: Float = 0.01

    @Option(parsing: .unconditional, help: "Global gradient-norm clip (0: off).")
    var clip: Double = 1

    @Option(name: .customLong("seq-len"), parsing: .unconditional, help: "Text windows: tokens per sequence.")
    var seqLen: Int = 64

    @Option(help: "Run folder.")
    var out: String

    @Flag(help: "Continue the run in --out from its latest checkpoint (its saved settings).")
    var resume = false

    @Option(parsing: .unconditional, help: "Seed for initialisation, data order and masks.")
    var seed: UInt64 = 0

    @Option(parsing: .unconditional, help: "Worker threads (each runs single-threaded OpenBLAS).")
    var threads: Int = 2

    @Option(
        name: .customLong("checkpoint-every"), parsing: .unconditional,
        help: "Save a checkpoint every N steps (0: only at the end).")
    var checkpointEvery: Int = 500

    @Option(
        name: .customLong("log-every"), parsing: .unconditional,
        help: "Progress lines every N steps when stdout is not a terminal.")
    var logEvery: Int = 50

    /// The longest text windows `--seq-len` takes.
    static let maxSeqLen = 65536

    /// What `--resume` takes besides the folder: flags that do not change the run.
    static let resumeFlags: Set<String> = ["--out", "--resume", "--threads", "--checkpoint-every", "--log-every"]

    func validate() throws {
        try checkRunFolder(out, checkpointEvery: checkpointEvery, logEvery: logEvery)
        if resume { try refuseRunSettings(allowing: Self.resumeFlags, out: out) }
        if !resume {
            guard let kind = task.first else { throw ValidationError("--task is required (or --resume)") }
            guard ModelPreset(rawValue: preset) != nil else {
                throw ValidationError(
                    "unknown --preset '\(preset)' (\(ModelPreset.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if let loss, !["pretrain", "sft", "emigm", "kdce"].contains(loss) {
                throw ValidationError("unknown --loss '\(loss)' (pretrain, sft, emigm, kdce)")
            }
            guard MaskSchedule(name: schedule) != nil else { throw ValidationError("unknown --schedule '\(schedule)'") }
            let data = try dataset(kind)
            if case .emigm = objective(for: data) {
            } else {
                try refuseUnused(["--weighted", "--schedule"], "applies only to the eMIGM loss (--loss emigm)")
            }
            if case .text = data {
            } else {
                try refuseUnused(["--seq-len"], "applies only to --task text (tasks and images have their own lengths)")
            }
            guard LearningRateSchedule.Decay(rawValue: decay) != nil else {
                throw ValidationError("unknown --decay '\(decay)' (cosine, constant)")
            }
        }
        // Far past any text a CPU trains on; 10^18 once overflowed the text check into a trap.
        guard (2...Self.maxSeqLen).contains(seqLen) else {
            throw ValidationError("--seq-len must be in 2…\(Self.maxSeqLen) (got \(seqLen))")
        }
        try checkThreads(threads)
        if let problem = flagSettings(objective: .pretrain).problems.first { throw ValidationError(problem) }
    }

    /// The run's settings from the flags (`objective` depends on the data).
    private func flagSettings(objective: TrainingObjective) -> Trainer.Settings {
        Trainer.Settings(
            objective: objective, batchSize: batch, steps: steps,
            schedule: LearningRateSchedule(
                peak: lr, warmupSteps: warmup, totalSteps: steps, decay: LearningRateSchedule.Decay(rawValue: decay) ?? .cosine),
            adam: .init(weightDecay: weightDecay), clipNorm: clip, seed: seed)
    }

    private func dataset(_ kind: String) throws -> DatasetSpec {
        let argument = task.count > 1 ? task[1] : nil
        switch kind {
        case _ where DatasetSpec.taskNames.contains(kind): return .task(kind)
        case _ where kind.contains("-noisy"):
            do { if let spec = try DatasetSpec.noisyTask(parsing: kind) { return spec } } catch {
                throw ValidationError("\(error)")
            }
            throw ValidationError("unknown --task '\(kind)'")
        case "glyphs": return .glyphs
        case "mnist":
            guard let dir = argument else { throw ValidationError("--task mnist needs a folder: --task mnist DIR") }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--task mnist: no folder \(dir)")
            }
            return .mnist(directory: dir)
        case "text":
            guard let file = argument else { throw ValidationError("--task text needs a file: --task text FILE") }
            do { try TextFile.checkReadable(file) } catch { throw ValidationError("--task text: \(error)") }
            return .text(path: file, seqLen: seqLen)
        default:
            throw ValidationError("unknown --task '\(kind)' (countdown, sudoku, arith, glyphs, mnist DIR, text FILE)")
        }
    }

    private func objective(for data: DatasetSpec) -> TrainingObjective {
        switch loss ?? data.defaultObjective.name {
        case "pretrain": return .pretrain
        case "sft": return .sft
        case "kdce": return .kdce
        default: return .emigm(.init(schedule: MaskSchedule(name: schedule)!, weighted: weighted))
        }
    }

    func run() throws {
        BLAS.setThreads(1)
        StopSignal.install()
        let trainingRun: TrainingRun
        do {
            if resume {
                trainingRun = try TrainingRun.resume(at: out, threads: threads)
                printNow("resuming \(out) at step \(trainingRun.trainer.step)/\(trainingRun.trainer.settings.steps)")
            } else {
                let data = try dataset(task[0])
                if case .text(let file, _) = data {
                    for note in TextFile.notes(try TextFile.read(file)) { writeErr("unmask train: note: \(file): \(note)\n") }
                }
                let settings = flagSettings(objective: objective(for: data))
                let preset = ModelPreset(rawValue: preset)!
                let initial = try initModel.map { try LoadedModel(path: $0).params }
                trainingRun = try TrainingRun.start(
                    at: out, dataset: data, settings: settings, threads: threads, initial: initial
                ) {
                    preset.config(vocabSize: $0, maxSeqLen: $1)
                }
                let c = trainingRun.trainer.params.config
                printNow(
                    "training \(initModel.map { "from \($0)" } ?? preset.rawValue) (d \(c.dModel), \(c.nLayers) layers, \(trainingRun.trainer.params.layout.totalCount) parameters, "
                        + "vocab \(c.vocabSize), length \(trainingRun.trainer.source.seqLen)) with \(settings.objective.name) → \(out)"
                )
            }
        } catch let error as ValidationError {
            throw error
        } catch let error as MemoryError {
            throw error  // Entry adds what to lower
        } catch {
            throw ValidationError("\(error)")
        }

        // Steps logged after the checkpoint a resumed run starts from are cut, not logged twice.
        try LogRewind.jsonLines(at: trainingRun.directory.metricsPath, keepingStepsBefore: trainingRun.trainer.step)
        let metrics = try MetricsWriter(path: trainingRun.directory.metricsPath)
        var progress = ProgressLine(total: trainingRun.trainer.settings.steps, every: logEvery)
        let outcome = try trainingRun.run(checkpointEvery: checkpointEvery, shouldStop: { StopSignal.requested }) { r in
            let tokensPerSecond = Double(r.tokens) / max(r.seconds, 1e-9)
            try metrics.append(
                MetricsRecord(
                    step: r.step, wallTime: Date().timeIntervalSince1970,
                    values: [
                        ("loss", r.loss), ("lr", Double(r.learningRate)), ("grad_norm", r.gradNorm),
                        ("tokens_per_s", tokensPerSecond), ("skipped", r.skipped ? 1 : 0)
                    ]))
            progress.update(step: r.step, loss: r.loss, tokensPerSecond: tokensPerSecond, seconds: r.seconds)
        }
        switch outcome {
        case .finished:
            print("done: \(trainingRun.trainer.step) steps; model at \(out)/latest")
        case .interrupted:
            progress.interrupt()
            print(
                "interrupted at step \(trainingRun.trainer.step); checkpoint saved. Continue with: unmask train --out \(out) --resume"
            )
            throw ExitCode(StopSignal.exitCode)
        case .diverged(let message):
            progress.interrupt()
            writeErr("unmask train: \(message)\n")
            throw ExitCode.failure
        }
    }
}
