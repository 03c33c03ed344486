import Testing

@testable import ESPO

/// Leave-one-out advantages (docs/methods.md §4.6) against hand-computed values.
struct AdvantageTests {
    @Test func leaveOneOutSubtractsTheMeanOfTheOthers() {
        // Group 1: rewards 1, 0.1, 0.1 → A_0 = 1 − 0.1 = 0.9, A_1 = 0.1 − (1 + 0.1)/2 = −0.45 (twice).
        // Group 2: all equal → zero advantages, one of two groups flat.
        let a = Advantages(rewards: [1, 0.1, 0.1, 0.5, 0.5, 0.5], group: 3)
        let expected = [0.9, -0.45, -0.45, 0, 0, 0]
        for (x, y) in zip(a.values, expected) { #expect(abs(x - y) < 1e-12) }
        #expect(a.zeroStdRatio == 0.5)
    }

    @Test func leaveOneOutIsGOverGMinusOneTimesTheCenteredReward() {
        let r = [0.3, 1, 0, 0.1, 0.7, 0.2]
        let a = Advantages(rewards: r, group: 6)
        let mean = r.reduce(0, +) / 6
        for (x, ri) in zip(a.values, r) { #expect(abs(x - 6.0 / 5.0 * (ri - mean)) < 1e-12) }
        #expect(abs(a.values.reduce(0, +)) < 1e-12)
        #expect(a.zeroStdRatio == 0)
    }

    @Test func stdScalingDividesByTheUnbiasedStdPlusAnEpsilon() {
        // Rewards 1, 0: mean 0.5, unbiased std √0.5; leave-one-out A = ±1.
        let a = Advantages(rewards: [1, 0], group: 2, scaleByStd: true)
        let s = 0.5.squareRoot() + 1e-4
        #expect(abs(a.values[0] - 1 / s) < 1e-12 && abs(a.values[1] + 1 / s) < 1e-12)
        let flat = Advantages(rewards: [0.1, 0.1], group: 2, scaleByStd: true)
        #expect(flat.values == [0, 0] && flat.zeroStdRatio == 1)
    }
}

/// Group outcome shares (pass@G, all-solved, partial-credit-only) on hand-made groups.
struct GroupOutcomeTests {
    @Test func groupsSplitIntoAnyAllAndPartialOnly() {
        // Four groups of 3: all solved; one of three solved; none solved but 0 vs 0.1 differs;
        // none solved and tied.
        let rewards = [1, 1, 1, 1, 0.1, 0.1, 0, 0.1, 0.1, 0.1, 0.1, 0.1]
        let successes = rewards.map { $0 == 1 }
        let g = GroupOutcomes(rewards: rewards, successes: successes, group: 3)
        #expect(g.anySuccess == 0.5)
        #expect(g.allSuccess == 0.25)
        #expect(g.partialOnly == 0.25)
    }
}
