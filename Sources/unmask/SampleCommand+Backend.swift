import ArgumentParser
import Foundation
import MaskedDiffusion
import Workbench

/// `unmask sample --backend CMD`: one sample through a backend process, the way the workbench
/// asks for it (`ProcessEngine`), written as a trajectory file. `make test-recorder` compares
/// what it writes with PyTorch's plain `generate`; the timings measure the protocol's cost.
extension SampleCommand {
    func sampleThroughBackend(_ command: String) throws {
        try checkBackendCommand(command)
        let engine = ProcessEngine(command: command)
        defer { engine.shutdown() }
        let hello: BackendHello
        do { hello = try engine.waitForHello(timeout: backendTimeout) } catch { throw ValidationError("\(error)") }
        var model = WorkbenchModel(backend: hello)
        let base = model.defaultConfig()
        let config = try sampler.config(base: base, defaultLength: base.generationLength, vocabSize: hello.vocabSize)
        let problem = SamplingProblem(rows: rows, prompt: hello.prompt)
        if let problem = model.problems(config: config, problem: problem).first { throw ValidationError(problem) }
        let tag = RequestTag(lane: .branch(0), number: 1)
        let started = monotonicSeconds()
        engine.execute(
            .sample(
                SamplingRequest(tag: tag, config: config, problem: problem, seed: seed, start: nil, item: nil), queued: false),
            model: model)
        var steps: [TrajectoryStep] = []
        var summary: (statistics: SamplerStatistics, seconds: Double)?
        while summary == nil {
            for message in engine.inbox.drain() {
                switch message {
                case let .samplingSteps(t, batch, _) where t == tag: steps += batch
                case let .samplingFinished(t, statistics, seconds, _) where t == tag: summary = (statistics, seconds)
                case let .samplingFailed(_, text): throw ValidationError(text)
                case let .backend(.down(text)): throw ValidationError(text)
                default: break
                }
            }
            Thread.sleep(forTimeInterval: 0.001)
        }
        let seconds = monotonicSeconds() - started
        let initial = problem.initialTokens(generationLength: config.generationLength, maskId: hello.maskTokenId)
        let used = Set(initial.joined()).union(steps.flatMap { $0.rows.flatMap(\.tokens) })
        try learnText(of: used, from: engine, into: &model)
        let text = model.learnedText(used)
        let header = TrajectoryHeader(
            model: hello.model, tokenizer: "", kind: .text, shape: [rows, initial[0].count], sampler: config, seed: seed,
            problem: problem, initialTokens: initial, initialNFE: Array(repeating: 0, count: rows),
            maskTokenId: hello.maskTokenId, tokenText: text.isEmpty ? nil : text)
        let trajectory = Trajectory(header: header, steps: steps)
        if let out { try TrajectoryFile.write(trajectory, to: out) }
        // The prompt and its completion, as `unmask sample` prints a local model's rows.
        let texts = trajectory.finalTokens.map { model.decodedText($0) }
        let backendSeconds = summary!.seconds, forward = summary!.statistics.forwardSeconds
        if json {
            try printJSON([
                "rows": texts.map { ["text": $0] }, "steps": steps.count, "seconds": seconds,
                "backend_seconds": backendSeconds, "forward_seconds": forward,
                "nfe": steps.last?.rows.map(\.nfe) ?? []
            ])
            return
        }
        // Laid out as a local sample's: a header per row when there are several, then the NFE.
        for (i, text) in texts.enumerated() {
            if rows > 1 { print("— sample \(i + 1)") }
            print(VisibleText.printable(text))
        }
        let nfe = steps.last?.rows.map(\.nfe).max() ?? 0
        print(
            String(
                format:
                    "%@ via %@: %d steps, NFE %d, %.3f s here, %.3f s in the backend (%.3f s in forward passes): "
                    + "%.2f ms a step on the pipe",
                config.strategy.rawValue, BackendState.location(of: command), steps.count, nfe, seconds, backendSeconds,
                forward, steps.isEmpty ? 0 : (seconds - backendSeconds) / Double(steps.count) * 1000))
    }

    /// Asks the backend for the text of `ids` the model lacks (one `tokens` request) and waits for
    /// it, at most `backendTimeout` seconds; a backend without `tokens` leaves ids as numbers.
    private func learnText(of ids: Set<Int32>, from engine: ProcessEngine, into model: inout WorkbenchModel) throws {
        let wanted = ids.filter(model.needsText).sorted()
        guard !wanted.isEmpty else { return }
        engine.execute(.tokenText(wanted), model: model)
        let deadline = monotonicSeconds() + backendTimeout
        while wanted.contains(where: model.needsText), monotonicSeconds() < deadline {
            for message in engine.inbox.drain() {
                switch message {
                case let .backend(.tokenText(text)): model.learn(text)
                case let .backend(.problem(text)), let .backend(.down(text)): throw ValidationError(text)
                default: break
                }
            }
            Thread.sleep(forTimeInterval: 0.001)
        }
    }
}
