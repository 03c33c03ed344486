import MaskedDiffusion
import Testing

@testable import Workbench

struct ScheduleKnobTests {
    @Test func visibleKnobsFollowTheStrategy() {
        var c = SamplerConfig.defaults(for: .llada)
        #expect(ScheduleKnob.visible(for: c).contains(.remasking))
        #expect(!ScheduleKnob.visible(for: c).contains(.maskSchedule))
        c.strategy = .emigm
        #expect(ScheduleKnob.visible(for: c).contains(.maskSchedule))
        #expect(!ScheduleKnob.visible(for: c).contains(.remasking))
        c.strategy = .radd
        #expect(ScheduleKnob.visible(for: c).contains(.reveal))
        #expect(!ScheduleKnob.visible(for: c).contains(.cfg))
    }

    /// The editor once showed knobs the sampler ignores: steps and remasking for threshold
    /// decoding, top-k/top-p and the guidance ramp for LLaDA. Now it asks `SamplerConfig.reads`.
    @Test func noKnobIsShownThatTheSamplerIgnores() {
        let threshold = ScheduleKnob.visible(for: .defaults(for: .threshold))
        #expect(!threshold.contains(.steps) && !threshold.contains(.remasking))
        #expect(threshold.contains(.threshold) && threshold.contains(.block))
        let llada = ScheduleKnob.visible(for: .defaults(for: .llada))
        #expect(!llada.contains(.topK) && !llada.contains(.topP) && !llada.contains(.cfgSchedule))
        let emigm = ScheduleKnob.visible(for: .defaults(for: .emigm))
        #expect(emigm.contains(.cfgSchedule) && !emigm.contains(.topK))
        for strategy in SamplingStrategy.allCases {
            let c = SamplerConfig.defaults(for: strategy)
            for knob in ScheduleKnob.allCases { #expect(knob.applies(to: c) == (knob.field.map(c.reads) ?? true)) }
        }
    }

    @Test func adjustStepsCyclesAndClamps() {
        var c = SamplerConfig.defaults(for: .llada)
        var seed: UInt64 = 7
        c.steps = 4
        ScheduleKnob.steps.adjust(&c, seed: &seed, by: 1)
        #expect(c.steps == 5)
        c.steps = 128
        ScheduleKnob.steps.adjust(&c, seed: &seed, by: 1)
        #expect(c.steps == 160)
        c.steps = 1
        ScheduleKnob.steps.adjust(&c, seed: &seed, by: -1)
        #expect(c.steps == 1)
        ScheduleKnob.remasking.adjust(&c, seed: &seed, by: 1)
        #expect(c.remasking == .random)
        ScheduleKnob.remasking.adjust(&c, seed: &seed, by: -1)
        ScheduleKnob.remasking.adjust(&c, seed: &seed, by: -1)
        #expect(c.remasking == Remasking.allCases.last)
        ScheduleKnob.temperature.adjust(&c, seed: &seed, by: -1)
        #expect(c.temperature == 0)
        ScheduleKnob.seed.adjust(&c, seed: &seed, by: 1)
        #expect(seed == 8)
    }

    @Test func blockStepsUpToOff() {
        var c = SamplerConfig.defaults(for: .llada)
        var seed: UInt64 = 0
        c.generationLength = 8
        c.blockLength = 7
        ScheduleKnob.block.adjust(&c, seed: &seed, by: 1)
        #expect(c.blockLength == nil)
        #expect(ScheduleKnob.block.value(c, seed: seed) == "off")
        ScheduleKnob.block.adjust(&c, seed: &seed, by: -1)
        #expect(c.blockLength == 7)
    }

    @Test func typedValuesParseOrSayWhatIsAccepted() throws {
        var c = SamplerConfig.defaults(for: .llada)
        var seed: UInt64 = 0
        try ScheduleKnob.steps.set(&c, seed: &seed, from: " 32 ")
        #expect(c.steps == 32)
        try ScheduleKnob.remasking.set(&c, seed: &seed, from: "margin")
        #expect(c.remasking == .margin)
        try ScheduleKnob.block.set(&c, seed: &seed, from: "off")
        #expect(c.blockLength == nil)
        try ScheduleKnob.maskSchedule.set(&c, seed: &seed, from: "poly:2")
        #expect(c.maskSchedule.name == "poly:2")
        #expect(throws: KnobError.self) { try ScheduleKnob.steps.set(&c, seed: &seed, from: "0") }
        do {
            try ScheduleKnob.remasking.set(&c, seed: &seed, from: "loud")
            Issue.record("accepted an unknown remasking")
        } catch {
            #expect(error.description == "remasking: 'loud' is not low-confidence, random, margin, entropy")
        }
        #expect(c.steps == 32)
    }

    /// The guidance knob takes the sampler's own range, typed or stepped; an out-of-range number
    /// is called that (it once read "'1e38' is not a number"), and −0 is 0.
    @Test func numbersOutOfRangeAreCalledSo() throws {
        var c = SamplerConfig.defaults(for: .llada)
        var seed: UInt64 = 0
        #expect(throws: KnobError(knob: .cfg, text: "1e38", expected: "within 0…100")) {
            try ScheduleKnob.cfg.set(&c, seed: &seed, from: "1e38")
        }
        #expect(throws: KnobError(knob: .cfg, text: "x", expected: "a number in 0…100")) {
            try ScheduleKnob.cfg.set(&c, seed: &seed, from: "x")
        }
        try ScheduleKnob.cfg.set(&c, seed: &seed, from: "100")
        ScheduleKnob.cfg.adjust(&c, seed: &seed, by: 1)
        #expect(c.cfgScale == SamplerConfig.cfgScaleRange.upperBound)
        try ScheduleKnob.temperature.set(&c, seed: &seed, from: "-0")
        #expect(c.temperature == 0 && c.temperature.sign == .plus)
    }

    @Test func eosKnobsTakeListsAndSwitches() throws {
        var c = SamplerConfig.defaults(for: .llada)
        var seed: UInt64 = 0
        try ScheduleKnob.eos.set(&c, seed: &seed, from: "3, 7")
        #expect(c.eosTokenIds == [3, 7])
        #expect(ScheduleKnob.eos.value(c, seed: seed) == "3,7")
        try ScheduleKnob.eos.set(&c, seed: &seed, from: "none")
        #expect(c.eosTokenIds.isEmpty)
        #expect(throws: KnobError.self) { try ScheduleKnob.eos.set(&c, seed: &seed, from: "3,x") }
        ScheduleKnob.forbidEOS.adjust(&c, seed: &seed, by: 1)
        #expect(c.forbidEOS)
        try ScheduleKnob.eosLast.set(&c, seed: &seed, from: "on")
        #expect(c.eosConfidenceLast)
        #expect(throws: KnobError.self) { try ScheduleKnob.eosLast.set(&c, seed: &seed, from: "maybe") }
        // Every SamplerConfig field the samplers read has a knob on some strategy.
        let shown = Set(
            SamplingStrategy.allCases.flatMap { s -> [ScheduleKnob] in
                var config = SamplerConfig.defaults(for: s)
                config.strategy = s
                config.cache = .dual  // the refresh interval shows only with a cache
                return ScheduleKnob.visible(for: config)
            })
        #expect(shown == Set(ScheduleKnob.allCases))
    }

    /// A Hugging Face folder whose mask sits inside its vocabulary (a Qwen3 folder: mask 3 of
    /// 600 rows): end-of-sequence ids are typed and shown as its tokenizer numbers them. They
    /// were the engine's, so the folder's last token was refused and its mask accepted.
    @Test func eosIdsAreTheModelsOwn() throws {
        let map = TokenIdMap(rows: 600, fileMaskId: 3)
        var c = SamplerConfig(), seed: UInt64 = 0
        try ScheduleKnob.eos.set(&c, seed: &seed, from: "599,2", ids: map)
        #expect(c.eosTokenIds == [598, 2])
        #expect(c.problems(vocabSize: 599).isEmpty)
        #expect(ScheduleKnob.eos.value(c, seed: seed, ids: map) == "599,2")
        c.eosTokenIds = [126_081]  // a replayed file's id past the model: shown as it is
        #expect(ScheduleKnob.eos.value(c, seed: seed, ids: map) == "126081")
        #expect(throws: KnobError.self) { try ScheduleKnob.eos.set(&c, seed: &seed, from: "3", ids: map) }
        #expect(throws: KnobError.self) { try ScheduleKnob.eos.set(&c, seed: &seed, from: "600", ids: map) }
    }
}
