import ArgumentParser
import Foundation
import MaskedDiffusion

/// `unmask eval`: held-out success of a task model under a sampler configuration.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Decode a task model's held-out test set and report success, reward, NFE and time.")

    @Option(help: "Task model folder (countdown, sudoku or arith).")
    var model: String
    @Option(help: "Test items to decode (default: all).")
    var items: Int?
    @OptionGroup var sampler: SamplerOptions
    @Option(help: "Seed of the sampler's noise.")
    var seed: UInt64 = 0
    @Option(help: "Sequences decoded per batch.")
    var batch: Int = 64
    @Option(help: "Worker threads.")
    var threads: Int = 2
    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        BLAS.setThreads(1)
        let loaded = try openModel(model)
        guard let task = loaded.task else { throw ValidationError("\(model) is not a task model (its tokenizer names no task)") }
        let config = try sampler.config(base: loaded.defaultSampler, defaultLength: task.completionLength,
                                        vocabSize: loaded.params.config.vocabSize)
        let testItems = Array(task.testItems.prefix(items ?? task.testItems.count))
        let network = loaded.network(rows: batch * (config.usesGuidance ? 2 : 1),
                                     seqLen: task.promptLength + config.generationLength, threads: threads)
        let r = try TaskEvaluator.evaluate(model: network, task: task, items: testItems, config: config, batchSize: batch, seed: seed)
        var figures: [String: Any] = [
            "task": task.name, "items": testItems.count, "success": r.metrics.successRate, "mean_reward": r.metrics.meanReward,
            "mean_nfe": r.meanNFE, "seconds": r.seconds, "overhead_fraction": r.overheadFraction,
        ]
        if let cells = r.metrics.cellAccuracy { figures["cell_accuracy"] = cells }
        if json {
            try printJSON(figures)
        } else {
            var line = "\(task.name): success \(String(format: "%.1f", 100 * r.metrics.successRate))% of \(testItems.count)"
                + ", mean reward \(String(format: "%.3f", r.metrics.meanReward))"
            if let cells = r.metrics.cellAccuracy { line += ", cell accuracy \(String(format: "%.1f", 100 * cells))%" }
            print(line)
            print("\(config.headline) · block \(config.effectiveBlockLength): mean NFE "
                  + "\(String(format: "%.1f", r.meanNFE)), \(String(format: "%.2f", r.seconds)) s, "
                  + "\(String(format: "%.1f", 100 * r.overheadFraction))% of sampling time outside the network")
        }
    }
}
