import Foundation
import MaskedDiffusion

/// `unmask-bench cache --model DIR`: LLaDA block decoding of a text model with no cache, the
/// prefix cache and the dual cache (docs/methods.md §1.6), alternated prompt by prompt in one run.
/// Per mode: seconds per sample, NFE, compute in pass equivalents, and the negative ELBO per token
/// of the generated continuations scored by the uncached model (`ContinuationEvaluator`: same
/// masks for every mode), so a cache that speeds sampling up by degrading the samples shows it.
enum CacheBench {
    struct Options {
        var model = "Examples/models/text"
        var corpus = "Examples/data/corpus.txt"
        var length = 128
        var block = 32
        var prompts = 8
        var promptTokens = 16
        var units = ContinuationEvaluator.defaultUnits

        init(arguments: [String]) throws {
            var it = arguments.makeIterator()
            while let a = it.next() {
                let v = try CompareBench.value(a, it.next())
                switch a {
                case "--model": model = v
                case "--corpus": corpus = v
                case "--length": length = try int(a, v)
                case "--block": block = try int(a, v)
                case "--prompts": prompts = try int(a, v)
                case "--prompt-tokens": promptTokens = try int(a, v)
                case "--units": units = try int(a, v)
                default: throw BenchError("unknown option \(a)")
                }
            }
        }

        private func int(_ flag: String, _ v: String) throws -> Int {
            guard let n = Int(v), n > 0 else { throw BenchError("\(flag) needs a positive integer, got '\(v)'") }
            return n
        }
    }

    struct Figures {
        var seconds: [Double] = []
        var nfe: [Double] = []
        var passes: [Double] = []
        var nelboPerToken: [Double] = []
    }

    static func run(arguments: [String]) throws {
        let o = try Options(arguments: arguments)
        let loaded = try LoadedModel(path: o.model)
        guard case .text(let tokenizer) = loaded.tokenizer else { throw BenchError("\(o.model) is not a text model") }
        let T = o.promptTokens + o.length
        guard T <= loaded.params.config.maxSeqLen else {
            throw BenchError(
                "\(o.model) holds \(loaded.params.config.maxSeqLen) positions; prompt \(o.promptTokens) + length \(o.length) = \(T)"
            )
        }
        let prompts = try Self.prompts(o, tokenizer: tokenizer)
        let network = try loaded.network(rows: 1, seqLen: T, threads: 1)
        let scorer = ELBOEvaluator(model: try loaded.network(rows: 16, seqLen: T, threads: 1))
        emit(
            "cache: \(o.model), \(prompts.count) prompts of \(o.promptTokens) tokens, LLaDA greedy, length \(o.length), "
                + "block \(o.block), one token per step; NELBO/token by the uncached model (\(o.units) count-estimator units)")
        let modes = KVCacheMode.allCases
        var figures = [KVCacheMode: Figures]()
        for (i, prompt) in prompts.enumerated() {
            for mode in modes {
                var c = SamplerConfig()
                c.generationLength = o.length
                c.steps = o.length
                c.blockLength = o.block
                c.cache = mode
                let r = try ContinuationEvaluator.evaluate(
                    model: network, scorer: scorer, prompts: [prompt], config: c, batchSize: 1, seed: UInt64(i),
                    units: o.units)
                var f = figures[mode] ?? Figures()
                f.seconds.append(r.seconds)
                f.nfe.append(r.meanNFE)
                f.passes.append(r.meanPassEquivalents)
                f.nelboPerToken.append(r.nelboPerToken)
                figures[mode] = f
            }
        }
        let base = figures[.none]!
        emit(
            pad("cache", 8) + pad("s/sample", 10) + pad("speed", 8) + pad("NFE", 6) + pad("passes", 8) + pad("NELBO/tok", 11)
                + "vs none")
        for mode in modes {
            let f = figures[mode]!
            emit(
                pad(mode.rawValue, 8) + pad(fmt(median(f.seconds), 3), 10)
                    + pad(fmt(median(base.seconds) / median(f.seconds), 2) + "×", 8)
                    + pad(fmt(mean(f.nfe), 0), 6) + pad(fmt(mean(f.passes), 1), 8) + pad(fmt(mean(f.nelboPerToken), 3), 11)
                    + fmt(100 * (mean(f.nelboPerToken) / mean(base.nelboPerToken) - 1), 1) + "%")
        }
    }

    /// `prompts` windows of `promptTokens` tokens spread evenly over the corpus.
    static func prompts(_ o: Options, tokenizer: any TextTokenizer) throws -> [[Int32]] {
        let text = try String(contentsOfFile: o.corpus, encoding: .utf8)
        let ids = try tokenizer.encode(text)
        guard ids.count >= o.prompts * o.promptTokens else { throw BenchError("\(o.corpus) is too short for the prompts") }
        let stride = (ids.count - o.promptTokens) / o.prompts
        return (0..<o.prompts).map { Array(ids[$0 * stride..<$0 * stride + o.promptTokens]) }
    }

    static func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(max(xs.count, 1)) }
}
