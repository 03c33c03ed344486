import MaskedDiffusion

/// Every weight product of one forward pass, in order: each layer's q/k/v, o, gate/up and down,
/// then the head, as (parameter offset of the weight [out, in], in, out, top). `top`: above the
/// last layer's attention, run only on the rows whose logits are read (`Transformer.lastTopRows`). The floors of `unmask-bench sample` and `unmask-bench
/// train` time these alone.
func weightProducts(_ params: ModelParameters) -> [(weight: Int, in: Int, out: Int, top: Bool)] {
    let c = params.config
    var all: [(weight: Int, in: Int, out: Int, top: Bool)] = []
    for (l, p) in params.layout.layers.enumerated() {
        let last = l == c.nLayers - 1
        all.append((p.qkv, c.dModel, c.qkvWidth, false))
        all.append((p.o, c.queryWidth, c.dModel, last))
        all.append((p.gateUp, c.dModel, 2 * c.ffHidden, last))
        all.append((p.down, c.ffHidden, c.dModel, last))
    }
    all.append((params.layout.head, c.dModel, c.vocabSize, true))
    return all
}

/// A preset's weight products on random weights and inputs, timed one pass at a time: `inference`
/// multiplies as a forward-only network does (`ModelParameters.inferenceProduct`: the packed
/// kernel where it runs); otherwise as training does, each product with both of its backward
/// products (dX and dW, OpenBLAS). All batch·T rows, or as many as a step ran them on for the top
/// products; one thread.
final class ProductFloor {
    private let params: ModelParameters
    private let products: [(weight: Int, in: Int, out: Int, top: Bool)]
    private let rows: Int
    private let inference: Bool
    private let x, y, dx, grads: Tensor

    init(_ preset: EnginePreset, batch: Int, inference: Bool) {
        BLAS.setThreads(1)
        params = ModelParameters(config: preset.config)
        params.initialize(seed: 0)
        products = weightProducts(params)
        rows = batch * preset.seqLen
        self.inference = inference
        let widest = products.map { Swift.max($0.in, $0.out) }.max() ?? 1
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
            if inference {
                params.inferenceProduct(x.data, weight: p.weight, y.data, rows: rows, in: p.in, out: p.out)
            } else {
                BLAS.linear(x.data, w + p.weight, y.data, rows: rows, in: p.in, out: p.out)
                BLAS.linearBackward(
                    dy: y.data, x: x.data, w: w + p.weight, dx: dx.data, dw: grads.data + p.weight, rows: rows,
                    in: p.in, out: p.out)
            }
        }
        return (monotonicSeconds() - t0) * 1000
    }
}
