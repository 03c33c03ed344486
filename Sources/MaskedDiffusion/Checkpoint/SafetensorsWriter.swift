/// Builds a safetensors file byte-for-byte as the reference `safetensors` package would.
///
/// Tensors are ordered by descending dtype (the reference's alignment order), then by name
/// bytewise; the JSON header is compact, escaped like serde_json, and padded with spaces so the
/// data starts at a multiple of 8. Floats are stored as F32 (default), F16, BF16 or F64;
/// integers as any integer dtype or BOOL. Metadata keys are written sorted.
///
/// ```swift
/// var writer = SafetensorsWriter(metadata: ["format": "pt"])
/// writer.add("lm_head.weight", head)                 // a Tensor, stored as F32
/// writer.add("tokens", shape: [2, 3], integers: ids, as: .i64)
/// try writer.write(to: "ckpt/extra.safetensors")    // atomic
/// ```
public struct SafetensorsWriter {
    public var metadata: [String: String]
    private var items: [Item] = []
    private var names = Set<String>()

    private struct Item {
        let name: String
        let dtype: SafetensorsDType
        let shape: [Int]
        let source: Source
        var byteCount: Int { dtype.byteCount(elements: shape.reduce(1, *))! }
    }

    private enum Source {
        /// `shape`'s element count of `tensor`, starting at `offset` (a slice of a flat buffer).
        case floats(Tensor, offset: Int)
        case integers([Int64])
    }

    public init(metadata: [String: String] = [:]) {
        self.metadata = metadata
    }

    /// Adds a whole tensor.
    public mutating func add(_ name: String, _ tensor: Tensor, as dtype: SafetensorsDType = .f32) {
        add(name, shape: tensor.shape, from: tensor, offset: 0, as: dtype)
    }

    /// Adds `shape`'s element count of `tensor` starting at `offset`: one weight of a flat
    /// parameter buffer, without copying it until the file is written.
    public mutating func add(_ name: String, shape: [Int], from tensor: Tensor, offset: Int, as dtype: SafetensorsDType = .f32) {
        precondition(SafetensorsDType.floating.contains(dtype), "cannot store floats as \(dtype.rawValue)")
        precondition(offset >= 0 && offset + shape.reduce(1, *) <= tensor.count, "tensor '\(name)' runs past its source")
        append(Item(name: name, dtype: dtype, shape: shape, source: .floats(tensor, offset: offset)))
    }

    public mutating func add(_ name: String, shape: [Int], values: [Float], as dtype: SafetensorsDType = .f32) {
        add(name, Tensor(shape: shape, values: values), as: dtype)
    }

    /// Adds integers (token ids, labels, masks) as an integer dtype or BOOL; each value must fit.
    public mutating func add(_ name: String, shape: [Int], integers: [Int64], as dtype: SafetensorsDType = .i64) {
        precondition(SafetensorsDType.integral.contains(dtype), "cannot store integers as \(dtype.rawValue)")
        precondition(integers.count == shape.reduce(1, *), "\(integers.count) values for shape \(shape)")
        precondition(
            integers.allSatisfy { IntegerCoding.fits($0, dtype) }, "tensor '\(name)' has values outside \(dtype.rawValue)")
        append(Item(name: name, dtype: dtype, shape: shape, source: .integers(integers)))
    }

    private mutating func append(_ item: Item) {
        precondition(item.name != SafetensorsHeader.metadataKey, "'\(item.name)' is reserved")
        precondition(item.shape.allSatisfy { $0 >= 0 }, "negative dimension in \(item.shape)")
        precondition(names.insert(item.name).inserted, "tensor '\(item.name)' added twice")
        items.append(item)
    }

    /// Writes the file atomically (temporary file in the same directory, then rename).
    public func write(to path: String) throws(SafetensorsError) {
        try AtomicFile.write(to: path, failure: { SafetensorsError(path: path, .writeFailed($0)) }) {
            (out) throws(SafetensorsError) in
            try emit { (chunk) throws(SafetensorsError) in try out.write(chunk) }
        }
    }

    /// The whole file in memory.
    public func bytes() -> [UInt8] {
        var result: [UInt8] = []
        emit { chunk in result.append(contentsOf: chunk) }
        return result
    }

    /// Streams the file's bytes to `sink` in order: length, header, then each tensor.
    private func emit<E: Error>(_ sink: (UnsafeRawBufferPointer) throws(E) -> Void) throws(E) {
        let ordered = items.sorted {
            $0.dtype.writeRank != $1.dtype.writeRank
                ? $0.dtype.writeRank > $1.dtype.writeRank
                : $0.name.utf8.lexicographicallyPrecedes($1.name.utf8)
        }
        let header = Self.header(ordered, metadata: metadata)
        var prefix = withUnsafeBytes(of: UInt64(header.count).littleEndian, Array.init)
        prefix.append(contentsOf: header)
        try prefix.withRawBytes(sink)
        for item in ordered {
            switch item.source {
            case let .floats(tensor, offset):
                try FloatCoding.encode(tensor.data + offset, count: item.shape.reduce(1, *), as: item.dtype, to: sink)
            case let .integers(values):
                try IntegerCoding.encode(values, as: item.dtype).withRawBytes(sink)
            }
        }
    }

    /// The compact JSON header, space-padded so that 8 + its length is a multiple of 8.
    private static func header(_ ordered: [Item], metadata: [String: String]) -> [UInt8] {
        var json = "{"
        var first = true
        func key(_ k: String) {
            json += (first ? "" : ",") + HeaderEscaping.quoted(k) + ":"
            first = false
        }
        if !metadata.isEmpty {
            key(SafetensorsHeader.metadataKey)
            let pairs = metadata.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            json +=
                "{" + pairs.map { HeaderEscaping.quoted($0.key) + ":" + HeaderEscaping.quoted($0.value) }.joined(separator: ",")
                + "}"
        }
        var offset = 0
        for item in ordered {
            key(item.name)
            let end = offset + item.byteCount
            json +=
                "{\"dtype\":\"\(item.dtype.rawValue)\",\"shape\":[\(item.shape.map(String.init).joined(separator: ","))],"
                + "\"data_offsets\":[\(offset),\(end)]}"
            offset = end
        }
        json += "}"
        var bytes = Array(json.utf8)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - bytes.count % 8) % 8))
        return bytes
    }
}

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

extension [UInt8] {
    /// `withUnsafeBytes` for a typed-throws body (the standard one only rethrows `any Error`).
    func withRawBytes<E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> Void) throws(E) {
        try withUnsafeBytes { raw in Result { () throws(E) in try body(raw) } }.get()
    }
}
