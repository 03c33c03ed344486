import ArgumentParser
import Foundation
import MaskedDiffusion

/// `unmask eval`: held-out success of a task model under a sampler configuration.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Decode a task model's held-out test set and report success, reward, NFE and time.",
        discussion: """
            With --samples N every test item is decoded N times (use the rollout --temperature of `unmask espo`) \
            and eval reports what RL can get from the model: success per sample, pass@k (unbiased, k = 1, 4, \
            16, 64 up to N), the share of RL groups of --group samples whose rewards differ, and the share of \
            well-formed answers.
            """)

    @Option(help: "Task model folder (countdown, sudoku or arith).")
    var model: String
    @Option(parsing: .unconditional, help: "Test items to decode (default: all).")
    var items: Int?
    @OptionGroup var sampler: SamplerOptions
    @Option(parsing: .unconditional, help: "Seed of the sampler's noise.")
    var seed: UInt64 = 0
    @Option(parsing: .unconditional, help: "Sequences decoded per batch.")
    var batch: Int = 64
    @Option(parsing: .unconditional, help: "Worker threads.")
    var threads: Int = 2
    @Flag(help: "Print one JSON object.")
    var json = false
    @Option(
        parsing: .unconditional,
        help: "Decode each item N times and report pass@k, reward spread per group and well-formed share.")
    var samples: Int?
    @Option(
        parsing: .unconditional,
        help:
            "With --samples: RL group size G for the share of groups whose rewards differ (default \(Self.defaultGroup), shown when N ≥ G)."
    )
    var group: Int?
    static let defaultGroup = 12
    @Option(help: "With --samples: write every completion to this JSONL file (prompt, completion, reward, well_formed).")
    var completions: String?

    func validate() throws {
        if let samples, samples < 1 { throw ValidationError("--samples must be ≥ 1") }
        if let items, items < 1 { throw ValidationError("--items must be ≥ 1") }
        guard batch >= 1 else { throw ValidationError("--batch must be ≥ 1") }
        try checkThreads(threads)
        if let group {
            guard group >= 2 else { throw ValidationError("--group must be ≥ 2") }
            // Groups are drawn from one item's samples: a larger one once dropped its figure silently.
            guard let samples, group <= samples else {
                throw ValidationError("--group (\(group)) needs --samples of at least \(group)")
            }
        }
        if let completions {
            guard samples != nil else {
                throw ValidationError("--completions writes the completions of --samples N: give --samples")
            }
            try checkOutputFile(completions, flag: "--completions")
        }
    }

    func run() throws {
        BLAS.setThreads(1)
        let loaded = try openModel(model)
        guard let task = loaded.task else { throw ValidationError("\(model) is not a task model (its tokenizer names no task)") }
        // The reward reads the task's whole completion: --length 100 once failed on the steps, 5 on
        // the model's positions, and 20 ran 16 tokens while reporting block 20.
        if let length = sampler.length, length != task.completionLength {
            throw ValidationError(
                "--length \(length): eval decodes \(task.name)'s completions of \(task.completionLength) tokens (leave --length out)"
            )
        }
        let config = try sampler.config(
            base: loaded.defaultSampler, defaultLength: task.completionLength,
            vocabSize: loaded.params.config.vocabSize)
        let testItems = Array(task.testItems.prefix(items ?? task.testItems.count))
        let network = try loaded.network(
            rows: try guidedRows(batch, config, flag: "--batch"),
            seqLen: task.promptLength + config.generationLength, threads: threads)
        if let samples { return try runSampled(network: network, task: task, items: testItems, config: config, samples: samples) }
        let r = try TaskEvaluator.evaluate(
            model: network, task: task, items: testItems, config: config, batchSize: batch, seed: seed,
            progress: itemProgress(total: testItems.count))
        var figures: [String: Any] = [
            "task": task.name, "items": testItems.count, "success": r.metrics.successRate, "mean_reward": r.metrics.meanReward,
            "mean_nfe": r.meanNFE, "mean_pass_equivalents": r.meanPassEquivalents, "seconds": r.seconds,
            "overhead_fraction": r.overheadFraction
        ]
        if let cells = r.metrics.cellAccuracy { figures["cell_accuracy"] = cells }
        if json {
            try printJSON(figures)
        } else {
            var line =
                "\(task.name): success \(String(format: "%.1f", 100 * r.metrics.successRate))% of \(testItems.count)"
                + ", mean reward \(String(format: "%.3f", r.metrics.meanReward))"
            if let cells = r.metrics.cellAccuracy { line += ", cell accuracy \(String(format: "%.1f", 100 * cells))%" }
            print(line)
            print(
                "\(config.headline) · block \(config.effectiveBlockLength): mean NFE "
                    + "\(String(format: "%.1f", r.meanNFE)) (compute \(String(format: "%.1f", r.meanPassEquivalents)) passes), "
                    + "\(String(format: "%.2f", r.seconds)) s, "
                    + "\(String(format: "%.1f", 100 * r.overheadFraction))% of sampling time outside the network")
        }
    }

    /// `--samples N`: each item N times in a row (independent noise per row), then the
    /// statistics of `SampleStatistics`, printed before `--completions` is written (a failed
    /// write once lost the whole evaluation's figures).
    private func runSampled(
        network: Transformer, task: any ReasoningTask, items: [TaskItem], config: SamplerConfig,
        samples n: Int
    ) throws {
        let repeated = items.flatMap { Array(repeating: $0, count: n) }
        let r = try TaskEvaluator.evaluate(
            model: network, task: task, items: repeated, config: config, batchSize: batch, seed: seed,
            progress: itemProgress(total: repeated.count))
        let stats = SampleStatistics(task: task, items: items, completions: r.completions, samplesPerItem: n)
        try report(stats, task: task, items: items.count, samples: n, temperature: config.temperature, result: r)
        if let completions { try write(completions, task: task, items: repeated, texts: r.completions) }
    }

    private func report(
        _ stats: SampleStatistics, task: any ReasoningTask, items: Int, samples n: Int, temperature: Double,
        result r: TaskEvaluation
    ) throws {
        let ks = [1, 4, 16, 64].filter { $0 <= n }
        let group = group ?? Self.defaultGroup
        var figures: [String: Any] = [
            "task": task.name, "items": items, "samples_per_item": n, "temperature": temperature,
            "success_per_sample": stats.perSampleSuccess, "mean_reward": stats.meanReward,
            "well_formed": stats.wellFormedShare, "seconds": r.seconds
        ]
        for k in ks { figures["pass@\(k)"] = stats.passAt(k) }
        if n >= group { figures["group"] = group; figures["groups_with_spread"] = stats.spreadShare(group: group) }
        if let cells = r.metrics.cellAccuracy { figures["cell_accuracy"] = cells }
        if json { return try printJSON(figures) }
        func pct(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }
        print(
            "\(task.name): \(items) items × \(n) samples at T \(temperature): success per sample "
                + "\(pct(stats.perSampleSuccess)), mean reward \(String(format: "%.3f", stats.meanReward)), well formed \(pct(stats.wellFormedShare))"
                + (r.metrics.cellAccuracy.map { ", cell accuracy \(pct($0))" } ?? ""))
        print(
            ks.map { "pass@\($0) \(pct(stats.passAt($0)))" }.joined(separator: ", ")
                + (n >= group ? "; groups of \(group) with reward spread \(pct(stats.spreadShare(group: group)))" : "")
                + "; \(String(format: "%.1f", r.seconds)) s")
    }

    /// Every completion as a JSON line (prompt, completion, reward, well_formed). A write that
    /// fails after the check (a full disk) is a failure of the run, status 1, not a usage error.
    private func write(_ path: String, task: any ReasoningTask, items: [TaskItem], texts: [String]) throws {
        var lines = ""
        for (item, text) in zip(items, texts) {
            let row: [String: Any] = [
                "prompt": item.prompt, "completion": text, "reward": task.reward(item, completion: text),
                "well_formed": task.isWellFormed(item, completion: text)
            ]
            lines +=
                String(decoding: try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys]), as: UTF8.self) + "\n"
        }
        do {
            try AtomicFile.write(to: path, failure: { CheckpointError(path: path, .writeFailed($0)) }) {
                out throws(CheckpointError) in try out.write(Array(lines.utf8))
            }
        } catch {
            writeErr("unmask eval: --completions \(error)\n")
            throw ExitCode.failure
        }
    }
}
