import MaskedDiffusion

/// A model opened in the workbench and what the panes need to show it: how tokens display,
/// what a prompt is, and the sampler settings it starts with.
public struct WorkbenchModel: Sendable {
    /// What the model generates, which decides the panes and the prompt.
    enum Kind: Sendable {
        /// A reasoning task: prompts are held-out items, completions earn rewards.
        case task(any ReasoningTask)
        /// Free text from a character tokenizer: the prompt is typed.
        case text(any TextTokenizer)
        /// Class-conditional image patches: one row per class.
        case image(ImagePatchTokenizer)
        /// Known only through a recorded trajectory (`unmask replay` of another model's run):
        /// no weights, so nothing is sampled; tokens read through the file's vocabulary.
        case recorded(TrajectoryVocabulary)
        /// Held by a backend process (docs/backend-protocol.md): known through its hello; the
        /// `ProcessEngine` samples and scores it.
        case remote(BackendHello)
    }

    public let name: String
    /// Weights and tokenizer; nil for a recorded trajectory's model.
    public let loaded: LoadedModel?
    /// `loaded`'s weights fingerprint, which `:save` records and `:load` checks: computed then,
    /// not at open (a pass over every weight, about a second for 0.6B parameters).
    var weights: String? { loaded?.params.fingerprint }
    /// Where sampling, predictions and ELBO estimates get logits; nil without weights.
    let network: ModelNetwork?
    let kind: Kind
    let maskId: Int32
    /// Display text of every token id of a loaded model; the mask id shows as "░". [vocabSize + 1]
    private let labels: [String]
    /// A backend's token text learned so far (its hello carries no vocabulary): id → (the text as
    /// decoded, for exported files; as shown, control characters made visible).
    private var learned: [Int32: (raw: String, shown: String)] = [:]
    /// Character models draw tokens side by side; vocabulary models separate them by a space. A
    /// backend's model joins while every text learned so far is one character.
    private(set) var joinsTokens: Bool

    /// `network` defaults to the model's own weights.
    public init(name: String, loaded: LoadedModel, network: ModelNetwork? = nil) {
        self.name = name
        self.loaded = loaded
        self.network = network ?? .weights(loaded.networks)
        let config = loaded.params.config
        maskId = Int32(config.maskTokenId)
        switch loaded.tokenizer {
        case .image(let t):
            kind = .image(t)
            labels =
                (0..<config.vocabSize).map { id in
                    id < t.codebookSize ? "p\(id)" : t.classNames[id - t.codebookSize]
                } + ["░"]
            joinsTokens = false
        case .text(let t):
            kind = loaded.task.map(Kind.task) ?? .text(t)
            let shown = (0..<config.vocabSize).map { t.display(Int32($0)) }
            let joins = shown.allSatisfy { $0.count <= 1 }
            joinsTokens = joins
            // Between separated vocabulary tokens a space token would be invisible.
            labels = shown.map { !joins && $0 == " " ? "␣" : $0 } + ["░"]
        }
    }

    /// The model of a recorded trajectory: display only.
    public init(recorded header: TrajectoryHeader, vocabulary: TrajectoryVocabulary, name: String) {
        self.name = name
        loaded = nil
        network = nil
        kind = .recorded(vocabulary)
        maskId = vocabulary.maskTokenId ?? -1
        labels = []
        joinsTokens = true
    }

    /// The model a backend introduced in its hello: its token text comes with the hello (an older
    /// backend) or later, through `learn` (docs/backend-protocol.md §3, `tokens`).
    public init(backend hello: BackendHello) {
        name = hello.model
        loaded = nil
        network = nil
        kind = .remote(hello)
        maskId = hello.maskTokenId
        labels = []
        joinsTokens = true
        let all = hello.tokenText ?? []
        learn(Dictionary(uniqueKeysWithValues: all.enumerated().map { (Int32($0.offset), $0.element) }))
    }

    /// Shown for a backend's id whose text was asked for and has not arrived yet.
    static let pendingText = "…"

    /// Takes in token text a backend sent (id → text as decoded).
    public mutating func learn(_ text: [Int32: String]) {
        guard !text.isEmpty, backend != nil else { return }
        for (id, raw) in text {
            // Control characters made visible, as a replay of the trajectory shows them.
            let shown = VisibleText.render(raw)
            learned[id] = (raw, shown)
            if shown.count > 1 { joinsTokens = false }
        }
    }

    /// Whether `id`'s display text must still be asked of the backend.
    public func needsText(_ id: Int32) -> Bool {
        guard let hello = backend, hello.capabilities.tokens else { return false }
        return id >= 0 && Int(id) < hello.vocabSize && id != maskId && learned[id] == nil
    }

