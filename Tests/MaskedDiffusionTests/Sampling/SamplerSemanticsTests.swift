import Foundation
import Testing

@testable import MaskedDiffusion

/// `SamplerConfig.reads(_:)` is the one statement of which knobs a strategy uses; the samplers
/// must agree with it, so an unread knob never changes a run.
struct SamplerSemanticsTests {
    typealias Field = SamplerConfig.Field

    /// A different valid value for each field (applied on `SamplingFixtures.config`).
    static func perturb(_ c: inout SamplerConfig, _ field: Field) {
        switch field {
        case .strategy, .generationLength, .eosTokenIds: break  // change what every strategy does
        case .steps: c.steps = 4
        case .blockLength: c.blockLength = 6
        case .temperature: c.temperature = 0.5
        case .remasking: c.remasking = .random
        case .cfgScale: c.cfgScale = 1.5
        case .cfgTimeMin: c.cfgTimeMin = 0.5
        case .cfgTimeMax: c.cfgTimeMax = 0.6
        case .guidanceSchedule: c.guidanceSchedule = .linear
        case .maskSchedule: c.maskSchedule = .linear
        case .revealRule: c.revealRule = .euler
        case .topK: c.topK = 2
        case .topP: c.topP = 0.3
        case .order: c.order = .random
        case .threshold: c.threshold = 0.9
        case .entropyBound: c.entropyBound = 5
        case .forbidEOS: c.forbidEOS = true
        case .eosConfidenceLast: c.eosConfidenceLast = true
        case .cache: c.cache = .dual
        case .cacheRefresh: c.cacheRefresh = 1
        case .candidates: c.candidates = 2
        }
    }

    static func tokens(_ c: SamplerConfig) throws -> [[[Int32]]] {
        let problem = SamplingProblem(rows: 2, prompt: SamplingFixtures.prompt)
        let t = try makeSampler(model: SamplingFixtures.model(), config: c, problem: problem, seed: 5).run()
        return t.steps.map { $0.rows.map(\.tokens) }
    }

    @Test(arguments: SamplingStrategy.allCases)
    func aFieldTheStrategyDoesNotReadChangesNothing(strategy: SamplingStrategy) throws {
        var base = SamplingFixtures.config(strategy)
        base.eosTokenIds = [4]
        base.cfgScale = strategy == .emigm ? 1 : 0  // so eMIGM's interval and ramp have something to act on
        let reference = try Self.tokens(base)
        for field in Field.allCases where !base.reads(field) {
            var c = base
            Self.perturb(&c, field)
            #expect(c.problems(vocabSize: SamplingFixtures.modelConfig.vocabSize).isEmpty, "\(field)")
            #expect(try Self.tokens(c) == reference, "\(strategy) does not read \(field.rawValue), yet it changed the run")
        }
    }

    /// The converse for the knobs that are easy to see: a read field does change this run. (RADD's
    /// two reveal rules coincide on its log-linear schedule, so `reveal_rule` is not among them.)
    @Test func readFieldsChangeTheRun() throws {
        let cases: [(SamplingStrategy, Field)] = [
            (.llada, .remasking), (.llada, .blockLength), (.radd, .topK), (.radd, .steps),
            (.raddOrdered, .order), (.emigm, .maskSchedule), (.threshold, .threshold),
            (.llada, .cache)
        ]
        for (strategy, field) in cases {
            var base = SamplingFixtures.config(strategy)
            if field == .threshold { base.threshold = 0.05 }
            var c = base
            Self.perturb(&c, field)
            #expect(base.reads(field))
            #expect(try Self.tokens(c) != Self.tokens(base), "\(strategy) reads \(field.rawValue) but ignored it")
        }
    }

    /// LLaDA commits at least one token a step, so more steps than tokens is refused with the
    /// reason, instead of being silently cut to the length (the CLI once turned 18 into 16).
    @Test func lladaStepsBeyondTheLengthAreRefused() {
        var c = SamplerConfig()
        c.generationLength = 16
        c.steps = 18
        #expect(
            c.problems(vocabSize: 10) == ["steps (18) must be ≤ generation_length (16): every step commits at least one token"])
        c.steps = 16
        #expect(c.problems(vocabSize: 10).isEmpty)
        c.strategy = .radd  // RADD's grid may have more steps than tokens (some reveal nothing)
        c.steps = 18
        #expect(c.problems(vocabSize: 10).isEmpty)
    }

    @Test func blocksCoverTheGenerationOnce() {
        for length in 1...13 {
            for block in [nil, 1, 3, 4, 20] as [Int?] {
                var c = SamplerConfig()
                c.generationLength = length
                c.blockLength = block
                let covered = (0..<c.blockCount).flatMap { Array(c.blockOffsets($0)) }
                #expect(covered == Array(0..<length))
            }
        }
    }
}

