#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A model folder as the commands use it: weights, tokenizer, and (for task models) the task.
public struct LoadedModel: Sendable {
    public let path: String
    public let checkpoint: Checkpoint
    public let params: ModelParameters
    public let tokenizer: ModelTokenizer
    /// The data the model was trained on: from `trainer_state.json` when the folder keeps it
    /// (a relative path found from the folder when the current directory lacks it), else the
    /// task its tokenizer names; nil for a bare text or image model.
    public let dataset: DatasetSpec?
    /// Inference networks kept for reuse across jobs (the workbench's samples, predictions, ELBO).
    public let networks: NetworkPool

    /// Opens `path`: a checkpoint folder, a run folder (its `latest` checkpoint), or a Hugging
    /// Face checkpoint folder of a supported family (read in place, no conversion; its
    /// `tokenizer.json` numbers tokens as the file does and is seen through `RemappedTokenizer`).
    public init(path: String) throws {
        self.path = path
        let tokenizerFile: String
        if HFCheckpoint.isHuggingFace(path) {
            checkpoint = Checkpoint(directory: path)
            let (parameters, summary) = try HFCheckpoint(directory: path).load()
            params = parameters
            tokenizerFile = checkpoint.path(TokenizerFile.fileName)
            let file = try Self.loadTokenizer(tokenizerFile)
            guard case .text(let text) = file else {
                throw CheckpointError(path: tokenizerFile, .invalidValue("a Hugging Face model needs a text tokenizer"))
            }
            do { tokenizer = .text(try RemappedTokenizer(text, ids: summary.config.ids)) } catch {
                throw CheckpointError(path: tokenizerFile, .invalidValue("\(error)"))
            }
        } else {
            checkpoint = try Checkpoint.resolve(path)
            params = try checkpoint.loadParameters()
            tokenizerFile = checkpoint.path(TokenizerFile.fileName)
            tokenizer = try Self.loadTokenizer(tokenizerFile)
        }
        // An unknown task once surfaced as "prompt (0) + length (64) exceeds the model's 27 positions".
        if let task = tokenizer.taskName, !DatasetSpec.reasoningTaskNames.contains(task) {
            throw CheckpointError(
                path: tokenizerFile,
                .invalidValue(
                    "task \"\(task)\" is not one of \(DatasetSpec.reasoningTaskNames.joined(separator: ", "))"))
        }
        guard tokenizer.vocabSize == params.config.vocabSize else {
            throw CheckpointError(
                path: tokenizerFile,
                .invalidValue("tokenizer has \(tokenizer.vocabSize) tokens, the model \(params.config.vocabSize)"))
        }
        // A task model shorter than its task's sequences once trapped in `elbo --data test` and `espo`.
        if let problem = tokenizer.taskName.flatMap(DatasetSpec.reasoningTask(named:))?.lengthProblem(params.config) {
            throw CheckpointError(path: checkpoint.path(Checkpoint.configFile), .invalidValue(problem))
        }
        networks = NetworkPool(params: params)
        dataset =
            (try? checkpoint.loadJSON(TrainingRun.State.self, from: Checkpoint.trainerStateFile).dataset)?
            .resolvingPaths(from: path) ?? tokenizer.taskName.map(DatasetSpec.task)
    }

    private static func loadTokenizer(_ path: String) throws -> ModelTokenizer {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CheckpointError(
                path: path,
                .unreadable(
                    "missing: commands need the model's tokenizer (`unmask import` writes one only when given --tokenizer)"))
        }
        return try ModelTokenizer.load(from: path)
    }

    /// The reasoning task the model was trained on, when its tokenizer names one.
    public var task: (any ReasoningTask)? { tokenizer.taskName.flatMap(DatasetSpec.reasoningTask(named:)) }

    /// A forward-only network for `rows` sequences of up to `seqLen` positions (default: the
    /// model's maximum; pass the length in use, so the workspace is sized for it). Throws when
    /// it would not fit in this machine's memory.
    public func network(rows: Int, seqLen: Int? = nil, threads: Int) throws(MemoryError) -> Transformer {
        let seq = Swift.min(seqLen ?? params.config.maxSeqLen, params.config.maxSeqLen)
        let what = "a network for \(rows) sequences of \(seq) positions on \(threads) thread(s)"
        let shape = (sequences: Swift.max(rows, 1), seqLen: seq, threads: threads, forwardOnly: true)
        if let problem = Transformer.memoryProblem(params.config, networks: [shape], what: what) { throw MemoryError(problem) }
        return Transformer(
            params: params, maxRows: Swift.max(rows, 1) * seq, threads: threads, maxSeqLen: seq,
            forwardOnly: true)
    }
}
