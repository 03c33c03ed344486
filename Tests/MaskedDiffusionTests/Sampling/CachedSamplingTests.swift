import Testing

@testable import MaskedDiffusion

/// Block decoding with Fast-dLLM's key/value cache: which steps refill, which positions the
/// others compute, what that costs, and that the cache changes nothing where it is exact.
struct CachedSamplingTests {
    private static func model(layers: Int) -> Transformer {
        var c = SamplingFixtures.modelConfig
        c.nLayers = layers
        return Transformer(params: TestModels.randomParameters(c, seed: 11, std: 0.5), maxRows: 16 * 40)
    }

    private static func run(
        _ config: SamplerConfig, layers: Int = 2, prompts: [[Int32]] = [[1, 2, 3], [4, 5, 6]], seed: UInt64 = 5
    ) throws -> (Trajectory, SamplerStatistics) {
        let sampler = try makeSampler(
            model: model(layers: layers), config: config, problem: SamplingProblem(prompts: prompts), seed: seed)
        return (sampler.run(), sampler.statistics)
    }

    private static func config(_ strategy: SamplingStrategy, cache: KVCacheMode, refresh: Int = 0) -> SamplerConfig {
        var c = SamplingFixtures.config(strategy)
        c.generationLength = 16
        c.steps = 16
        c.cache = cache
        c.cacheRefresh = refresh
        return c
    }

    /// With one layer a cached key depends on its own token only, and cached positions do not
    /// change inside a block, so every mode reproduces the uncached trajectory exactly.
    @Test(arguments: [
        (SamplingStrategy.llada, KVCacheMode.prefix), (.llada, .dual), (.threshold, .prefix), (.threshold, .dual), (.eb, .dual)
    ])
    func oneLayerCachedTrajectoryIsTheUncachedOne(strategy: SamplingStrategy, cache: KVCacheMode) throws {
        var guided = Self.config(strategy, cache: cache)
        guided.cfgScale = 0.5
        for c in [Self.config(strategy, cache: cache), guided] {
            var plain = c
            plain.cache = .none
            let (cached, _) = try Self.run(c, layers: 1)
            let (uncached, _) = try Self.run(plain, layers: 1)
            #expect(cached.steps.map { $0.rows.map(\.tokens) } == uncached.steps.map { $0.rows.map(\.tokens) })
        }
    }

    /// A row's first step in a block computes everything; its later steps only the window: the
    /// block and what follows (prefix) or the block alone (dual). Without a cache none is recorded.
    @Test(arguments: [KVCacheMode.prefix, .dual])
    func stepsRecordTheirComputedWindow(cache: KVCacheMode) throws {
        let c = Self.config(.llada, cache: cache)
        let (t, _) = try Self.run(c)
        let T = 3 + 16
        for step in t.steps {
            let block = step.rows[0].block
            let first = t.steps.first { $0.rows[0].block == block }!.index
            let lo = 3 + 4 * block
            let expected = step.index == first ? 0..<T : lo..<(cache == .dual ? lo + 4 : T)
            #expect(step.rows.allSatisfy { $0.computed == expected }, "step \(step.index)")
        }
        var plain = c
        plain.cache = .none
        #expect(try Self.run(plain).0.steps.allSatisfy { $0.rows.allSatisfy { $0.computed == nil } })
    }

    /// A refresh interval r refills at steps 0, r, 2r, … of each block.
    @Test func refreshRefillsEveryIntervalInsideABlock() throws {
        var c = Self.config(.llada, cache: .dual, refresh: 2)
        c.blockLength = 8
        let (t, _) = try Self.run(c)
        let fills = t.steps.filter { $0.rows[0].computed == 0..<19 }.map(\.index)
        #expect(fills == [0, 2, 4, 6, 8, 10, 12, 14])
    }

    /// The plan's pass equivalents are the positions a run computes, in sequence lengths, and the
    /// cache does cut them (guided runs count both passes).
    @Test(arguments: [KVCacheMode.none, .prefix, .dual], [0.0, 1.0])
    func planPassEquivalentsAreWhatTheRunComputes(cache: KVCacheMode, cfg: Double) throws {
        var c = Self.config(.llada, cache: cache)
        c.cfgScale = cfg
        let (t, stats) = try Self.run(c, prompts: [[1, 2, 3]])
        let plan = c.plan(promptLength: 3)
        #expect(abs(plan.passEquivalents - Double(stats.computedPositions) / 19) < 1e-9)
        #expect(plan.nfe == Double(t.steps.last!.rows[0].nfe))
        // Blocks of 4 over 19 positions, 4 steps each: prefix saves the prompt and finished
        // blocks, dual everything but the block (1 + 3·4/19 of 4 passes per block).
        switch cache {
        case .none: #expect(plan.passEquivalents == plan.nfe)
        case .prefix: #expect(plan.passEquivalents < 0.75 * plan.nfe)
        case .dual: #expect(abs(plan.passEquivalents - plan.nfe * (1 + 3 * 4 / 19.0) / 4) < 1e-9)
        }
    }

    /// With more layers the cache is an approximation, but a sample of a trained-free random model
    /// still completes with every invariant intact, and strategies that do not decode in blocks
    /// neither read nor accept a cache.
    @Test func deeperCachedRunsKeepTheInvariantsAndOnlyBlockStrategiesReadTheKnob() throws {
        let (t, _) = try Self.run(Self.config(.threshold, cache: .prefix))
        #expect(SamplingFixtures.violation(t, vocab: SamplingFixtures.modelConfig.vocabSize) == nil)
        var radd = SamplingFixtures.config(.radd)
        radd.cache = .dual
        #expect(!radd.reads(.cache) && !radd.usesCache)
        let (r, _) = try Self.run(radd)
        #expect(r.steps.allSatisfy { $0.rows.allSatisfy { $0.computed == nil } })
        var bad = Self.config(.llada, cache: .dual)
        bad.cacheRefresh = -1
        #expect(bad.problems(vocabSize: 13).contains { $0.contains("cache_refresh") })
    }
}
