import MaskedDiffusion

/// Every weight product of one forward pass, in order: each layer's q/k/v, o, gate/up and down,
/// then the head, as (parameter offset of the weight [out, in], in, out). The floors of
/// `unmask-bench sample` and `unmask-bench train` time these alone.
func weightProducts(_ params: ModelParameters) -> [(weight: Int, in: Int, out: Int)] {
    let c = params.config
    var all: [(weight: Int, in: Int, out: Int)] = []
    for p in params.layout.layers {
        all.append((p.qkv, c.dModel, c.qkvWidth))
        all.append((p.o, c.queryWidth, c.dModel))
        all.append((p.gateUp, c.dModel, 2 * c.ffHidden))
        all.append((p.down, c.ffHidden, c.dModel))
    }
    all.append((params.layout.head, c.dModel, c.vocabSize))
    return all
}

/// A preset's weight products on random weights and inputs, timed one pass at a time: `inference`
/// multiplies as a forward-only network does (`ModelParameters.inferenceProduct`: the packed
/// kernel where it runs); otherwise as training does, each product with both of its backward
/// products (dX and dW, OpenBLAS). All batch·T rows, one thread.
final class ProductFloor {
    private let params: ModelParameters
    private let products: [(weight: Int, in: Int, out: Int)]
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

    /// Milliseconds of one pass over every product.
    func milliseconds() -> Double {
        let w = params.values.data
        let t0 = monotonicSeconds()
        for p in products {
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
