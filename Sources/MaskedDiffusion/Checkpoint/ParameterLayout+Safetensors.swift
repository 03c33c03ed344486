/// Moving a flat parameter-shaped buffer (weights, or an optimizer moment laid out like them)
/// to and from safetensors under the layout's stable names, optionally prefixed
/// (`exp_avg.` + name for AdamW's first moment).
extension SafetensorsWriter {
    /// Adds every weight of `layout` from `values` ([layout.totalCount]) as `prefix + name`.
    public mutating func add(
        _ layout: ParameterLayout, from values: Tensor, prefix: String = "", as dtype: SafetensorsDType = .f32
    ) {
        precondition(values.count == layout.totalCount, "\(values.count) values for a layout of \(layout.totalCount)")
        for e in layout.entries {
            add(prefix + e.name, shape: e.shape, from: values, offset: e.offset, as: dtype)
        }
    }
}

extension SafetensorsFile {
    /// Fills `values` ([layout.totalCount]) from the tensors `prefix + name`, converting F32,
    /// F16, BF16 or F64. Throws for a missing tensor, a wrong shape or a non-float dtype;
    /// extra tensors are the caller's to reject (`requireOnly`).
    public func read(_ layout: ParameterLayout, into values: Tensor, prefix: String = "") throws(SafetensorsError) {
        precondition(values.count == layout.totalCount, "\(values.count) values for a layout of \(layout.totalCount)")
        for e in layout.entries {
            let t = try tensor(prefix + e.name, shape: e.shape)
            try t.copyFloats(into: UnsafeMutableBufferPointer(start: values.data + e.offset, count: e.count))
        }
    }

    /// The names `read(layout, prefix:)` consumes.
    public static func names(of layout: ParameterLayout, prefix: String = "") -> Set<String> {
        Set(layout.entries.map { prefix + $0.name })
    }
}