/// Every strategy keeps generated positions inside the problem's vocabulary (an image model's
/// patch slots once received a class token, which the image grid then drew as a mask).
struct GeneratedVocabularyTests {
    @Test(arguments: SamplingStrategy.allCases)
    func samplersNeverProposeTokensOutsideTheGeneratedVocabulary(strategy: SamplingStrategy) throws {
        // Logits that favour tokens 10–12 ("class tokens") everywhere.
        let source = SamplingFixtures.source(vocab: 13) { _ in (0..<13).map { $0 >= 10 ? 4 : Float($0) * 0.1 } }
        var c = SamplingFixtures.config(strategy)
        c.cfgScale = strategy == .emigm ? 1 : 0
        let problem = SamplingProblem(rows: 3, prompt: [11], generatedVocabulary: 0..<10)
        let t = try makeSampler(SamplingCore(network: source, config: c, problem: problem, seed: 2, start: nil)).run()
        for row in t.finalTokens { #expect(row.dropFirst().allSatisfy { (0..<10).contains($0) }, "\(strategy): \(row)") }
        // Without the restriction the same logits do produce them (so the check above can fail).
        let free = try makeSampler(
            SamplingCore(
                network: source, config: c, problem: SamplingProblem(rows: 3, prompt: [11]),
                seed: 2, start: nil)
        ).run()
        #expect(free.finalTokens.contains { $0.dropFirst().contains { $0 >= 10 } })
    }

    @Test func aFileProblemKeepsItsVocabulary() throws {
        let p = SamplingProblem(rows: 1, prompt: [3], generatedVocabulary: 0..<8)
        let data = try JSONEncoder().encode(p)
        #expect(String(decoding: data, as: UTF8.self).contains("\"generated_vocabulary\":[0,8]"))
        #expect(try JSONDecoder().decode(SamplingProblem.self, from: data) == p)
        #expect(
            try JSONDecoder().decode(SamplingProblem.self, from: Data(#"{"prompts":[[1]],"fixed":[]}"#.utf8))
                .generatedVocabulary == nil)
    }
}

/// EB-Sampler: the lowest-entropy proposals of a block, as many as keep Σ H − max H ≤ γ.
struct EntropyBoundedSamplerTests {
    @Test func theCountIsTheLargestPrefixWithinTheBound() {
        #expect(LLaDASampler.entropyBoundedCount([0.1, 0.2, 0.3, 5], bound: 0.31) == 3)  // 0.6 − 0.3
        #expect(LLaDASampler.entropyBoundedCount([0.1, 0.2, 0.3, 5], bound: 0.29) == 2)
        #expect(LLaDASampler.entropyBoundedCount([2, 3], bound: 0) == 1)  // always at least one
        #expect(LLaDASampler.entropyBoundedCount([0, 0, 0, 1], bound: 0) == 4)  // certain tokens are free
        #expect(LLaDASampler.entropyBoundedCount([], bound: 1) == 1)
    }

    /// γ = 0 on a model unsure everywhere commits one token a step (the plan's bound, reached);
    /// a huge γ commits each block in one step.
    @Test func gammaSpansOneTokenAStepToOneStepABlock() throws {
        var c = SamplingFixtures.config(.eb)
        c.entropyBound = 0
        let problem = SamplingProblem(rows: 2, prompt: SamplingFixtures.prompt)
        let slow = try makeSampler(model: SamplingFixtures.model(), config: c, problem: problem, seed: 1).run()
        #expect(slow.steps.count == c.generationLength && Double(slow.steps.count) == c.plan().nfe)
        #expect(SamplingFixtures.violation(slow, vocab: SamplingFixtures.modelConfig.vocabSize) == nil)
        c.entropyBound = 1000
        let fast = try makeSampler(model: SamplingFixtures.model(), config: c, problem: problem, seed: 1).run()
        #expect(fast.steps.count == c.blockCount)
        #expect(fast.steps.allSatisfy { $0.rows.allSatisfy { $0.commits.count == c.effectiveBlockLength } })
    }

    /// Positions are committed lowest entropy first: with scripted logits, the sure positions
    /// go in the first step and the unsure one waits.
    @Test func sureTokensGoFirst() throws {
        // Positions 3…6 (one block of 4): 3 and 5 nearly certain, 4 and 6 uniform.
        let source = SamplingFixtures.source(vocab: 13) { i in
            (0..<13).map { v in (i == 3 || i == 5) && v == 2 ? 30 : 0 }
        }
        var c = SamplingFixtures.config(.eb)
        c.generationLength = 4
        c.blockLength = 4
        c.entropyBound = 0.5
        let t = try makeSampler(
            SamplingCore(
                network: LogitsSource(
                    vocabSize: 13, maxSeqLen: 40, maxRows: 4096,
                    forward: source.forward),
                config: c, problem: SamplingProblem(rows: 1, prompt: SamplingFixtures.prompt),
                seed: 0, start: nil)
        ).run()
        // Entropies ≈ 0, 0, ln 13, ln 13: three fit under γ = 0.5 (0 + 0 + 2.56 − 2.56), ties by position.
        #expect(t.steps[0].rows[0].commits.map(\.position) == [3, 5, 4])
        #expect(t.steps.count == 2)
    }
}
