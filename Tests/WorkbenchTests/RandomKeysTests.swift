import MaskedDiffusion
import Terminal
import Testing

@testable import Workbench

/// 5,000 random keys and commands over every tab, knobs pushed to their limits, with some
/// samples completed along the way and the screen drawn at random sizes: the reducer and the
/// view must never trap, and every sample request they make must be one the engine can run.
struct RandomKeysTests {
    /// A small deterministic generator (xorshift), so a failure replays.
    struct Dice {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(n))
        }
    }

    static let commands = [
        "set steps 4096", "set steps 1", "set length 1", "set length 4096", "set block 1", "set block off",
        "set strategy threshold", "set strategy eb", "set strategy emigm", "set strategy radd",
        "set strategy radd-ordered", "set strategy llada", "set temperature 5", "set cfg 3", "set top-k 1",
        "set gamma 0", "set threshold 0.05", "prompt 3", "prompt 25 3 7=46", "pin 1", "pin 9", "units 3", "run",
        "set eos-ids 2", "set forbid-eos on", "sweep 2", "sweep stop", "sweep off", "sweep 0", "bogus"
    ]

    @Test func randomKeysNeverTrapAndOnlyValidRequestsAreMade() throws {
        var state = WorkbenchState(
            model: WorkbenchAppTests.countdown, catalog: ModelCatalog(entries: []), theme: .default,
            themeNames: ["default"], runRoot: WorkbenchAppTests.runRoot)
        var pending = WorkbenchReducer.reduce(&state, .start)
        let keys =
            WorkbenchKeys.map.bindings.map(\.key).filter { $0 != .char("q") && $0 != .ctrl("c") }
            + [.char("x"), .char("h"), .char("l"), .escape, .enter, .backspace]
        var dice = Dice(state: 0x9E37_79B9_7F4A_7C15)
        var requests = 0
        for i in 0..<5000 {
            let effects: [WorkbenchEffect]
            switch dice.next(20) {
            case 0: effects = WorkbenchReducer.reduce(&state, .command(Self.commands[dice.next(Self.commands.count)]))
            case 1: effects = WorkbenchReducer.reduce(&state, .tick)
            default: effects = WorkbenchReducer.reduce(&state, .key(keys[dice.next(keys.count)]))
            }
            pending += effects
            for case let .engine(.sample(request, _)) in effects {
                requests += 1
                let problems = state.model.problems(config: request.config, problem: request.problem)
                #expect(problems.isEmpty, "key \(i): an invalid request reached the engine: \(problems)")
            }
            // Now and then the engine answers the newest sample request (synchronously).
            if dice.next(10) == 0,
                let last = pending.reversed().compactMap({ effect -> SamplingRequest? in
                    if case let .engine(.sample(r, _)) = effect { r } else { nil }
                }).first
            {
                pending.removeAll()
                try WorkbenchBranchReducerTests.complete(&state, [.engine(.sample(last, queued: false))])
            }
            if i % 10 == 0 {
                let size = Size(width: 80 + dice.next(121), height: 24 + dice.next(37))
                _ = WorkbenchReducer.reduce(&state, .resize(size))
                _ = draw(width: size.width, height: size.height) { WorkbenchView(state: state).render(into: &$0) }
            }
        }
        #expect(requests > 100, "the walk exercised sampling (\(requests) requests)")
    }
}
