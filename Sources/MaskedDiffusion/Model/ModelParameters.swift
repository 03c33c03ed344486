/// The weights of one model: a `ModelConfig`, its `ParameterLayout`, and one flat tensor.
public final class ModelParameters: @unchecked Sendable {
    public let config: ModelConfig
    public let layout: ParameterLayout
    /// Every weight, laid out as `layout` says: [layout.totalCount].
    public let values: Tensor

    /// Zero weights (norm gains included); use `initialize(seed:)` for a trainable start.
    public init(config: ModelConfig) {
        precondition(config.problems.isEmpty, config.problems.joined(separator: "; "))
        self.config = config
        self.layout = ParameterLayout(config)
        self.values = Tensor(shape: [layout.totalCount])
    }

    /// GPT-2/LLaDA-style initialisation: N(0, 0.02) for embeddings and projections, the
    /// residual-branch outputs (o_proj, down_proj) scaled by 1/√(2·layers), norm gains 1, biases 0.
    public func initialize(seed: UInt64) {
        var rng = RNG(seed: seed, stream: .initialization)
        let residualStd = 0.02 / Double(2 * max(config.nLayers, 1)).squareRoot()
        for e in layout.entries {
            let p = values.data + e.offset
            if !e.decays {
                p.update(repeating: e.isBias ? 0 : 1, count: e.count)
                continue
            }
            let isResidual = e.name.hasSuffix("o_proj.weight") || e.name.hasSuffix("down_proj.weight")
            let std = isResidual ? residualStd : 0.02
            for i in 0..<e.count { p[i] = Float(rng.normal() * std) }
        }
    }

    /// A pointer to the first element of the named tensor.
    public func pointer(_ name: String) -> UnsafeMutablePointer<Float>? {
        layout.entry(named: name).map { values.data + $0.offset }
    }

    /// A deep copy (e.g. the frozen reference policy of RL).
    public func copy() -> ModelParameters {
        let c = ModelParameters(config: config)
        c.values.data.update(from: values.data, count: values.count)
        return c
    }
}
