import Foundation
import MaskedDiffusion
import Terminal
import Testing

@testable import Workbench

/// `:save` and `:load`: a session's branches, pins, knobs and seeds come back in a fresh
/// workbench and sample the very same tokens; a bad file is refused naming the file and field.
struct SavedStateTests {
    typealias Branches = WorkbenchBranchReducerTests

    static func file() -> String { NSTemporaryDirectory() + "unmask-saved-\(UInt32.random(in: 0...UInt32.max)).json" }

    /// Main sampled, a pinned branch at step 6 with temperature 0.5 and seed 9, and a plain
    /// branch of that branch at step 8.
    static func session() throws -> WorkbenchState {
        var state = try Branches.sampled()
        state.timeline.step = 6
        state.timeline.cursor = Branches.committed(in: state, at: 6)
        try Branches.complete(&state, WorkbenchReducer.reduce(&state, .key(.char("p"))))
        try Branches.complete(&state, WorkbenchReducer.reduce(&state, .command("set temperature 0.5")))
        try Branches.complete(&state, WorkbenchReducer.reduce(&state, .command("set seed 9")))
        state.timeline.step = 8
        try Branches.complete(&state, WorkbenchReducer.reduce(&state, .key(.char("b"))))
        return state
    }

    @Test func aLoadedSessionSamplesTheSameBranches() throws {
        let before = try Self.session()
        #expect(before.branches.count == 3)
        let path = Self.file()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var saving = before
        let effects = WorkbenchReducer.reduce(&saving, .command("save \(path)"))
        guard case let .saveState(saved, target)? = effects.first else {
            Issue.record("no save effect: \(effects)")
            return
        }
        #expect(target == path)
        try SavedWorkbenchFile.write(saved, to: path)
        let read = try SavedWorkbenchFile.read(from: path)
        #expect(read == saved)

        var after = WorkbenchReducerTests.started().0
        var queue = WorkbenchReducerTests.samples(WorkbenchReducer.reduce(&after, .stateLoaded(read, path: path)))
        // Each finished sample lets the branches that fork from it start.
        while !queue.isEmpty {
            queue = try queue.flatMap { try Self.run($0, in: &after) }
        }
        #expect(after.restoring == nil)
        #expect(after.branches.map(\.name) == before.branches.map(\.name))
        for (a, b) in zip(after.branches, before.branches) {
            #expect(a.config == b.config && a.seed == b.seed && a.forkStep == b.forkStep)
            #expect(a.pinned?.position == b.pinned?.position && a.pinned?.token == b.pinned?.token)
            #expect(a.tokens(row: 0, at: a.steps.count) == b.tokens(row: 0, at: b.steps.count), "\(a.name) sampled otherwise")
        }
    }

    /// Samples `request` on the engine's network (synchronously) and returns the requests the
    /// reducer makes when it finishes.
    static func run(_ request: SamplingRequest, in state: inout WorkbenchState) throws -> [SamplingRequest] {
        let network = try #require(state.model.loaded).network(rows: request.problem.rows, threads: 1)
        let sampler = try makeSampler(
            model: network, config: request.config, problem: request.problem, seed: request.seed, start: request.start)
        var steps: [TrajectoryStep] = []
        while let step = sampler.step() { steps.append(step) }
        _ = WorkbenchReducer.reduce(&state, .engine(.samplingSteps(request.tag, steps, sampler.statistics)))
        return WorkbenchReducerTests.samples(
            WorkbenchReducer.reduce(
                &state, .engine(.samplingFinished(request.tag, sampler.statistics, seconds: 0.1, outcome: nil))))
    }

    @Test func badFilesAreRefusedNamingTheFileAndField() throws {
        let path = Self.file()
        defer { try? FileManager.default.removeItem(atPath: path) }
        func loadError(_ text: String) -> String? {
            try? text.write(toFile: path, atomically: true, encoding: .utf8)
            do { _ = try SavedWorkbenchFile.read(from: path); return nil } catch { return error.description }
        }
        #expect(throws: SavedWorkbenchError(path: "/no/such.json", reason: "no such file")) {
            try SavedWorkbenchFile.read(from: "/no/such.json")
        }
        #expect(loadError("[1, 2]") == "\(path): not a JSON object")
        let good = SavedWorkbench.make(from: WorkbenchReducerTests.started().0).saved
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(good), as: UTF8.self)
        #expect(loadError(text) == nil)
        #expect(
            loadError(text.replacingOccurrences(of: #""format":"unmask-workbench""#, with: #""format":"x""#))
                == "\(path), field format: 'x' is not 'unmask-workbench'")
        #expect(
            loadError(text.replacingOccurrences(of: #""seed":0"#, with: #""seed":"zero""#))?.hasPrefix(
                "\(path), field branches[0].seed: expected") == true)
        #expect(
            loadError(text.replacingOccurrences(of: #""prompt":0,"#, with: ""))
                == "\(path), field prompt: missing")
        #expect(  // Foundation says "not valid JSON" for a number its field cannot hold
            loadError(text.replacingOccurrences(of: #""seed":0"#, with: #""seed":0.5"#))
                == "\(path), field branches[0].seed: \(JSONMisfit.reason("0.5"))")

        // Read, but not for this workbench: refused by the reducer, naming the field; nothing changes.
        var state = WorkbenchReducerTests.started().0
        var otherWeights = good
        otherWeights.weights = String(repeating: "0", count: 32)
        _ = WorkbenchReducer.reduce(&state, .stateLoaded(otherWeights, path: path))
        #expect(
            state.notice
                == "\(path), field weights: saved for other weights than 'countdown' holds (open them first: :model PATH)"
                && state.noticeIsError)
        var renamed = good
        renamed.model = "countdown-copy"  // the same weights in another folder: they load
        _ = WorkbenchReducer.reduce(&state, .stateLoaded(renamed, path: path))
        #expect(!state.noticeIsError)
        var olderFile = good
        (olderFile.model, olderFile.weights) = ("glyphs", nil)
        _ = WorkbenchReducer.reduce(&state, .stateLoaded(olderFile, path: path))
        #expect(state.notice?.hasPrefix("\(path), field model: saved for 'glyphs'") == true && state.noticeIsError)
        var tooLong = good
        tooLong.branches[0].config.generationLength = 4096
        let before = state.config
        _ = WorkbenchReducer.reduce(&state, .stateLoaded(tooLong, path: path))
        #expect(state.notice?.hasPrefix("\(path), field branches[0].config: ") == true)
        #expect(state.config == before)
        // The shell's side: a missing file is a status-bar error, never a trap.
        var app = WorkbenchAppTests.app()
        defer { app.shutdown() }
        app.execute("load /no/such.json")
        #expect(app.state.notice == "load: /no/such.json: no such file" && app.state.noticeIsError)
    }
}
