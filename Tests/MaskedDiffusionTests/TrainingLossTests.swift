import Testing

@testable import MaskedDiffusion

/// Each training loss against a brute-force evaluation of its formula on a tiny case, plus the
/// statistics of its forward (masking) process.
@Suite(.serialized) struct TrainingLossTests {
    let config = TestModels.tinyConfig
    var maskId: Int32 { Int32(config.maskTokenId) }

    /// The engine's weighted loss for `mb`, and Double CE per position computed naively from logits.
    func evaluate(_ mb: MaskedBatch) -> (engine: Double, ce: [Double]) {
        let params = TestModels.randomParameters(config, seed: 21)
        let model = Transformer(params: params, maxRows: mb.input.rows)
        let logits = Tensor(shape: [mb.input.rows, config.vocabSize])
        model.forward(mb.input, into: logits)
        let V = config.vocabSize
        let ce = (0..<mb.input.rows).map { r -> Double in
            let z = (0..<V).map { Double(logits[r * V + $0]) }
            let m = z.max()!
            return m + _log(z.reduce(0) { $0 + _exp($1 - m) }) - z[Int(mb.targets[r])]
        }
        let engine = model.lossAndGradients(
            mb.input, targets: mb.targets, weights: mb.weights,
            grads: Tensor(shape: [params.layout.totalCount]))
        return (engine, ce)
    }

    func clean(_ rows: Int, seed: UInt64) -> [Int32] {
        var rng = RNG(seed: seed, stream: .data)
        return (0..<rows).map { _ in Int32(rng.int(below: config.vocabSize)) }
    }

    @Test func pretrainingLossIsInverseProbabilityWeightedCEOverAllTokens() {
        let (B, N) = (3, 6)
        var rng = RNG(seed: 1, stream: .masks)
        let mb = PretrainingLoss.mask(clean(B * N, seed: 1), batch: B, seqLen: N, maskId: maskId, rng: &rng)
        let (engine, ce) = evaluate(mb)
        var expected = 0.0
        for b in 0..<B {
            let masked = (b * N..<(b + 1) * N).filter { mb.input.tokens[$0] == maskId }
            #expect(Set(masked.map { mb.weights[$0] }).count <= 1, "one p per sequence")
            for i in b * N..<(b + 1) * N where !masked.contains(i) {
                #expect(mb.weights[i] == 0 && mb.input.tokens[i] == mb.targets[i])
            }
            guard let w = masked.first.map({ mb.weights[$0] }) else { continue }
            let p = 1 / (Double(w) * Double(B * N))
            #expect(p >= 1e-3 - 1e-6 && p <= 1 + 1e-6)
            expected += masked.reduce(0) { $0 + ce[$1] / p }
        }
        expected /= Double(B * N)
        #expect(abs(engine - expected) < 1e-5 * expected)
    }

    @Test func pretrainingMaskRateFollowsUniformT() {
        var rng = RNG(seed: 2, stream: .masks)
        let (B, N) = (200, 50)
        var fractions: [Double] = []
        for _ in 0..<5 {
            let mb = PretrainingLoss.mask([Int32](repeating: 0, count: B * N), batch: B, seqLen: N, maskId: maskId, rng: &rng)
            for b in 0..<B {
                fractions.append(Double((b * N..<(b + 1) * N).filter { mb.input.tokens[$0] == maskId }.count) / Double(N))
            }
        }
        let mean = fractions.reduce(0, +) / Double(fractions.count)
        #expect(abs(mean - 0.5) < 0.03, "mean masked fraction \(mean) for t ~ U(0,1)")
        let below = Double(fractions.filter { $0 < 0.25 }.count) / Double(fractions.count)
        #expect(abs(below - 0.25) < 0.05, "P(fraction < 0.25) = \(below)")
    }

