import MaskedDiffusion
import Synchronization
import Testing

@testable import Workbench

/// Records what the workbench asks its engine; answers come from the test through the inbox.
final class RecordingDoor: EngineDoor {
    let inbox = Inbox<EngineMessage>()
    private let asked = Mutex<[EngineRequest]>([])
    private let restarts = Mutex(0)

    func execute(_ request: EngineRequest, model: WorkbenchModel) { asked.withLock { $0.append(request) } }
    var isTraining: Bool { false }
    func restart() { restarts.withLock { $0 += 1 } }
    func shutdown() {}

    var samples: [SamplingRequest] {
        asked.withLock { $0.compactMap { if case let .sample(r, _) = $0 { r } else { nil } } }
    }
    var restartCount: Int { restarts.withLock { $0 } }
}

/// The shell on a backend's model behind any engine door: requests go to the door, its
/// messages come back on ticks, `:backend restart` reaches the door, and an export carries the
/// backend's mask id and token text so `unmask replay` reads it without the model.
struct BackendAppTests {
    @Test func theShellDrivesTheDoorAndExportsReadableTrajectories() throws {
        let door = RecordingDoor()
        var app = WorkbenchApp(
            model: WorkbenchModel(backend: BackendCodecTests.hello()), catalog: ModelCatalog(entries: []), theme: .default,
            library: nil, engine: door, backend: BackendState(location: "local pipe", device: "cpu"),
            runRoot: WorkbenchAppTests.runRoot)
        let request = try #require(door.samples.first)
        #expect(request.problem.prompts == [[0, 1]])
        let tokens: [Int32] = [0, 1, 2, 3, 2, 4, 4, 4]
        let step = TrajectoryStep(
            index: 0, t: 1,
            rows: [
                RowStep(
                    tokens: tokens, commits: [Commit(position: 2, token: 2, confidence: 0.5, candidates: [])], block: 0, nfe: 1)
            ])
        door.inbox.post(.samplingSteps(request.tag, [step], SamplerStatistics()))
        door.inbox.post(.backend(.roundTrip(0.004)))
        let changed = app.tick()
        #expect(changed)
        #expect(app.state.branch.steps == [step])
        #expect(app.state.backend?.roundTrip == 0.004)

        let header = app.trajectory().header
        #expect(header.maskTokenId == 4)
        #expect(header.tokenText == [0: "a", 1: "b", 2: "\n", 3: " "])
        #expect(TrajectoryVocabulary(header: header).render(tokens) == "ab␊ ␊░░░")

        app.execute("backend restart")
        #expect(door.restartCount == 1)
    }
}
