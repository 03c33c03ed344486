/// A training run on disk: starts or resumes from a `RunDirectory`, steps a `Trainer`, writes
/// checkpoints periodically and at the end, and stops cleanly when asked.
///
/// Resuming restores parameters, AdamW moments and the step; since a step's data and masks
/// depend only on (seed, step), the resumed run continues exactly as if never interrupted.
public final class TrainingRun {
    /// `trainer_state.json`.
    public struct State: Codable, Equatable, Sendable {
        public var step: Int
        public var settings: Trainer.Settings
        public var dataset: DatasetSpec
        public var unmaskVersion: String
        public var elapsedSeconds: Double

        enum CodingKeys: String, CodingKey {
            case step, settings, dataset, unmaskVersion = "unmask_version", elapsedSeconds = "elapsed_seconds"
        }
    }

    public enum Outcome: Equatable, Sendable {
        case finished
        case interrupted
        /// Too many consecutive non-finite steps; the parameters were restored from `latest`.
        case diverged(String)
    }

    public let directory: RunDirectory
    /// Held while this object lives: one process per run folder.
    private let lock: RunLock
    public let dataset: DatasetSpec
    public let tokenizer: ModelTokenizer
    public let trainer: Trainer
    public private(set) var elapsedSeconds: Double

    private init(
        directory: RunDirectory, lock: RunLock, dataset: DatasetSpec, tokenizer: ModelTokenizer, trainer: Trainer,
        elapsedSeconds: Double
    ) {
        self.directory = directory
        self.lock = lock
        self.dataset = dataset
        self.tokenizer = tokenizer
        self.trainer = trainer
        self.elapsedSeconds = elapsedSeconds
    }

    /// A new run in `path`, which must not hold a run already (`RunDirectory.holdsRun`: even a
    /// dangling `latest` or a metrics log counts). `model` picks the network for the data's
    /// vocabulary size and sequence length. `initial` (fine-tuning) replaces the random
    /// initialisation and `model`; its shape must fit the data.
    public static func start(
        at path: String, dataset: DatasetSpec, settings: Trainer.Settings, threads: Int,
        initial: ModelParameters? = nil,
        model: (_ vocabSize: Int, _ seqLen: Int) -> ModelConfig
    ) throws -> TrainingRun {
        let directory = RunDirectory(path: path)
        try directory.checkFreeForStart()
        if let problem = settings.problems.first { throw TrainingRunError.invalidSettings(problem) }
        let (source, tokenizer) = try dataset.open(seed: settings.seed)
        if let initial, initial.config.vocabSize != tokenizer.vocabSize || initial.config.maxSeqLen < source.seqLen {
            throw TrainingRunError.invalidModel(
                "the initial model (vocab \(initial.config.vocabSize), length \(initial.config.maxSeqLen)) "
                    + "does not fit the data (vocab \(tokenizer.vocabSize), length \(source.seqLen))")
        }
        let config = initial?.config ?? model(tokenizer.vocabSize, source.seqLen)
        if let problem = config.problems.first { throw TrainingRunError.invalidModel(problem) }
        if let problem = Trainer.memoryProblem(model: config, settings: settings, seqLen: source.seqLen, threads: threads) {
            throw MemoryError(problem)
        }
        let lock = try RunLock(folder: path)
        try directory.checkFreeForStart()  // another process got there first
        let params: ModelParameters
        if let initial {
            params = initial
        } else {
            params = ModelParameters(config: config)
            params.initialize(seed: settings.seed)
        }
        let trainer = Trainer(params: params, source: source, settings: settings, threads: threads)
        return TrainingRun(
            directory: directory, lock: lock, dataset: dataset, tokenizer: tokenizer, trainer: trainer, elapsedSeconds: 0)
    }

    /// The run in `path`, at its latest checkpoint (after finishing or rolling back a commit
    /// that a kill cut short). Fails at once if another process is running it.
    public static func resume(at path: String, threads: Int) throws -> TrainingRun {
        let directory = RunDirectory(path: path)
        try directory.checkResumable()
        let lock = try RunLock(folder: path)
        try directory.recover()
        guard let checkpoint = directory.latestCheckpoint else { throw TrainingRunError.nothingToResume(path) }
        let state = try checkpoint.loadJSON(State.self, from: Checkpoint.trainerStateFile)
        if let problem = state.problems.first {
            throw TrainingRunError.invalidSettings("\(checkpoint.path(Checkpoint.trainerStateFile)): \(problem)")
        }
        let tokenizer = try ModelTokenizer.load(from: checkpoint.path(TokenizerFile.fileName))
        let (source, _) = try state.dataset.open(seed: state.settings.seed, tokenizer: tokenizer)
        let params = try checkpoint.loadParameters()
        let problem = Trainer.memoryProblem(
            model: params.config, settings: state.settings, seqLen: source.seqLen, threads: threads)
        if let problem { throw MemoryError(problem) }
        let optimizer = try AdamW.restore(from: checkpoint, layout: params.layout, hyper: state.settings.adam)
        let trainer = Trainer(
            params: params, source: source, settings: state.settings, threads: threads,
            optimizer: optimizer, step: state.step)
        return TrainingRun(
            directory: directory, lock: lock, dataset: state.dataset, tokenizer: tokenizer, trainer: trainer,
            elapsedSeconds: state.elapsedSeconds)
    }