    @Test func sftNeverMasksThePromptAndNormalisesPerResponse() {
        let N = 6, prompts = [2, 4, 0]
        let B = prompts.count
        var rng = RNG(seed: 3, stream: .masks)
        // Several draws so every row gets masked tokens at least once.
        for _ in 0..<5 {
            let mb = SFTLoss.mask(clean(B * N, seed: 3), promptLengths: prompts, seqLen: N, maskId: maskId, rng: &rng)
            let (engine, ce) = evaluate(mb)
            var expected = 0.0
            for b in 0..<B {
                for i in b * N..<(b * N + prompts[b]) { #expect(mb.input.tokens[i] == mb.targets[i] && mb.weights[i] == 0) }
                let L = Double(N - prompts[b])
                let masked = (b * N + prompts[b]..<(b + 1) * N).filter { mb.input.tokens[$0] == maskId }
                guard let w = masked.first.map({ mb.weights[$0] }) else { continue }
                let p = 1 / (Double(w) * L * Double(B))
                #expect(masked.allSatisfy { mb.weights[$0] == w })
                expected += masked.reduce(0) { $0 + ce[$1] / p } / L
            }
            expected /= Double(B)
            #expect(abs(engine - expected) < 1e-5 * max(expected, 1e-3))
        }
    }

    @Test func kdceMasksExactlyKWithWeightNOverK() {
        let (B, N, prefix) = (4, 6, 1)
        let n = N - prefix
        var rng = RNG(seed: 4, stream: .masks)
        let mb = KDCELoss.mask(clean(B * N, seed: 4), batch: B, seqLen: N, prefixLength: prefix, maskId: maskId, rng: &rng)
        let (engine, ce) = evaluate(mb)
        var expected = 0.0
        for b in 0..<B {
            #expect(mb.input.tokens[b * N] == mb.targets[b * N], "the prefix is never masked")
            let masked = (b * N + prefix..<(b + 1) * N).filter { mb.input.tokens[$0] == maskId }
            let k = masked.count
            #expect(k >= 1 && k <= n)
            #expect(masked.allSatisfy { abs(Double(mb.weights[$0]) - Double(n) / Double(k) / Double(B)) < 1e-6 })
            expected += Double(n) / Double(k) * masked.reduce(0) { $0 + ce[$1] } / Double(B)
        }
        #expect(abs(engine - expected) < 1e-5 * expected)

        // k is uniform on 1...n.
        var counts = [Int](repeating: 0, count: n + 1)
        for _ in 0..<2000 {
            let m = KDCELoss.mask(
                [Int32](repeating: 0, count: N), batch: 1, seqLen: N, prefixLength: prefix, maskId: maskId, rng: &rng)
            counts[m.input.tokens.filter { $0 == maskId }.count] += 1
        }
        #expect(counts[0] == 0)
        for k in 1...n { #expect(abs(Double(counts[k]) / 2000 - 1 / Double(n)) < 0.04, "P(k = \(k))") }
    }

    @Test(arguments: [false, true])
    func emigmMasksTheSameCountPerRow(weighted: Bool) {
        let (B, N) = (4, 6)
        var rng = RNG(seed: 5, stream: .masks)
        let options = EMIGMLoss.Options(schedule: .exp(rate: 5), tMin: 0.2, weighted: weighted, classDropProbability: 0)
        let (mb, count, p) = EMIGMLoss.mask(
            clean(B * N, seed: 5), batch: B, seqLen: N, prefixLength: 1, maskId: maskId,
            options: options, rng: &rng)
        #expect(p >= 0.2)
        let (engine, ce) = evaluate(mb)
        var expected = 0.0
        for b in 0..<B {
            #expect(mb.input.tokens[b * N] == mb.targets[b * N])
            let masked = (b * N + 1..<(b + 1) * N).filter { mb.input.tokens[$0] == maskId }
            #expect(masked.count == count)
            expected += masked.reduce(0) { $0 + ce[$1] }
        }
        expected /= Double(count * B)
        if weighted { expected *= MaskSchedule.exp(rate: 5).elboWeight(p) }
        #expect(abs(engine - expected) < 1e-5 * expected)
    }

    @Test func emigmMaskRatioFollowsTheScheduleAndDropsClasses() {
        var rng = RNG(seed: 6, stream: .masks)
        let (B, N) = (8, 65)
        var ratios: [Double] = [], dropped = 0
        for _ in 0..<300 {
            let (mb, count, p) = EMIGMLoss.mask(
                [Int32](repeating: 1, count: B * N), batch: B, seqLen: N, maskId: maskId,
                options: .init(), rng: &rng)
            ratios.append(Double(count) / 64 - MaskSchedule.exp(rate: 5).gamma(p))
            dropped += (0..<B).filter { mb.input.tokens[$0 * N] == maskId }.count
        }
        #expect(abs(ratios.reduce(0, +) / 300) < 0.01, "masked fraction − γ(p) averages to 0")
        #expect(abs(Double(dropped) / 2400 - 0.1) < 0.02, "class dropped with probability 0.1")
    }
}
