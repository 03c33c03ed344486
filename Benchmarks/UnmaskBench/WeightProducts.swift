import MaskedDiffusion

/// One weight product of a forward pass: the weight at parameter offset `weight` ([out, in]) on
/// each row. The bench's FLOP counts and the floors of `unmask-bench sample` and `unmask-bench
/// train` all read this one list.
struct WeightProduct {
    let weight: Int
    let inFeatures: Int
    let outFeatures: Int
    /// Above the last layer's attention: run only on the rows whose logits are read
    /// (`Transformer.lastTopRows`).
    let top: Bool

    /// Multiply-adds × 2 per row.
    var flopsPerRow: Double { 2 * Double(inFeatures) * Double(outFeatures) }

    /// Every weight product of one forward pass, in order: each layer's q/k/v, o, gate/up and down,
    /// then the head.
    static func all(_ c: ModelConfig) -> [WeightProduct] {
        let layout = ParameterLayout(c)
        var all: [WeightProduct] = []
        for (l, p) in layout.layers.enumerated() {
            let last = l == c.nLayers - 1
            all.append(WeightProduct(weight: p.qkv, inFeatures: c.dModel, outFeatures: c.qkvWidth, top: false))
            all.append(WeightProduct(weight: p.o, inFeatures: c.queryWidth, outFeatures: c.dModel, top: last))
            all.append(WeightProduct(weight: p.gateUp, inFeatures: c.dModel, outFeatures: 2 * c.ffHidden, top: last))
            all.append(WeightProduct(weight: p.down, inFeatures: c.ffHidden, outFeatures: c.dModel, top: last))
        }
        all.append(WeightProduct(weight: layout.head, inFeatures: c.dModel, outFeatures: c.vocabSize, top: true))
        return all
    }
}

/// A preset's weight products on random weights and inputs, timed one pass at a time: `inference`
/// multiplies as a forward-only network does (`ModelParameters.inferenceProduct`: the packed
/// kernel where it runs); otherwise as training does, each product with both of its backward
/// products (dX and dW, OpenBLAS). All batch·T rows, or as many as a step ran them on for the top
/// products; one thread.
final class ProductFloor {
    private let params: ModelParameters
    private let products: [WeightProduct]
    private let rows: Int
    private let inference: Bool
    private let x, y, dx, grads: Tensor
    /// GFLOP of one pass on all rows.
    let gflop: Double

    init(_ preset: EnginePreset, batch: Int, inference: Bool) {
        BLAS.setThreads(1)
        params = ModelParameters(config: preset.config)
        params.initialize(seed: 0)
        products = WeightProduct.all(preset.config)
        rows = batch * preset.seqLen
        self.inference = inference
        gflop = products.reduce(0) { $0 + $1.flopsPerRow } * Double(rows) / 1e9
        let widest = products.map { Swift.max($0.inFeatures, $0.outFeatures) }.max() ?? 1
        x = Tensor(shape: [rows, widest])
        y = Tensor(shape: [rows, widest])
        dx = Tensor(shape: [inference ? 0 : rows, widest])
        grads = Tensor(shape: [inference ? 0 : params.layout.totalCount])
        x.data.update(repeating: 0.01, count: x.count)
        y.data.update(repeating: 0.01, count: y.count)
        _ = milliseconds()  // warm-up: the packed copy of the weights is made here
    }

    /// Milliseconds of one pass over every product, the top ones on `topRows` rows (default all).
    func milliseconds(topRows: Int? = nil) -> Double {
        let w = params.values.data
        let t0 = monotonicSeconds()
        for p in products {
            let rows = p.top ? Swift.min(topRows ?? self.rows, self.rows) : self.rows
            let (i, o) = (p.inFeatures, p.outFeatures)
            if inference {
                params.inferenceProduct(x.data, weight: p.weight, y.data, rows: rows, in: i, out: o)
            } else {
                BLAS.linear(x.data, w + p.weight, y.data, rows: rows, in: i, out: o)
                BLAS.linearBackward(
                    dy: y.data, x: x.data, w: w + p.weight, dx: dx.data, dw: grads.data + p.weight, rows: rows,
                    in: i, out: o)
            }
        }
        return (monotonicSeconds() - t0) * 1000
    }
}
