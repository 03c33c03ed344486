#if canImport(Glibc)
    import Glibc
#endif

/// What a training run learns from, as recorded in its `trainer_state.json` so a resumed run
/// rebuilds exactly the same data.
public enum DatasetSpec: Codable, Equatable, Sendable {
    /// A generated reasoning task: `countdown`, `sudoku` or `arith` (SFT on prompt → completion).
    case task(String)
    /// A reasoning task whose completions come from a noisy solver (`NoiseMix`): the SFT data
    /// of an RL base model. `--task countdown-noisy:p=0.3,h=0.45`.
    case noisyTask(String, NoiseMix)
    /// Procedural 16×16 digit glyphs, class-conditional.
    case glyphs
    /// An MNIST-format folder (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, and optionally
    /// `t10k-images-idx3-ubyte` / `t10k-labels-idx1-ubyte`).
    case mnist(directory: String)
    /// A UTF-8 text file, character-level, in windows of `seqLen`.
    case text(path: String, seqLen: Int)

    public static let taskNames = ["countdown", "sudoku", "arith"]

    /// The reasoning task behind `.task(name)`.
    /// The names `reasoningTask(named:)` knows, as `tokenizer.json` and `--task` spell them.
    public static let reasoningTaskNames = ["countdown", "sudoku", "arith"]

    public static func reasoningTask(named name: String) -> (any ReasoningTask)? {
        switch name {
        case "countdown": return CountdownTask()
        case "sudoku": return SudokuTask()
        case "arith": return ArithmeticTask()
        default: return nil
        }
    }

    /// The objective a run on this data uses unless told otherwise.
    public var defaultObjective: TrainingObjective {
        switch self {
        case .task, .noisyTask: return .sft
        case .glyphs, .mnist: return .emigm(.init())
        case .text: return .pretrain
        }
    }

    /// Builds the data source. `tokenizer` is the run's saved tokenizer when resuming (image
    /// codebooks and character vocabularies are then reused, not re-fit).
    public func open(seed: UInt64, tokenizer saved: ModelTokenizer? = nil) throws -> (any TrainingSource, ModelTokenizer) {
        switch self {
        case .task(let name):
            guard let task = Self.reasoningTask(named: name) else { throw DatasetError.unknownTask(name) }
            return (TaskSource(task: task), .text(task.tokenizer))
        case .noisyTask(let name, let mix):
            guard let task = Self.reasoningTask(named: name) else { throw DatasetError.unknownTask(name) }
            guard let solver = NoisySolvers.solver(for: name) else { throw DatasetError.noNoisySolver(name) }
            if let problem = mix.problems.first { throw DatasetError.invalidNoise(problem) }
            return (NoisyTaskSource(task: task, solver: solver, mix: mix), .text(task.tokenizer))
        case .glyphs:
            let generator = GlyphGenerator(seed: seed)
            let tokenizer = try imageTokenizer(saved) {
                try ImagePatchTokenizer.fit(
                    images: generator.images(0..<2000, split: .train).map(\.image),
                    classNames: GlyphGenerator.classNames, seed: seed)
            }
            return (try ImageDataset(glyphs: generator, tokenizer: tokenizer), .image(tokenizer))
        case .mnist(let directory):
            let train = try IDXReader.readLabeled(
                images: directory + "/train-images-idx3-ubyte",
                labels: directory + "/train-labels-idx1-ubyte")
            let testImages = directory + "/t10k-images-idx3-ubyte", testLabels = directory + "/t10k-labels-idx1-ubyte"
            let test = fileExists(testImages) ? try IDXReader.readLabeled(images: testImages, labels: testLabels) : nil
            let tokenizer = try imageTokenizer(saved) {
                try ImagePatchTokenizer.fit(
                    images: train.prefix(2000).map { $0.image.resized(width: 16, height: 16) },
                    classNames: (0..<10).map(String.init), seed: seed)
            }
            return (try ImageDataset(train: train, test: test, tokenizer: tokenizer), .image(tokenizer))
        case .text(let path, let seqLen):
            let text = try TextFile.read(path)
            let tokenizer: any TextTokenizer
            if case .text(let t)? = saved { tokenizer = t } else { tokenizer = try CharacterTokenizer(text: text) }
            return (try TextSource(tokens: try tokenizer.encode(text), seqLen: seqLen, file: path), .text(tokenizer))
        }
    }

    private func imageTokenizer(_ saved: ModelTokenizer?, fit: () throws -> ImagePatchTokenizer) throws -> ImagePatchTokenizer {
        if case .image(let t)? = saved { return t }
        return try fit()
    }
}

public enum DatasetError: Error, CustomStringConvertible, Equatable {
    case unknownTask(String)
    case noNoisySolver(String)
    case invalidNoise(String)
    case textTooShort(file: String, tokens: Int, seqLen: Int, needed: Int)

    public var description: String {
        switch self {
        case .unknownTask(let name):
            return "unknown task '\(name)' (expected one of \(DatasetSpec.taskNames.joined(separator: ", ")))"
        case .noNoisySolver(let name):
            return "no noisy solver for '\(name)' (expected one of \(NoisySolvers.taskNames.joined(separator: ", ")))"
        case .invalidNoise(let problem): return problem
        case .textTooShort(let file, let tokens, let seqLen, let needed):
            return "\(file): \(tokens) tokens are too few for windows of \(seqLen) on both sides of the held-out "
                + "split; it needs at least \(needed) (or shorter windows)"
        }
    }
}

func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

extension DatasetSpec {
    /// The held-out sequences of an opened source with their conditioning prefix lengths: task
    /// items (prompt ++ reference completion), test images (class ++ patches), or text windows.
    public static func testSequences(of source: any TrainingSource, limit: Int) -> [(tokens: [Int32], prefix: Int)] {
        switch source {
        case let s as TaskSource:
            return s.task.testItems.prefix(limit).map { (s.task.example(for: $0).tokens, s.task.promptLength) }
        case let s as NoisyTaskSource:  // held-out items with their correct answers, as for plain SFT
            return s.task.testItems.prefix(limit).map { (s.task.example(for: $0).tokens, s.task.promptLength) }
        case let s as ImageDataset:
            return s.testSet().prefix(limit).map { ($0.tokens, s.tokenizer.prefixLength) }
        case let s as TextSource:
            return s.testWindows().prefix(limit).map { ($0, 0) }
        default:
            return []
        }
    }
}

extension DatasetSpec {
    /// `NAME-noisy` or `NAME-noisy:p=…,h=…` (the command-line form of `.noisyTask`); nil when
    /// `kind` does not end in `-noisy`, an error when the rest is not a valid noisy task.
    public static func noisyTask(parsing kind: String) throws -> DatasetSpec? {
        let parts = kind.split(separator: ":", maxSplits: 1).map(String.init)
        guard let head = parts.first, head.hasSuffix("-noisy") else { return nil }
        let name = String(head.dropLast("-noisy".count))
        guard reasoningTask(named: name) != nil, NoisySolvers.solver(for: name) != nil else {
            throw DatasetError.noNoisySolver(name)
        }
        guard let mix = parts.count > 1 ? NoiseMix(parsing: parts[1]) : .default else {
            throw DatasetError.invalidNoise("cannot read the noise mix '\(parts[1])' (expected p=…,h=…)")
        }
        if let problem = mix.problems.first { throw DatasetError.invalidNoise(problem) }
        return .noisyTask(name, mix)
    }
}
