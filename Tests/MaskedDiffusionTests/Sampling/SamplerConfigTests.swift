import Testing

@testable import MaskedDiffusion

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

@Suite struct SamplerConfigTests {
    @Test func defaultsAreLLaDAGenerate() {
        let c = SamplerConfig()
        #expect(c.strategy == .llada && c.generationLength == 128 && c.steps == 128)
        #expect(c.effectiveBlockLength == 128 && c.temperature == 0 && c.cfgScale == 0 && c.remasking == .lowConfidence)
        #expect(SamplerConfig.defaults(for: .emigm).steps == 16)
        #expect(SamplerConfig.defaults(for: .radd).temperature == 1)
    }

    @Test func codableRoundTripAndMissingKeysTakeDefaults() throws {
        var c = SamplerConfig.defaults(for: .radd)
        c.topP = 0.8
        c.blockLength = 32
        c.maskSchedule = .poly(power: 0.5)
        c.eosTokenIds = [4]
        let data = try JSONEncoder().encode(c)
        #expect(try JSONDecoder().decode(SamplerConfig.self, from: data) == c)
        let partial = try JSONDecoder().decode(SamplerConfig.self, from: Data(#"{"strategy":"radd-ordered","steps":9}"#.utf8))
        var expected = SamplerConfig()
        expected.strategy = .raddOrdered
        expected.steps = 9
        #expect(partial == expected)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(SamplerConfig.self, from: Data(#"{"strategy":"ddpm"}"#.utf8))
        }
    }

    @Test func validationNamesTheKnob() {
        var c = SamplerConfig()
        c.generationLength = 12
        c.blockLength = 4
        c.steps = 2
        c.topP = 1.5
        c.forbidEOS = true
        let p = c.problems(vocabSize: 10)
        #expect(p.contains { $0.hasPrefix("steps (2) must be ≥ the number of blocks (3") })
        #expect(p.contains { $0.hasPrefix("top_p must be in (0, 1]") })
        #expect(p.contains { $0.contains("need eos_token_ids") })
        #expect(SamplerConfig().problems(vocabSize: 10).isEmpty)
    }

    /// `--cfg 1e38` once overflowed the guided logits to NaN: the sample came out empty and
    /// `sample --out` trapped writing it.
    @Test func guidanceScalesOutsideTheirRangeAreProblems() {
        var c = SamplerConfig()
        for w in [0, 2.5, SamplerConfig.cfgScaleRange.upperBound] {
            c.cfgScale = w
            #expect(c.problems(vocabSize: 10).isEmpty, "\(w)")
        }
        for w in [-1, 101, 1e38, .infinity, .nan] {
            c.cfgScale = w
            #expect(c.problems(vocabSize: 10).contains { $0.hasPrefix("cfg_scale must be in 0…100") }, "\(w)")
        }
    }

    @Test func transferQuotasMatchLLaDA() {
        #expect(TransferQuota.split(10, steps: 4) == [3, 3, 2, 2])
        for m in 0...20 {
            for s in 1...8 {
                let plan = TransferQuota.split(m, steps: s)
                #expect(plan.reduce(0, +) == m)
                // Recomputing from what remains reproduces the block-entry plan at every step.
                var left = m
                for j in 0..<s {
                    #expect(TransferQuota.next(masked: left, remainingSteps: s - j) == plan[j])
                    left -= plan[j]
                }
            }
        }
    }

    @Test func revealRulesAreDtOverTForTheLogLinearSchedule() {
        for t in [1.0, 0.7, 0.31, 0.05] {
            for rule in RevealRule.allCases {
                #expect(abs(rule.probability(t: t, dt: 0.01) - 0.01 / t) < 1e-9)
            }
        }
    }

    @Test func guidanceSchedulesRampFromZeroToOne() {
        #expect(GuidanceSchedule.constant.factor(0) == 1)
        for g in GuidanceSchedule.allCases where g != .constant {
            #expect(abs(g.factor(0)) < 1e-12)
            #expect(abs(g.factor(1) - (g == .exp ? 1 - _exp(-5) : 1)) < 1e-12)
        }
        #expect(GuidanceSchedule.power.factor(0.5) == 0.25)
    }
}
