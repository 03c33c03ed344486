/// Weights must be finite: one NaN or ±∞ in a tensor makes every logit NaN, and the commands
/// then printed empty completions, 0% accuracy or "nan ± nan" and exited 0. Loaders check
/// once, after reading, and name the tensor and the element.
enum FiniteWeights {
    static func check(_ layout: ParameterLayout, _ values: Tensor, file: String) throws(CheckpointError) {
        for e in layout.entries {
            let p = values.data + e.offset
            for i in 0..<e.count where !p[i].isFinite {
                throw CheckpointError(
                    path: file,
                    .invalidValue(
                        "tensor '\(e.name)' holds \(p[i]) at element \(i); weights must be finite"))
            }
        }
    }
}