    public var isFinished: Bool { trainer.step >= trainer.settings.steps }

    /// Writes the current state as a new checkpoint and points `latest` at it.
    public func saveCheckpoint() throws {
        let state = State(
            step: trainer.step, settings: trainer.settings, dataset: dataset, unmaskVersion: unmaskVersion,
            elapsedSeconds: elapsedSeconds)
        try directory.commitCheckpoint(step: trainer.step) { checkpoint in
            try checkpoint.save(trainer.params)
            try tokenizer.save(to: checkpoint.path(TokenizerFile.fileName))
            try trainer.optimizer.save(to: checkpoint)
            try checkpoint.saveJSON(state, as: Checkpoint.trainerStateFile)
        }
    }

    /// Steps until the configured total, `shouldStop()` (checked between steps; a checkpoint is
    /// saved before returning), or `maxBadSteps` consecutive non-finite steps.
    public func run(
        checkpointEvery: Int, maxBadSteps: Int = 3, shouldStop: () -> Bool,
        onStep: (Trainer.StepReport) throws -> Void
    ) throws -> Outcome {
        var bad = 0
        while !isFinished {
            if shouldStop() {
                try saveCheckpoint()
                return .interrupted
            }
            let report = trainer.runStep()
            elapsedSeconds += report.seconds
            try onStep(report)
            bad = report.skipped ? bad + 1 : 0
            if bad >= maxBadSteps {
                return .diverged(try restoreAfterDivergence(at: report.step, badSteps: bad))
            }
            if checkpointEvery > 0 && trainer.step % checkpointEvery == 0 && !isFinished {
                try saveCheckpoint()
            }
        }
        try saveCheckpoint()
        return .finished
    }

    private func restoreAfterDivergence(at step: Int, badSteps: Int) throws -> String {
        let what = "loss or gradient was not finite for \(badSteps) consecutive steps (last: step \(step))"
        guard let checkpoint = directory.latestCheckpoint else { return what + "; no checkpoint to restore yet" }
        let saved = try checkpoint.loadParameters()
        trainer.params.values.data.update(from: saved.values.data, count: saved.values.count)
        trainer.params.markChanged()
        let optimizer = try AdamW.restore(from: checkpoint, layout: saved.layout, hyper: trainer.settings.adam)
        trainer.optimizer.m.data.update(from: optimizer.m.data, count: optimizer.m.count)
        trainer.optimizer.v.data.update(from: optimizer.v.data, count: optimizer.v.count)
        trainer.optimizer.step = optimizer.step
        let state = try checkpoint.loadJSON(State.self, from: Checkpoint.trainerStateFile)
        if let problem = state.problems.first {
            throw TrainingRunError.invalidSettings("\(checkpoint.path(Checkpoint.trainerStateFile)): \(problem)")
        }
        trainer.step = state.step
        return what + "; restored the last good checkpoint (step \(state.step))"
    }
}

public enum TrainingRunError: Error, CustomStringConvertible, Equatable {
    case alreadyExists(String)
    case nothingToResume(String)
    /// The folder holds a run that stopped before its first checkpoint.
    case noCheckpoint(String)
    case invalidModel(String)
    /// Settings the trainer cannot run (a flag's value, or a saved state's).
    case invalidSettings(String)
    /// Another process holds the run folder's lock.
    case inUse(String)

    public var description: String {
        switch self {
        case .alreadyExists(let p): return "\(p) already holds a run; pass --resume to continue it or choose another --out"
        case .nothingToResume(let p): return "\(p) holds no checkpoint to resume (expected \(p)/latest)"
        case .noCheckpoint(let p):
            return "\(p) holds a run that stopped before its first checkpoint: nothing there can be resumed; "
                + "delete the folder or choose another --out"
        case .invalidModel(let why): return "invalid model: \(why)"
        case .invalidSettings(let why): return "invalid settings: \(why)"
        case .inUse(let p):
            return "\(p) is in use by another unmask process (its lock file \(p)/.lock is held); wait for it to end"
        }
    }
}
