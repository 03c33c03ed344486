/// Scores masked rows with the network and turns them into ELBO estimates.
///
/// Rows of many units are packed into one network call (up to the model's `maxRows` tokens),
/// so the cost is counted in *rows* (sequence evaluations), the unit the papers' NFE uses.
public final class ELBOEvaluator: @unchecked Sendable {
    public struct Result: Sendable, Codable, Equatable {
        /// Negative ELBO of the completion in nats (an upper bound on −log p), and its standard error.
        public var nelbo: Double
        public var standardError: Double
        /// I.i.d. units drawn and network rows evaluated.
        public var units: Int
        public var networkRows: Int
        /// Completion length L (the number of scored tokens per sequence).
        public var tokens: Int

        public var bitsPerToken: Double { nelbo / (Double(tokens) * _log(2)) }
        public var bitsPerTokenError: Double { standardError / (Double(tokens) * _log(2)) }
    }

    private let network: LogitsSource
    private let maskId: Int32
    private let logits: Tensor

    public init(network: LogitsSource, maskId: Int32) {
        self.network = network
        self.maskId = maskId
        logits = Tensor(shape: [network.maxRows, network.vocabSize])
    }

    public convenience init(model: Transformer) {
        self.init(network: LogitsSource(model), maskId: Int32(model.config.maskTokenId))
    }

    /// E[s] = Σ w·CE for each estimate of `batch` (nats), in network calls of at most `maxRows` tokens.
    public func score(_ batch: MaskedBatch) -> [Double] {
        let T = batch.input.seqLen
        let perCall = Swift.max(1, network.maxRows / T)
        var totals = [Double](repeating: 0, count: batch.estimates)
        var start = 0
        while start < batch.input.batch {
            let rows = start..<Swift.min(start + perCall, batch.input.batch)
            let span = rows.lowerBound * T..<rows.upperBound * T
            // Only the positions with a weight enter the sum; the network may skip the rest.
            let scored = batch.weights[span].map { $0 != 0 }
            network.forward(
                TokenBatch(tokens: Array(batch.input.tokens[span]), batch: rows.count, seqLen: T, scored: scored), logits)
            batch.addCrossEntropy(rows: rows, logits: logits.data, vocabSize: network.vocabSize, into: &totals)
            start = rows.upperBound
        }
        return totals
    }
}

extension ELBOEvaluator {
    /// The estimate from `units` i.i.d. units; unit u draws its masks from
    /// `RNG(seed:, stream: .evaluation, path: [u])`, so results do not depend on how units are batched.
    public func estimate(
        sequence: [Int32], prefixLength: Int = 0, estimator: ELBOEstimator, units: Int,
        group: Int = 8, seed: UInt64
    ) -> Result {
        var mean = RunningMean()
        var rowsUsed = 0
        accumulate(
            into: &mean, networkRows: &rowsUsed, sequence: sequence, prefixLength: prefixLength,
            estimator: estimator, units: 0..<units, group: group, seed: seed)
        return Result(
            nelbo: mean.mean, standardError: mean.standardError, units: mean.count, networkRows: rowsUsed,
            tokens: sequence.count - prefixLength)
    }

    /// Adds units `units` (indices into the seed's unit stream) to a running estimate: the
    /// workbench calls this a few units at a time to show the estimate converging.
    public func accumulate(
        into mean: inout RunningMean, networkRows: inout Int, sequence: [Int32], prefixLength: Int,
        estimator: ELBOEstimator, units: Range<Int>, group: Int, seed: UInt64
    ) {
        let perUnit = estimator.rowsPerUnit(group: group)
        let unitsPerCall = Swift.max(1, network.maxRows / sequence.count / perUnit)
        var u = units.lowerBound
        while u < units.upperBound {
            let chunk = u..<Swift.min(u + unitsPerCall, units.upperBound)
            var batch = MaskedBatch(seqLen: sequence.count, estimates: chunk.count, capacityRows: chunk.count * perUnit)
            for (j, index) in chunk.enumerated() {
                var rng = RNG(seed: seed, stream: .evaluation, path: [UInt64(index)])
                estimator.appendUnit(
                    to: &batch, estimate: j, sequence: sequence, prefixLength: prefixLength, maskId: maskId,
                    group: group, rng: &rng)
            }
            for estimate in score(batch) { mean.add(estimate) }
            networkRows += batch.input.batch
            u = chunk.upperBound
        }
    }

    /// The exact negative ELBO by enumerating every non-empty masked subset S of the completion:
    /// Σ_S (1/|S|) / C(L, |S|) · Σ_{i∈S} CE_i — equivalently the any-order autoregressive NLL
    /// averaged over all generation orders (RADD). 2^L − 1 rows, so only for short completions.
    public func exact(sequence: [Int32], prefixLength: Int = 0) -> Double {
        let L = sequence.count - prefixLength
        precondition(L >= 1 && L <= 16, "exact enumeration needs 1 ≤ L ≤ 16 (got \(L))")
        var binomial = [Double](repeating: 1, count: L + 1)
        for k in 1...L { binomial[k] = binomial[k - 1] * Double(L - k + 1) / Double(k) }
        var batch = MaskedBatch(seqLen: sequence.count, estimates: 1, capacityRows: (1 << L) - 1)
        for bits in 1..<(1 << L) {
            let masked = (0..<L).map { bits & (1 << $0) != 0 }
            let size = bits.nonzeroBitCount
            batch.append(
                sequence, prefixLength: prefixLength, masked: masked, weight: Float(1 / (Double(size) * binomial[size])),
                maskId: maskId, estimate: 0)
        }
        return score(batch)[0]
    }
}
