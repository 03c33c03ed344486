import Testing

@testable import MaskedDiffusion

/// pass@k and group spread, the figures `unmask eval --samples` reports for a base model.
struct SampleStatisticsTests {
    @Test func passAtKIsTheUnbiasedEstimator() {
        #expect(abs(SampleStatistics.passAt(1, n: 10, c: 3) - 0.3) < 1e-12)
        #expect(SampleStatistics.passAt(4, n: 10, c: 0) == 0)
        #expect(SampleStatistics.passAt(8, n: 10, c: 3) == 1)  // any 8 of 10 include a success
        // 1 − C(7,2)/C(10,2) = 1 − 21/45.
        #expect(abs(SampleStatistics.passAt(2, n: 10, c: 3) - 24.0 / 45) < 1e-12)
        // Large n: 1 − C(60,16)/C(64,16) without overflow.
        let exact = 1 - (48.0 / 64) * (47.0 / 63) * (46.0 / 62) * (45.0 / 61)
        #expect(abs(SampleStatistics.passAt(16, n: 64, c: 4) - exact) < 1e-12)
    }

    @Test func groupsWithSpreadAreCountedOverDisjointGroups() {
        let s = SampleStatistics(
            rewards: [[1, 1, 1, 1, 0.1, 1], [0.1, 0.1, 0.1, 0.1, 0.1, 0.1]], successes: [5, 0], wellFormed: 12)
        #expect(s.spreadShare(group: 3) == 0.25)  // only [1, 0.1, 1] of four groups
        #expect(s.spreadShare(group: 4) == 0)  // [1, 1, 1, 1] and all 0.1; the tails are dropped
        #expect(abs(s.perSampleSuccess - 5.0 / 12) < 1e-12)
        #expect(abs(s.passAt(1) - 5.0 / 12) < 1e-12)
        #expect(s.wellFormedShare == 1)
    }

    @Test func scoresCompletionsPerItem() {
        let task = TaskFixtures.countdown
        let items = Array(task.testItems.prefix(2))
        let completions = items.flatMap { [$0.completion, "<answer>1+1</answer>", "junk"] }
        let s = SampleStatistics(task: task, items: items, completions: completions, samplesPerItem: 3)
        #expect(s.successes == [1, 1])
        #expect(s.rewards.map { $0[0] } == [1, 1] && s.rewards.map { $0[2] } == [0, 0])
        #expect(s.wellFormed == 2)
    }
}
