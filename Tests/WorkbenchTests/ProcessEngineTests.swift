import Foundation
import MaskedDiffusion
import Testing

@testable import Workbench

/// `ProcessEngine` against real child processes: the numpy fake backend
/// (Examples/backends/fake_backend.py, python3 + numpy) end to end, and small shell scripts
/// that misbehave in the ways a backend can.
@Suite(.serialized)
struct ProcessEngineTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let fake = "python3 \(repository)/Examples/backends/fake_backend.py"

    /// Drains `engine`'s inbox until `done` holds for what arrived (all messages so far), or 20 s.
    static func collect(_ engine: ProcessEngine, until done: ([EngineMessage]) -> Bool) -> [EngineMessage] {
        var messages: [EngineMessage] = []
        let deadline = monotonicSeconds() + 20
        while !done(messages), monotonicSeconds() < deadline {
            messages += engine.inbox.drain()
            Thread.sleep(forTimeInterval: 0.01)
        }
        return messages
    }

    static func finished(_ tag: RequestTag) -> ([EngineMessage]) -> Bool {
        { $0.contains { if case .samplingFinished(tag, _, _, _) = $0 { true } else { false } } }
    }

    static func steps(_ messages: [EngineMessage], _ tag: RequestTag) -> [TrajectoryStep] {
        messages.flatMap { message -> [TrajectoryStep] in
            guard case let .samplingSteps(t, s, _) = message, t == tag else { return [] }
            return s
        }
    }

    static func request(_ hello: BackendHello, number: Int, steps: Int = 24, start: SamplingStart? = nil) -> SamplingRequest {
        var config = hello.sampler!
        config.steps = steps
        config.candidates = 3
        return SamplingRequest(
            tag: RequestTag(lane: .branch(0), number: number), config: config,
            problem: SamplingProblem(rows: 1, prompt: hello.prompt), seed: 5, start: start, item: nil)
    }

    /// The fake backend's hello carries no vocabulary; a `tokens` request brings the text of the
    /// ids asked, and a backend's model shows it.
    @Test func theFakeBackendSendsTokenTextOnDemand() throws {
        let engine = ProcessEngine(command: Self.fake)
        defer { engine.shutdown() }
        let hello = try engine.waitForHello(timeout: 20)
        #expect(hello.tokenText == nil && hello.capabilities.tokens)
        var model = WorkbenchModel(backend: hello)
        #expect(model.display(hello.prompt) == ["…", "…", "…", "…"])
        engine.execute(.tokenText(hello.prompt + [30]), model: model)
        let messages = Self.collect(engine) { $0.contains { if case .backend(.tokenText) = $0 { true } else { false } } }
        let text = try #require(messages.compactMap { if case let .backend(.tokenText(t)) = $0 { t } else { nil } }.first)
        #expect(text == [19: "t", 7: "h", 4: "e", 26: " ", 30: "?"])
        model.learn(text)
        #expect(model.display(hello.prompt).joined() == "the ")
    }

    @Test func theFakeBackendSamplesPredictsAndScores() throws {
        let engine = ProcessEngine(command: Self.fake)
        defer { engine.shutdown() }
        let hello = try engine.waitForHello(timeout: 20)
        #expect(hello.model == "fake-llama-seed0" && hello.vocabSize == 31 && hello.maskTokenId == 31)
        let model = WorkbenchModel(backend: hello)
        let job = Self.request(hello, number: 1, steps: 12)
        engine.execute(.sample(job, queued: false), model: model)
        let messages = Self.collect(engine, until: Self.finished(job.tag))
        let steps = Self.steps(messages, job.tag)
        // The plan the Swift sampler follows: 12 steps over 3 blocks of 8, two tokens a step.
        #expect(steps.map(\.index) == Array(0..<12))
        #expect(steps.allSatisfy { $0.rows[0].commits.count == 2 && $0.rows[0].commits[0].candidates.count == 3 })
        #expect(steps.map { $0.rows[0].block } == [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2])
        let final = try #require(steps.last?.rows[0].tokens)
        #expect(!final.contains(31) && Array(final.prefix(4)) == hello.prompt)

        // A branch from step 4 with a pinned token keeps both and continues the numbering.
        var tokens = steps[3].rows[0].tokens
        let pinned = tokens.firstIndex(of: 31)!
        tokens[pinned] = 7
        let branch = Self.request(hello, number: 2, start: SamplingStart(tokens: [tokens], nfe: [4], firstStep: 4))
        engine.execute(.sample(branch, queued: false), model: model)
        let branched = Self.steps(Self.collect(engine, until: Self.finished(branch.tag)), branch.tag)
        #expect(branched.first?.index == 4 && branched.first?.rows[0].nfe == 5)
        #expect(branched.last?.rows[0].tokens[pinned] == 7)
        #expect(branched.allSatisfy { !$0.rows[0].commits.contains { $0.position == pinned } })

        let tag = PredictionTag(branchID: 0, request: 1, step: 0, row: 0)
        engine.execute(.predict(tag, tokens: hello.prompt + [31, 31], k: 4), model: model)
        let predicted = Self.collect(engine) { $0.contains { if case .predictions = $0 { true } else { false } } }
        let top = predicted.compactMap { if case let .predictions(t, c) = $0, t == tag { c } else { nil } }.first
        #expect(top?.map(\.count) == [0, 0, 0, 0, 4, 4])
        #expect(top?[4].map(\.probability) == top?[4].map(\.probability).sorted(by: >))

        let elbo = ELBORequest(request: 3, target: .sequence(final, prefix: 4), estimator: .llada, maxUnits: 20)
        engine.execute(.estimateELBO(elbo), model: model)
        let progress = Self.collect(engine) { $0.contains { if case let .elbo(p) = $0 { p.finished } else { false } } }
            .compactMap { if case let .elbo(p) = $0 { p } else { nil } }
        #expect(progress.last?.mean.count == 20 && progress.last?.finished == true)
        #expect(progress.count > 2 && progress.last!.bitsPerToken > 0 && progress.last!.bitsError.isFinite)
    }

    /// A replacing request cancels the stream in flight: the slow first sample never finishes and
    /// none of its steps arrive after the second was asked for.
    @Test func aNewRequestCancelsTheStreamInFlightWithinAStep() throws {
        let engine = ProcessEngine(command: Self.fake + " --delay 0.1")
        defer { engine.shutdown() }
        let hello = try engine.waitForHello(timeout: 20)
        let model = WorkbenchModel(backend: hello)
        let first = Self.request(hello, number: 1)
        engine.execute(.sample(first, queued: false), model: model)
        _ = Self.collect(engine) { !Self.steps($0, first.tag).isEmpty }
        let second = Self.request(hello, number: 2, steps: 3)
        let asked = monotonicSeconds()
        engine.execute(.sample(second, queued: false), model: model)
        let after = Self.collect(engine, until: Self.finished(second.tag))
        #expect(Self.steps(after, first.tag).isEmpty)
        #expect(!Self.finished(first.tag)(after))
        #expect(Self.steps(after, second.tag).count == 3)
        // Three steps at 0.1 s each, plus at most one step of the cancelled stream.
        #expect(monotonicSeconds() - asked < 1.5)
    }

    @Test func aVersionMismatchOrAStrayLineStopsTheStart() {
        for (flags, expected) in [
            ("--protocol 2", "the backend speaks protocol 2, this unmask speaks 1"),
            ("--garbage", "backend stdout line 1: not a JSON object")
        ] {
            let engine = ProcessEngine(command: Self.fake + " " + flags)
            defer { engine.shutdown() }
            #expect(throws: BackendProtocolError.self) { try engine.waitForHello(timeout: 20) }
            do { _ = try engine.waitForHello(timeout: 1) } catch {
                #expect(error.description.contains(expected), "\(error)")
            }
        }
    }

    @Test func aCommandThatDoesNotStartIsReportedWithItsStderr() {
        let engine = ProcessEngine(command: "no-such-backend-command")
        defer { engine.shutdown() }
        do {
            _ = try engine.waitForHello(timeout: 20)
            Issue.record("a missing command said hello")
        } catch {
            #expect(error.description.hasPrefix("backend exited with status 127 · stderr: "), "\(error)")
            #expect(error.description.contains("not found"))
        }
    }

    /// A backend that dies mid-sample: the request fails with the exit status and stderr's
    /// tail, the engine reports itself down, and `restart` brings a new hello.
    @Test func aBackendThatDiesFailsItsRequestsAndRestarts() throws {
        let engine = ProcessEngine(command: Self.fake + " --exit-after 4")
        defer { engine.shutdown() }
        let hello = try engine.waitForHello(timeout: 20)
        let job = Self.request(hello, number: 1)
        engine.execute(.sample(job, queued: false), model: WorkbenchModel(backend: hello))
        let messages = Self.collect(engine) { $0.contains { if case .backend(.down) = $0 { true } else { false } } }
        let down = messages.compactMap { if case let .backend(.down(text)) = $0 { text } else { nil } }.first ?? ""
        #expect(down.hasPrefix("backend exited with status 3 · stderr: "))
        #expect(down.contains("exiting after 4 replies"))
        #expect(messages.contains { if case .samplingFailed(job.tag, down) = $0 { true } else { false } })
        // Asked while down: refused at once, not lost.
        let late = Self.request(hello, number: 2)
        engine.execute(.sample(late, queued: false), model: WorkbenchModel(backend: hello))
        #expect(
            engine.inbox.drain().contains { if case .samplingFailed(late.tag, ProcessEngine.down) = $0 { true } else { false } })

        engine.restart()
        let ready = Self.collect(engine) { $0.contains { if case .backend(.ready) = $0 { true } else { false } } }
        #expect(ready.contains { $0 == .backend(.ready(model: "fake-llama-seed0", device: "cpu")) })
    }

    /// A backend that stops answering (here: it never reads stdin) is reported silent.
    @Test func aHungBackendIsReportedSilent() throws {
        let engine = ProcessEngine(command: "printf '%s\\n' '\(BackendCodecTests.helloLine())'; sleep 30", silentAfter: 1)
        defer { engine.shutdown() }
        _ = try engine.waitForHello(timeout: 20)
        let messages = Self.collect(engine) { $0.contains { if case .backend(.silent) = $0 { true } else { false } } }
        let silent = messages.compactMap { if case let .backend(.silent(s)) = $0 { s } else { nil } }
        #expect(silent.first.map { $0 > 1 && $0 < 5 } == true, "\(silent)")
    }

    /// After hello, a bad line is reported and the backend keeps serving; pings are answered.
    @Test func badLinesAfterHelloAreReportedAndPingsMeasured() throws {
        let hello = BackendCodecTests.helloLine()
        let script =
            "printf '%s\\n' '\(hello)' 'nonsense' '{\"type\":\"zzz\",\"id\":1}'; "
            + "while read -r line; do id=${line##*\\\"id\\\":}; printf '{\"type\":\"pong\",\"id\":%s\\n' \"$id\"; done"
        let engine = ProcessEngine(command: script)
        defer { engine.shutdown() }
        _ = try engine.waitForHello(timeout: 20)
        let messages = Self.collect(engine) { $0.contains { if case .backend(.roundTrip) = $0 { true } else { false } } }
        let problems = messages.compactMap { if case let .backend(.problem(text)) = $0 { text } else { nil } }
        #expect(problems.count == 2)
        #expect(problems.first?.hasPrefix("backend stdout line 2: not a JSON object") == true)
        #expect(problems.last == "backend stdout line 3: unknown message type 'zzz'")
        #expect(messages.contains { if case let .backend(.roundTrip(s)) = $0 { s >= 0 && s < 5 } else { false } })
    }
}

extension EngineMessage {
    fileprivate static func == (a: EngineMessage, b: EngineMessage) -> Bool {
        if case let .backend(x) = a, case let .backend(y) = b { return x == y }
        return false
    }
}
