import Foundation
import MaskedDiffusion
import Testing

@testable import ESPO

/// Rounds of the trainer on the arithmetic task with a random tiny network.
@Suite(.serialized) struct RLTrainerTests {
    static let task = ArithmeticTask()

    static func trainer(_ objective: RLObjective, iterations: Int = 2) -> RLTrainer {
        BLAS.setThreads(1)
        let T = task.promptLength + task.completionLength
        let config = ModelConfig(
            vocabSize: task.tokenizer.vocabSize, dModel: 16, nLayers: 1, nHeads: 2, ffHidden: 32, maxSeqLen: T)
        let params = ModelParameters(config: config)
        params.initialize(seed: 1)
        var c = ESPOConfig()
        c.objective = objective
        c.kl = objective.defaultKL
        c.group = 3
        c.promptsPerRound = 4
        c.microBatch = 6
        c.iterations = iterations
        c.numMC = 2
        c.beta = 0.01
        c.learningRate = 1e-2
        c.warmupSteps = 0
        c.rounds = 2
        c.evalItems = 8
        return RLTrainer(params: params, reference: params.copy(), task: task, config: c, threads: 2)
    }

    @Test(arguments: [RLObjective.espo, .d1, .tokenELBO, .sequenceMeanField])
    func ratioIsOneAtTheFirstIterationOfEveryRoundAndMovesAfter(objective: RLObjective) throws {
        let t = Self.trainer(objective)
        for round in 0..<2 {
            let r = try t.runRound()
            #expect(r.round == round && r.steps.map(\.step) == [2 * round, 2 * round + 1])
            let first = r.steps[0].metrics, second = r.steps[1].metrics
            #expect(
                first.ratioMin == 1 && first.ratioMax == 1, "\(objective) round \(round): \(first.ratioMin)…\(first.ratioMax)")
            #expect(second.ratioMin != 1 || second.ratioMax != 1, "the update moved the policy")
            if round == 0 { #expect(first.kl == 0, "θ = reference before the first update") }
            #expect(r.steps.allSatisfy { !$0.skipped && $0.gradNorm.isFinite })
        }
        #expect(t.isFinished && t.step == 4 && t.optimizer.step == 4)
    }

    /// A stop request ends the round in flight at its next network call (a shutdown cannot
    /// wait a whole round): during rollouts nothing changed; mid-update the round is abandoned.
    @Test func aStopRequestAbandonsTheRoundAtTheNextNetworkCall() throws {
        let t = Self.trainer(.espo)
        let before = Array(UnsafeBufferPointer(start: t.params.values.data, count: t.params.values.count))
        let calls = Counter()
        t.stopRequested = { calls.increment() >= 3 }  // during the rollout's sampling steps
        #expect(throws: SamplerError.stopped) { try t.runRound() }
        #expect(Array(UnsafeBufferPointer(start: t.params.values.data, count: t.params.values.count)) == before)
        #expect(t.round == 0 && t.optimizer.step == 0)

        let u = Self.trainer(.espo)
        let rolloutSteps = Counter()
        u.stopRequested = { rolloutSteps.increment() > 5 }  // 4 sampling steps, then inside the first update
        #expect(throws: SamplerError.stopped) { try u.runRound() }
        #expect(u.round == 0, "an abandoned round is not counted")
    }

    @Test func roundsAreReproducibleFromTheSeed() throws {
        let a = Self.trainer(.espo), b = Self.trainer(.espo)
        let ra = try a.runRound(), rb = try b.runRound()
        #expect(ra.rollout.sequences == rb.rollout.sequences)
        #expect(ra.steps.map(\.loss) == rb.steps.map(\.loss))
        #expect(a.params.values.array == b.params.values.array)
    }

    @Test func rolloutsAreRewardedByTheTasksRule() throws {
        // The reward rules (docs/methods.md §4.7) themselves are tested on crafted strings in MaskedDiffusionTests
        // (CountdownRewardTests, SudokuRewardTests, ArithmeticTaskTests); here only the wiring.
        let t = Self.trainer(.wd1)
        let r = try t.rollout(round: 0)
        #expect(r.sequences.count == 12 && r.items.count == 12)
        for i in 0..<12 {
            #expect(r.items[i] == r.items[i / 3 * 3], "groups of G share a prompt")
            #expect(r.rewards[i] == Self.task.reward(r.items[i], completion: r.completions[i]))
            #expect(Array(r.sequences[i].prefix(Self.task.promptLength)) == Self.task.example(for: r.items[i]).prompt)
        }
    }

    @Test func completionMaskEndsAtTheFirstEOS() {
        let eos: Int32 = 9
        let r = Rollout(
            items: [], sequences: [[1, 2, 3, eos, 4], [1, 2, 3, 4, 5], [1, eos, eos, eos, eos]], completions: [],
            rewards: [], successes: [], promptLength: 1, seconds: 0)
        let expected: [Bool] = [
            true, true, true, false,  // up to and including the first <eos>
            true, true, true, true,  // no <eos>: all L
            true, false, false, false
        ]  // an immediate <eos>
        #expect(r.completionMask(eos: eos) == expected)
    }
}

/// A thread-safe call counter for stop closures.
final class Counter: @unchecked Sendable {
    private var n = 0
    private let lock = NSLock()
    /// The count after this call.
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; n += 1; return n }
}
