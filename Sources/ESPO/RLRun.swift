import MaskedDiffusion

/// An RL run on disk, following `TrainingRun`'s pattern:
///
///     runs/NAME/
///       metrics.jsonl, samples.jsonl
///       checkpoints/round-…/   config.json, model.safetensors, tokenizer.json, optimizer.safetensors,
///                               reference.safetensors, rl_state.json
///       latest -> checkpoints/…
///
/// Checkpoints are committed whole at round boundaries (`RunDirectory`), keyed by optimizer
/// step. Since a round's prompts, rollout noise and masks depend only on (seed, round), a
/// resumed run continues exactly as if never interrupted. `latest` is a model folder every
/// other command accepts.
public final class RLRun {
    /// `rl_state.json`.
    public struct State: Codable, Equatable, Sendable {
        public var round: Int
        public var config: ESPOConfig
        public var task: String
        /// The model the run started from.
        public var source: String
        public var unmaskVersion: String
        public var elapsedSeconds: Double

        enum CodingKeys: String, CodingKey {
            case round, config, task, source, unmaskVersion = "unmask_version", elapsedSeconds = "elapsed_seconds"
        }
    }

    public static let stateFile = "rl_state.json"
    public static let referenceFile = "reference.safetensors"

    public let directory: RunDirectory
    /// Held while this object lives: one process per run folder.
    private let lock: RunLock
    public let trainer: RLTrainer
    public let tokenizer: ModelTokenizer
    public let source: String
    public var elapsedSeconds: Double
    public var samplesPath: String { directory.path + "/samples.jsonl" }

    private init(
        directory: RunDirectory, lock: RunLock, trainer: RLTrainer, tokenizer: ModelTokenizer, source: String,
        elapsedSeconds: Double
    ) {
        self.directory = directory
        self.lock = lock
        self.trainer = trainer
        self.tokenizer = tokenizer
        self.source = source
        self.elapsedSeconds = elapsedSeconds
    }

    /// A new run in `path` (which must not hold a run: `RunDirectory.holdsRun`) from the task model `model`;
    /// the starting weights are also the frozen reference.
    public static func start(
        at path: String, model: LoadedModel, task: any ReasoningTask, config: ESPOConfig,
        threads: Int
    ) throws -> RLRun {
        let directory = RunDirectory(path: path)
        try directory.checkFreeForStart()
        let vocab = model.params.config.vocabSize
        if let problem = config.problems(completionLength: task.completionLength, vocabSize: vocab).first {
            throw TrainingRunError.invalidSettings(problem)
        }
        if let problem = RLTrainer.memoryProblem(model: model.params.config, task: task, config: config, threads: threads) {
            throw MemoryError(problem)
        }
        let lock = try RunLock(folder: path)
        try directory.checkFreeForStart()  // another process got there first
        let trainer = RLTrainer(
            params: model.params.copy(), reference: model.params, task: task, config: config, threads: threads)
        return RLRun(
            directory: directory, lock: lock, trainer: trainer, tokenizer: model.tokenizer, source: model.path,
            elapsedSeconds: 0)
    }

    /// The run in `path` at its latest checkpoint, with its saved settings; `rounds` extends
    /// (or shortens) the total.
    public static func resume(at path: String, threads: Int, rounds: Int? = nil) throws -> RLRun {
        let directory = RunDirectory(path: path)
        try directory.checkResumable()
        let lock = try RunLock(folder: path)
        try directory.recover()
        guard let checkpoint = directory.latestCheckpoint else { throw TrainingRunError.nothingToResume(path) }
        var state = try checkpoint.loadJSON(State.self, from: stateFile)
        // A round past `rounds` is a finished run (a shorter --rounds, or the Train tab's, ends it).
        guard state.round >= 0 else {
            throw TrainingRunError.invalidSettings("\(checkpoint.path(stateFile)): round (\(state.round)) must be ≥ 0")
        }
        if let rounds { state.config.rounds = rounds }
        // Saved by another version, or edited: refused with the reason, never a trap in the trainer.
        guard let task = DatasetSpec.reasoningTask(named: state.task) else { throw DatasetError.unknownTask(state.task) }
        let tokenizer = try ModelTokenizer.load(from: checkpoint.path(TokenizerFile.fileName))
        let params = try checkpoint.loadParameters()
        if let problem = task.lengthProblem(params.config) {
            throw CheckpointError(path: checkpoint.path(Checkpoint.configFile), .invalidValue(problem))
        }
        let vocab = params.config.vocabSize
        if let problem = state.config.problems(completionLength: task.completionLength, vocabSize: vocab).first {
            throw TrainingRunError.invalidSettings("\(checkpoint.path(stateFile)): \(problem)")
        }
        if let problem = RLTrainer.memoryProblem(model: params.config, task: task, config: state.config, threads: threads) {
            throw MemoryError(problem)
        }
        let reference = ModelParameters(config: params.config)
        let file = try checkpoint.openTensors(referenceFile)
        try file.read(reference.layout, into: reference.values)
        let optimizer = try AdamW.restore(from: checkpoint, layout: params.layout, hyper: state.config.adam)
        let trainer = RLTrainer(
            params: params, reference: reference, task: task, config: state.config, threads: threads,
            optimizer: optimizer, round: state.round)
        return RLRun(
            directory: directory, lock: lock, trainer: trainer, tokenizer: tokenizer, source: state.source,
            elapsedSeconds: state.elapsedSeconds)
    }

    /// Writes the current state as a new checkpoint and points `latest` at it.
    public func saveCheckpoint() throws {
        let state = State(
            round: trainer.round, config: trainer.config, task: trainer.task.name, source: source,
            unmaskVersion: unmaskVersion, elapsedSeconds: elapsedSeconds)
        try directory.commitCheckpoint(step: trainer.step) { checkpoint in
            try checkpoint.save(trainer.params)
            try tokenizer.save(to: checkpoint.path(TokenizerFile.fileName))
            try trainer.optimizer.save(to: checkpoint)
            var writer = SafetensorsWriter(metadata: ["format": "pt"])
            writer.add(trainer.reference.layout, from: trainer.reference.values)
            try checkpoint.saveTensors(writer, as: Self.referenceFile)
            try checkpoint.saveJSON(state, as: Self.stateFile)
        }
    }
}
