import MaskedDiffusion
import Testing

@testable import ESPO

/// The coupled training ELBO's masks (docs/methods.md §4.2) and their keying (docs/methods.md §4.12).
@Suite(.serialized) struct ESPOMaskTests {
    let sequences = TinyRL.sequences(4, seed: 1)
    let P = TinyRL.promptLength, L = TinyRL.completionLength

    func key(iteration: Int, round: Int = 3, microBatch: Int = 1) -> MaskKey {
        MaskKey(seed: 7, round: round, microBatch: microBatch, iteration: iteration)
    }

    @Test func countsAreStratifiedOverTheMicroBatch() {
        // L + 1 = 6, B = 4: n_b = round(k + 1.5·b) mod 6.
        #expect(CoupledPairs.counts(k: 0, strata: 4, completionLength: 5) == [0, 2, 3, 5])
        #expect(CoupledPairs.counts(k: 4, strata: 4, completionLength: 5) == [4, 0, 1, 3])
    }

    @Test func everyCompletionTokenIsScoredOncePerPairWithItsCoupledWeight() {
        let M = 2
        let batch = CoupledELBO.batch(sequences, promptLength: P, maskId: TinyRL.maskId, numMC: M, key: key(iteration: 0))
        let T = P + L
        var scored = [Int](repeating: 0, count: sequences.count * L)
        for r in 0..<batch.input.batch {
            let row = r * T..<(r + 1) * T
            let masked = row.filter { batch.input.tokens[$0] == TinyRL.maskId }
            #expect(masked.allSatisfy { $0 - r * T >= P }, "the prompt is never masked")
            #expect(masked.allSatisfy { batch.weights[$0] > 0 } && row.filter { batch.weights[$0] > 0 }.count == masked.count)
            // A row masking n of L tokens weighs each ½·(1/M)·(L+1)/n.
            if let first = masked.first {
                #expect(abs(Double(batch.weights[first]) - 0.5 / Double(M) * Double(L + 1) / Double(masked.count)) < 1e-6)
            }
            for i in masked {
                #expect(batch.targets[i] == sequences[Int(batch.slots[i]) / L][P + Int(batch.slots[i]) % L])
                scored[Int(batch.slots[i])] += 1
            }
        }
        #expect(scored == [Int](repeating: M, count: sequences.count * L))
    }

    @Test func masksAreAPureFunctionOfTheKeyAndFreshPerIteration() {
        for kind in [LikelihoodKind.coupledELBO, .meanField] {
            let a = kind.batch(sequences, promptLength: P, maskId: TinyRL.maskId, numMC: 2, key: key(iteration: 1))
            let b = kind.batch(sequences, promptLength: P, maskId: TinyRL.maskId, numMC: 2, key: key(iteration: 1))
            #expect(a.input.tokens == b.input.tokens && a.weights == b.weights && a.slots == b.slots, "\(kind)")
            let others = [key(iteration: 2), key(iteration: 1, round: 4), key(iteration: 1, microBatch: 0)]
            for k in others {
                let c = kind.batch(sequences, promptLength: P, maskId: TinyRL.maskId, numMC: 2, key: k)
                #expect(c.input.tokens != a.input.tokens, "\(kind): \(k) drew the same masks")
            }
        }
    }

    @Test func meanFieldMasksTheWholeCompletionAndSomeOfThePrompt() {
        let many = TinyRL.sequences(200, seed: 2)
        let batch = MeanFieldLogProbs.batch(many, promptLength: P, maskId: TinyRL.maskId, key: key(iteration: 0))
        let T = P + L
        var promptMasked = 0
        for r in 0..<many.count {
            for i in 0..<P where batch.input.tokens[r * T + i] == TinyRL.maskId { promptMasked += 1 }
            for k in 0..<L {
                #expect(batch.input.tokens[r * T + P + k] == TinyRL.maskId && batch.weights[r * T + P + k] == 1)
            }
        }
        // 600 prompt tokens at p = 0.15: 90 expected, σ ≈ 8.7.
        #expect(abs(promptMasked - 90) < 35)
    }

    /// Same weights, same batch → the current, old and reference passes agree bit for bit, so the
    /// ratio and the KL are exactly 1 and 0 before the weights move.
    @Test func identicalWeightsOnTheSharedBatchGiveIdenticalEstimates() {
        BLAS.setThreads(1)
        let params = TinyRL.parameters(seed: 2)
        let batch = CoupledELBO.batch(sequences, promptLength: P, maskId: TinyRL.maskId, numMC: 1, key: key(iteration: 0))
        let current = TinyRL.values(params, batch, threads: 2)
        #expect(TinyRL.values(params.copy(), batch, threads: 2) == current)
        let out = ESPOObjective(hyper: PolicyHyper(beta: 0.1, epsilonLow: 0.2, epsilonHigh: 0.2, kl: .k2))
            .evaluate(
                ObjectiveInput(
                    current: current, old: current, reference: current, advantages: [1, 0, -1, 0.5],
                    completionMask: [Bool](repeating: true, count: 4 * L), sequences: 4, completionLength: L))
        #expect(out.metrics.ratioMin == 1 && out.metrics.ratioMax == 1 && out.metrics.kl == 0)
    }
}
