extension AdamW {
    static let firstMomentPrefix = "exp_avg."
    static let secondMomentPrefix = "exp_avg_sq."

    /// Saves both moments under PyTorch's state names (`exp_avg.<param>`, `exp_avg_sq.<param>`)
    /// with the step count in the metadata, as `optimizer.safetensors` of `checkpoint`.
    public func save(to checkpoint: Checkpoint) throws {
        var writer = SafetensorsWriter(metadata: ["step": String(step)])
        writer.add(layout, from: m, prefix: Self.firstMomentPrefix)
        writer.add(layout, from: v, prefix: Self.secondMomentPrefix)
        try checkpoint.saveTensors(writer, as: Checkpoint.optimizerFile)
    }

    /// The optimizer state saved by `save(to:)` for a model of `layout`.
    public static func restore(from checkpoint: Checkpoint, layout: ParameterLayout, hyper: Hyper) throws -> AdamW {
        let file = try checkpoint.openTensors(Checkpoint.optimizerFile)
        let opt = AdamW(layout: layout, hyper: hyper)
        try file.read(layout, into: opt.m, prefix: firstMomentPrefix)
        try file.read(layout, into: opt.v, prefix: secondMomentPrefix)
        try file.requireOnly(
            SafetensorsFile.names(of: layout, prefix: firstMomentPrefix)
                .union(SafetensorsFile.names(of: layout, prefix: secondMomentPrefix)))
        guard let step = file.metadata["step"].flatMap(Int.init), step >= 0 else {
            throw CheckpointError(path: file.path, .missingField("__metadata__.step"))
        }
        opt.step = step
        return opt
    }
}
