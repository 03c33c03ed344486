import ArgumentParser
import Foundation
import MaskedDiffusion

/// `unmask elbo`: Monte Carlo negative ELBO (an upper bound on −log p) with standard errors.
struct ELBOCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "elbo",
        abstract: "Estimate the negative ELBO of sequences: mean ± standard error, bits per token, NFE.",
        discussion: "Estimators: continuous (t ~ U, weight 1/t), count (ℓ ~ U{1..L}, L/ℓ), llada (stratified counts), "
            + "espo (coupled pairs), lambda (RADD λ-DCE). Task models score a completion given its prompt; "
            + "image models score patches given the class; text models score whole sequences.")

    @Option(help: "Model folder.")
    var model: String
    @Option(help: "A sequence to score (text and task models).")
    var text: String?
    @Option(help: "Prompt (with --completion): score the completion given the prompt.")
    var prompt: String?
    @Option(help: "Completion to score given --prompt.")
    var completion: String?
    @Option(help: "'test': the model's held-out set.")
    var data: String?
    @Option(parsing: .unconditional, help: "Held-out sequences to score with --data test.")
    var items: Int = 64
    @Option(help: "continuous | count | llada | espo | lambda.")
    var estimator: String = "espo"
    @Option(parsing: .unconditional, help: "Monte Carlo units per sequence.")
    var samples: Int = 32
    @Option(parsing: .unconditional, help: "Rows per unit for llada / espo / lambda (stratification group).")
    var group: Int = 8
    @Option(parsing: .unconditional, help: "Seed of the masks.")
    var seed: UInt64 = 0
    @Option(parsing: .unconditional, help: "Worker threads.")
    var threads: Int = 2
    @Flag(help: "Print one JSON object.")
    var json = false

    /// Rows of one stratified unit at most: a unit is scored in one batch, and stratifying over
    /// more rows than any completion has masks buys nothing.
    static let groupLimit = 4096

    /// Checked in `run`, not ArgumentParser's `validate`, so a rejected value prints one line
    /// naming the command instead of the usage (`Entry.main`).
    func check() throws {
        let modes = [text != nil, prompt != nil || completion != nil, data != nil].filter { $0 }.count
        guard modes == 1 else { throw ValidationError("give exactly one of --text, --prompt with --completion, or --data test") }
        if let data, data != "test" { throw ValidationError("--data takes 'test'") }
        try checkThreads(threads)
        guard samples >= 2 else { throw ValidationError("--samples must be ≥ 2 (got \(samples))") }
        guard items >= 1 else { throw ValidationError("--items must be ≥ 1 (got \(items))") }
        guard (1...Self.groupLimit).contains(group) else {
            throw ValidationError("--group must be in 1…\(Self.groupLimit) (got \(group))")
        }
        if data == nil { try refuseUnused(["--items"], "applies only to --data test") }
    }

    func run() throws {
        try check()
        BLAS.setThreads(1)
        guard let kind = ELBOEstimator(rawValue: estimator) else {
            throw ValidationError(
                "unknown --estimator '\(estimator)' (\(ELBOEstimator.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let loaded = try openModel(model)
        // With --data test, the training data is opened once: for the test split and the baseline.
        let source = try data == nil ? nil : trainingSource(loaded)
        let sequences = try scoredSequences(loaded, source)
        let network = try loaded.network(rows: 64, threads: threads)
        let evaluator = ELBOEvaluator(model: network)
        let t0 = Date()
        var results: [ELBOEvaluator.Result] = []
        for (i, s) in sequences.enumerated() {
            results.append(
                evaluator.estimate(
                    sequence: s.tokens, prefixLength: s.prefix, estimator: kind, units: samples,
                    group: group, seed: seed &+ UInt64(i)))
        }
        let seconds = Date().timeIntervalSince(t0)
        let total = results.reduce(0) { $0 + $1.nelbo }
        let totalError = results.reduce(0) { $0 + $1.standardError * $1.standardError }.squareRoot()
        let tokens = results.reduce(0) { $0 + $1.tokens }
        let rows = results.reduce(0) { $0 + $1.networkRows }
        let bits = total / (Double(tokens) * log(2)), bitsError = totalError / (Double(tokens) * log(2))
        let baseline = source.map {
            UnigramBaseline.bitsPerToken(
                source: $0, vocabSize: loaded.params.config.vocabSize,
                test: sequences.map { ($0.tokens, $0.prefix) })
        }
        if json {
            let object: [String: Any] = [
                "estimator": kind.rawValue,
                "sequences": results.map {
                    [
                        "nelbo": $0.nelbo, "se": $0.standardError,
                        "bits_per_token": $0.bitsPerToken, "tokens": $0.tokens
                    ]
                },
                "bits_per_token": bits, "bits_per_token_se": bitsError, "nfe": rows, "seconds": seconds,
                "unigram_bits_per_token": baseline ?? NSNull()
            ]
            try printJSON(object)
            return
        }
        if results.count <= 8 {
            for (s, r) in zip(sequences, results) {
                print(
                    "\(s.label): NELBO \(String(format: "%.3f", r.nelbo)) ± \(String(format: "%.3f", r.standardError)) nats, "
                        + "\(String(format: "%.3f", r.bitsPerToken)) bits/token over \(r.tokens) tokens")
            }
        }
        print(
            "\(kind.rawValue), \(samples) units × \(kind.rowsPerUnit(group: group)) rows: "
                + "\(String(format: "%.4f", bits)) ± \(String(format: "%.4f", bitsError)) bits/token over \(results.count) sequences, "
                + "NFE \(rows), \(String(format: "%.2f", seconds)) s")
        if let baseline { print("unigram baseline (training-data frequencies): \(String(format: "%.4f", baseline)) bits/token") }
    }

    private struct Scored { var tokens: [Int32]; var prefix: Int; var label: String }

    private func trainingSource(_ loaded: LoadedModel) throws -> any TrainingSource {
        guard let dataset = loaded.dataset else {
            throw ValidationError("\(model) does not record its training data (no trainer_state.json); score --text")
        }
        do { return try dataset.open(seed: 0, tokenizer: loaded.tokenizer).0 } catch { throw ValidationError("\(error)") }
    }

    private func scoredSequences(_ loaded: LoadedModel, _ source: (any TrainingSource)?) throws -> [Scored] {
        if let source {
            return DatasetSpec.testSequences(of: source, limit: items).enumerated().map { i, s in
                Scored(tokens: s.tokens, prefix: s.prefix, label: "test \(i)")
            }
        }
        guard case .text(let t) = loaded.tokenizer else { throw ValidationError("image models score --data test") }
        func encode(_ s: String, _ flag: String) throws -> [Int32] {
            do { return try t.encode(s) } catch { throw ValidationError("\(flag): \(error)") }
        }
        let positions = loaded.params.config.maxSeqLen
        if let text {
            let tokens = try encode(text, "--text")
            guard !tokens.isEmpty else { throw ValidationError("--text is empty") }
            guard tokens.count <= positions else {
                throw ValidationError("--text is \(tokens.count) tokens; the model takes at most \(positions)")
            }
            return [Scored(tokens: tokens, prefix: 0, label: "text")]
        }
        guard let prompt, let completion else { throw ValidationError("--prompt and --completion go together") }
        var p = try encode(prompt, "--prompt"), c = try encode(completion, "--completion")
        guard !c.isEmpty else { throw ValidationError("--completion is empty") }
        if let task = loaded.task, let eos = (t as? VocabularyTokenizer)?.eosId {
            // Task models saw prompts left-padded and completions right-padded with <eos>.
            guard p.count <= task.promptLength, c.count <= task.completionLength else {
                throw ValidationError(
                    "\(task.name) takes prompts of ≤ \(task.promptLength) and completions of ≤ \(task.completionLength) tokens")
            }
            p = Array(repeating: eos, count: task.promptLength - p.count) + p
            c += Array(repeating: eos, count: task.completionLength - c.count)
        }
        guard p.count + c.count <= positions else {
            throw ValidationError(
                "--prompt and --completion are \(p.count) + \(c.count) tokens; the model takes at most \(positions)")
        }
        return [Scored(tokens: p + c, prefix: p.count, label: "completion")]
    }
}
