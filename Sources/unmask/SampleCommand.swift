import ArgumentParser
import Foundation
import MaskedDiffusion

/// `unmask sample`: generate from a model with any sampler, print the result, save the trajectory.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Sample from a model step by step and print the result.",
        discussion: "Text and task models take --prompt (task models default to the first held-out item); "
            + "image models take --class (omit it for unconditional samples). With --backend CMD the model "
            + "runs in that process (docs/backend-protocol.md) and samples the backend's prompt.")

    @Option(help: "Model folder (a checkpoint, a run folder, or a Hugging Face checkpoint folder).")
    var model: String?
    @Option(
        help: ArgumentHelp("Shell command that starts a backend process to sample with instead of --model.", valueName: "CMD"))
    var backend: String?
    @Option(help: "Seconds to wait for the backend's hello.")
    var backendTimeout = 600.0
    @Option(help: "Prompt text (task and text models).")
    var prompt: String?
    @Flag(help: "Use --prompt as typed, not wrapped in the model's chat template (instruct models).")
    var rawPrompt = false
    @Flag(help: "Print the file's chat template and the prompt as Unmask renders it, then exit (instruct models).")
    var showChatTemplate = false
    @Option(name: .customLong("class"), parsing: .unconditional, help: "Class label (image models).")
    var classLabel: Int?
    @Option(parsing: .unconditional, help: "Sequences sampled at once.")
    var rows: Int = 1
    @OptionGroup var sampler: SamplerOptions
    @Option(parsing: .unconditional, help: "Seed of the sampler's noise.")
    var seed: UInt64 = 0
    @Option(help: "Write the trajectory (JSONL, schema in docs/file-formats.md §5) here.")
    var out: String?
    @Flag(help: "Print one JSON object instead of text.")
    var json = false
    @Option(
        parsing: .unconditional,
        help:
            "Worker threads. With more threads than rows they split each pass, whose rounding can change a sample where confidences tie (docs/platform.md §2)."
    )
    var threads: Int = 1

    /// Why fewer steps ran than `steps` asked for, when they did: `--block 3` of 16 positions
    /// gives a last block of one position, which takes one of its two steps (a step that would
    /// commit nothing is skipped, docs/methods.md §1.4); "15 steps" alone read like a miscount.
    private func skipped(_ config: SamplerConfig, taken: Int) -> String {
        guard config.strategy == .llada, taken < config.steps else { return "" }
        return " (of \(config.steps): \(config.steps - taken) would have committed nothing in a block smaller than its share)"
    }

    func run() throws {
        guard rows >= 1 else { throw ValidationError("--rows must be ≥ 1") }
        try checkThreads(threads)
        if let out { try checkOutputFile(out, flag: "--out") }
        if let backend {
            guard model == nil, prompt == nil, classLabel == nil else {
                throw ValidationError("--backend samples the backend's own model and prompt: drop --model, --prompt and --class")
            }
            return try sampleThroughBackend(backend)
        }
        guard let model else { throw ValidationError("give --model DIR (or --backend CMD)") }
        BLAS.setThreads(1)
        let loaded = try openModel(model)
        if showChatTemplate { return try printChatTemplate(loaded) }
        let c = loaded.params.config
        let (prefix, defaultLength, kind) = try conditioning(loaded)
        var config = try sampler.config(base: loaded.defaultSampler, defaultLength: defaultLength, vocabSize: c.vocabSize)
        // The model's own guidance has no class to guide toward in an unconditional sample: off
        // (it would only run the same pass twice).
        if kind == .image, classLabel == nil { config.cfgScale = 0 }
        guard prefix.count + config.generationLength <= c.maxSeqLen else {
            throw ValidationError(
                "prompt (\(prefix.count)) + length (\(config.generationLength)) exceeds the model's \(c.maxSeqLen) positions")
        }
        let network = try loaded.network(
            rows: try guidedRows(rows, config, flag: "--rows"), seqLen: prefix.count + config.generationLength,
            threads: threads)
        let patchCodes: Range<Int32>? = if case .image(let t) = loaded.tokenizer { t.patchCodes } else { nil }
        let problem = SamplingProblem(rows: rows, prompt: prefix, generatedVocabulary: patchCodes)
        let s = try makeSampler(model: network, config: config, problem: problem, seed: seed)
        let t0 = Date()
        let trajectory = s.run(model: loaded.recordedPath, tokenizer: loaded.recordedTokenizerPath, kind: kind)
        let seconds = Date().timeIntervalSince(t0)
        if let out { try TrajectoryFile.write(loaded.recorded(trajectory), to: out) }
        let nfe = trajectory.steps.last?.rows.map(\.nfe) ?? []
        let outputs = s.tokens.map { render($0, prefix: prefix.count, loaded) }
        // A task's prompt (the default held-out one, or typed in the task's format) is scored.
        let scored = loaded.task.flatMap { task in
            task.item(parsing: prompt ?? task.testItems[0].prompt).map { item in
                s.tokens.map { tokens -> (reward: Double, solved: Bool) in
                    let completion = task.completionText(tokens.dropFirst(prefix.count))
                    return (task.reward(item, completion: completion), task.isSuccess(item, completion: completion))
                }
            }
        }
        if json {
            let rowObjects: [[String: Any]] = outputs.enumerated().map { i, lines in
                var row: [String: Any] = ["text": lines.joined(separator: "\n")]
                if let scored { row["reward"] = scored[i].reward; row["solved"] = scored[i].solved }
                return row
            }
            let object: [String: Any] = [
                "rows": rowObjects, "nfe": nfe, "steps": trajectory.steps.count, "seconds": seconds
            ]
            try printJSON(object)
        } else {
            for (i, lines) in outputs.enumerated() {
                if rows > 1 { print("— sample \(i + 1)") }
                lines.forEach { print(VisibleText.printable($0)) }
                if let scored {
                    print(String(format: "reward %.2f · ", scored[i].reward) + (scored[i].solved ? "solved" : "not solved"))
                }
            }
            print(
                "\(config.strategy.rawValue): \(trajectory.steps.count) steps\(skipped(config, taken: trajectory.steps.count)), "
                    + "NFE \(nfe.max() ?? 0), \(String(format: "%.2f", seconds)) s"
            )
        }
    }

    /// The fixed prefix (padded prompt or class token), the default generation length and the kind.
    private func conditioning(_ loaded: LoadedModel) throws -> ([Int32], Int, TrajectoryHeader.Kind) {
        switch loaded.tokenizer {
        case .image(let t):
            if prompt != nil { throw ValidationError("--prompt is for text models; an image model takes --class") }
            if classLabel == nil, sampler.cfg.map({ $0 != 0 }) == true {
                throw ValidationError("--cfg guides toward a class: give --class (unconditional samples have none)")
            }
            if let classLabel, !(0..<t.classCount).contains(classLabel) {
                throw ValidationError("--class must be in 0..<\(t.classCount)")
            }
            return ([classLabel.map(t.classToken) ?? t.maskTokenId], t.patchCount, .image)
        case .text(let t):
            if classLabel != nil {
                let kind = loaded.task.map { "a \($0.name) task model" } ?? "a text model"
                throw ValidationError("--class is for image models; \(kind) takes --prompt")
            }
            if let task = loaded.task {
                // A blank prompt once sampled from padding alone, without a word.
                if let prompt, prompt.allSatisfy(\.isWhitespace) {
                    throw ValidationError(
                        "--prompt is blank; a \(task.name) model samples its first held-out item when --prompt is omitted")
                }
                let text = prompt ?? task.testItems[0].prompt
                let ids: [Int32]
                do { ids = try t.encode(text) } catch { throw ValidationError("--prompt: \(error)") }
                guard ids.count <= task.promptLength else {
                    throw ValidationError("--prompt is longer than the task's \(task.promptLength) tokens")
                }
                let eos = (t as? VocabularyTokenizer)?.eosId ?? 0
                return (Array(repeating: eos, count: task.promptLength - ids.count) + ids, task.completionLength, .text)
            }
            let ids: [Int32]
            do { ids = try prompt.map { try t.encodePrompt($0, chat: !rawPrompt) } ?? [] } catch {
                throw ValidationError("--prompt: \(error)")
            }
            // A template Unmask cannot render once left the prompt as typed without a word.
            if prompt != nil, !rawPrompt, let issue = loaded.tokenizer.chatTemplateIssue {
                writeErr("unmask sample: note: \(issue); the prompt is used as typed\n")
            }
            // 64 tokens, or what the prompt leaves of the model's positions.
            return (ids, Swift.max(1, Swift.min(64, loaded.params.config.maxSeqLen - ids.count)), .text)
        }
    }

    private func render(_ tokens: [Int32], prefix: Int, _ loaded: LoadedModel) -> [String] {
        switch loaded.tokenizer {
        case .image(let t):
            let decoded = t.decode(tokens)
            let label = decoded.label.map { "class \(t.classNames[$0])" } ?? "unconditional"
            return [label] + ImageArt.render(decoded.image, color: isatty(STDOUT_FILENO) != 0)
        case .text(let t):
            if let task = loaded.task {
                return [
                    t.decode(Array(tokens.prefix(prefix))).replacingOccurrences(of: "<eos>", with: "")
                        + " → " + task.completionText(tokens.dropFirst(prefix))
                ]
            }
            return [t.decode(tokens)]
        }
    }

    /// Unmask renders chat templates with built-in code per family (no Jinja): this shows the
    /// file's own template next to what the built-in code makes of `--prompt`, to compare.
    private func printChatTemplate(_ loaded: LoadedModel) throws {
        guard case .text(let t) = loaded.tokenizer, let template = t.chatTemplate else {
            if let issue = loaded.tokenizer.chatTemplateIssue { throw ValidationError(issue) }
            throw ValidationError("\(loaded.path) has no chat template (tokenizer_config.json with a known chat_template)")
        }
        print("chat template: \(template.familyName), rendered by Unmask's built-in code")
        print("── the file's template (tokenizer_config.json) ──")
        print(template.source)
        print("── --prompt as rendered ──")
        print(template.render(user: prompt ?? "Hello"))
    }
}