    /// The backend's text of `ids` learned so far, as decoded (what a trajectory file records).
    public func learnedText(_ ids: some Sequence<Int32>) -> [Int32: String] {
        Dictionary(ids.compactMap { id in learned[id].map { (id, $0.raw) } }, uniquingKeysWith: { a, _ in a })
    }

    var parameterCount: Int { backend?.parameters ?? loaded?.params.layout.totalCount ?? 0 }
    public var maxSeqLen: Int { backend?.maxLength ?? loaded?.params.config.maxSeqLen ?? 0 }

    /// What the backend said in its hello (nil: the model is in this process, or recorded).
    public var backend: BackendHello? {
        if case .remote(let hello) = kind { return hello }
        return nil
    }

    /// Whether an engine can sample and score this model (weights here, or a backend).
    var canSample: Bool { loaded != nil || backend != nil }

    /// What a job says when asked to run on a recorded trajectory's model.
    static let noWeights = "a recorded trajectory has no weights to sample or score with (open its model with --model)"

    /// The display text of one token id.
    func label(_ id: Int32) -> String {
        if case .recorded(let vocabulary) = kind {
            return vocabulary.render([id])
        }
        if id == maskId { return TrajectoryVocabulary.maskDisplay }
        if backend != nil {
            if let text = learned[id]?.shown { return !joinsTokens && text == " " ? "␣" : text }
            return needsText(id) ? Self.pendingText : "⟨\(id)⟩"
        }
        return id >= 0 && Int(id) < labels.count ? labels[Int(id)] : "⟨\(id)⟩"
    }

    var task: (any ReasoningTask)? {
        if case .task(let t) = kind { return t }
        return nil
    }

    var isImage: Bool {
        if case .image = kind { return true }
        return false
    }

    /// How many prompts `problem(prompt:text:)` can choose from (held-out items; 1 otherwise).
    var promptCount: Int { task?.testItems.count ?? 1 }

    /// The sampler a researcher would start from (`LoadedModel.defaultSampler`).
    public func defaultConfig() -> SamplerConfig { backend?.sampler ?? loaded?.defaultSampler ?? SamplerConfig() }

    /// What to sample: the `prompt`-th held-out item (task models), `text` encoded (text models,
    /// in the tokenizer's chat template when `chat` is on and there is one, clipped so prompt +
    /// generation fit), or one row per class (image models, every class).
    func problem(prompt: Int, text: String, generationLength: Int, chat: Bool = true) -> SamplingProblem {
        switch kind {
        case .task(let t):
            if !text.isEmpty, let typed = try? t.prompt(typed: text) { return SamplingProblem(rows: 1, prompt: typed) }
            let items = t.testItems
            return SamplingProblem(rows: 1, prompt: t.example(for: items[prompt % items.count]).prompt)
        case .text(let t):
            let ids = text.isEmpty ? [] : (try? t.encodePrompt(text, chat: chat)) ?? []
            return SamplingProblem(rows: 1, prompt: Array(ids.suffix(max(0, maxSeqLen - generationLength))))
        case .image(let t):
            return t.problem(classes: Array(0..<t.classCount))
        case .recorded:
            return SamplingProblem(rows: 1)
        case .remote(let hello):
            return SamplingProblem(rows: 1, prompt: hello.prompt)
        }
    }

    /// The prompt as the user reads it (empty for images: each row shows its class instead).
    func promptText(prompt: Int, text: String) -> String {
        switch kind {
        case .task(let t): return text.isEmpty ? t.testItems[prompt % t.testItems.count].prompt : text
        case .text: return text
        case .remote(let hello): return hello.promptText
        case .image, .recorded: return ""
        }
    }

    /// Why `config` cannot sample `problem` with this model's weights (empty when it can, or
    /// when there are no weights: sampling is refused for that reason elsewhere).
    public func problems(config: SamplerConfig, problem: SamplingProblem) -> [String] {
        if let hello = backend {
            return hello.capabilities.problems(config) + config.problems(vocabSize: hello.vocabSize)
                + problem.problems(
                    config: config, vocabSize: hello.vocabSize, maskId: hello.maskTokenId, maxSeqLen: hello.maxLength)
        }
        guard let c = loaded?.params.config else { return [] }
        return config.problems(vocabSize: c.vocabSize)
            + problem.problems(config: config, vocabSize: c.vocabSize, maskId: Int32(c.vocabSize), maxSeqLen: c.maxSeqLen)
    }

    /// The token ids as display strings.
    public func display(_ ids: some Collection<Int32>) -> [String] { ids.map(label) }

    /// A backend's ids as the text they decode to (a newline as a newline, not "␊"), each id
    /// whose text is not known as its label: what `unmask sample --backend` prints.
    public func decodedText(_ ids: some Collection<Int32>) -> String {
        ids.map { id in id != maskId ? learned[id]?.raw ?? label(id) : label(id) }.joined()
    }
}
