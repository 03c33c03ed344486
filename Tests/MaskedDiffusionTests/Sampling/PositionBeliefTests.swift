import Testing

@testable import MaskedDiffusion

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Each step records what the network believed at every position masked before it (the step ×
/// position map and the cursor's confidence over steps read these), and files stay readable
/// with or without them.
@Suite struct PositionBeliefTests {
    static let vocab = 6

    /// Position i: token (i mod 3) has probability p_i = 0.3 + 0.05·i, the rest share 1 − p_i.
    static func probability(_ i: Int) -> Double { 0.3 + 0.05 * Double(i) }

    /// A certain position has entropy +0, not the −0 its rounding gives (the cursor pane printed
    /// "H -0.00").
    @Test func aOneHotDistributionHasZeroEntropyNotMinusZero() {
        var z: [Float] = [0, 60, 0, 0, 0, 0]
        var scratch = [Float](repeating: 0, count: z.count)
        let b = z.withUnsafeMutableBufferPointer { zp in
            scratch.withUnsafeMutableBufferPointer {
                TokenChoice.belief(at: 0, zp.baseAddress!, zp.count, scratch: $0.baseAddress!)
            }
        }
        #expect(b.token == 1 && b.probability == 1)
        #expect(b.entropy == 0 && b.entropy.sign == .plus)
    }

    static func logits(_ i: Int) -> [Float] {
        var z = [Float](repeating: 0, count: vocab)
        z[i % 3] = SamplingFixtures.logit(probability: probability(i), vocab: vocab)
        return z
    }

    func trajectory(_ strategy: SamplingStrategy) throws -> Trajectory {
        var c = SamplerConfig.defaults(for: strategy)
        c.generationLength = 6
        c.steps = 3
        c.temperature = 0
        let source = SamplingFixtures.source(vocab: Self.vocab, Self.logits)
        let core = try SamplingCore(
            network: source, config: c, problem: SamplingProblem(rows: 2, prompt: [1, 2]), seed: 3, start: nil)
        return makeSampler(core).run()
    }

    @Test(arguments: [SamplingStrategy.llada, .radd, .emigm])
    func everyPositionMaskedBeforeTheStepHasItsBelief(_ strategy: SamplingStrategy) throws {
        let t = try trajectory(strategy)
        let V = Double(Self.vocab), mask = Int32(Self.vocab)
        var before = t.header.initialTokens
        #expect(!t.steps.isEmpty)
        for step in t.steps {
            for (r, row) in step.rows.enumerated() {
                let beliefs = try #require(row.beliefs)
                let masked = before[r].indices.filter { before[r][$0] == mask }
                #expect(beliefs.map(\.position) == masked)
                for b in beliefs {
                    // Independent of the engine's kernels: the distribution is known in closed form.
                    let p = Self.probability(b.position), rest = (1 - p) / (V - 1)
                    let entropy = -p * _log(p) - (V - 1) * rest * _log(rest)
                    #expect(b.token == Int32(b.position % 3))
                    #expect(abs(Double(b.probability) - p) < 1e-5)
                    #expect(abs(Double(b.entropy) - entropy) < 1e-4)
                    #expect(abs(Double(b.margin) - (p - rest)) < 1e-5)
                }
                before[r] = row.tokens
            }
        }
    }

    @Test func filesWithAndWithoutBeliefsRead() throws {
        let t = try trajectory(.llada)
        #expect(try TrajectoryFile.decode(TrajectoryFile.text(t)) == t)
        var old = t
        for s in old.steps.indices { for r in old.steps[s].rows.indices { old.steps[s].rows[r].beliefs = nil } }
        let text = TrajectoryFile.text(old)
        #expect(!text.contains("beliefs"))
        #expect(try TrajectoryFile.decode(text) == old)
    }

    @Test func aBadBeliefIsRefusedNamingItsField() throws {
        var t = try trajectory(.llada)
        t.steps[1].rows[1].beliefs![0].margin = 1.5
        guard case .invalid(let line, let field, _)? = error(TrajectoryFile.text(t)) else {
            Issue.record("accepted a margin of 1.5")
            return
        }
        #expect(line == 3 && field == "rows[1].beliefs[0]")
        t = try trajectory(.llada)
        t.steps[0].rows[0].beliefs![2].position = 99
        guard case .invalid(_, let field2, _)? = error(TrajectoryFile.text(t)) else {
            Issue.record("accepted position 99")
            return
        }
        #expect(field2 == "rows[0].beliefs[2]")
    }

    func error(_ text: String) -> TrajectoryFileError? {
        do { _ = try TrajectoryFile.decode(text); return nil } catch { return error }
    }
}
