/// A safetensors file opened for reading: a validated header over the file's mapped bytes.
///
/// Opening checks the whole header (see `SafetensorsHeader`); tensors are then views into the
/// mapping, converted only when asked. A sharded checkpoint
/// (`model.safetensors.index.json`) is a set of these plus a name → file map.
///
/// ```swift
/// let file = try SafetensorsFile(contentsOf: "ckpt/model.safetensors")
/// let head = try file.tensor("lm_head.weight").floats()
/// ```
public final class SafetensorsFile: Sendable {
    public let path: String
    public let header: SafetensorsHeader
    private let storage: FileBytes

    /// Maps the file at `path` and validates its header.
    public convenience init(contentsOf path: String) throws(SafetensorsError) {
        try self.init(storage: FileBytes(contentsOf: path) { SafetensorsError(path: path, .unreadable($0)) }, path: path)
    }

    /// Reads a file held in memory; `path` names it in errors.
    public convenience init(bytes: [UInt8], path: String) throws(SafetensorsError) {
        try self.init(storage: FileBytes(copying: bytes), path: path)
    }

    private init(storage: FileBytes, path: String) throws(SafetensorsError) {
        self.path = path
        self.storage = storage
        self.header = try SafetensorsHeader.parse(storage.bytes, path: path)
    }

    /// Tensor names in data order.
    public var names: [String] { header.entries.map(\.name) }
    public var metadata: [String: String] { header.metadata }
    public func contains(_ name: String) -> Bool { header.entry(named: name) != nil }

    /// The named tensor, or `missingTensor`.
    public func tensor(_ name: String) throws(SafetensorsError) -> SafetensorsTensor {
        guard let e = header.entry(named: name) else { throw SafetensorsError(path: path, .missingTensor(name)) }
        let start = header.dataStart + e.byteRange.lowerBound
        let bytes = UnsafeRawBufferPointer(rebasing: storage.bytes[start..<start + e.byteRange.count])
        return SafetensorsTensor(entry: e, bytes: bytes, path: path, owner: storage)
    }

    /// The named tensor after checking its shape.
    public func tensor(_ name: String, shape: [Int]) throws(SafetensorsError) -> SafetensorsTensor {
        let t = try tensor(name)
        guard t.shape == shape else {
            throw SafetensorsError(path: path, .shapeMismatch(tensor: name, expected: shape, found: t.shape))
        }
        return t
    }

    /// Throws `unexpectedTensor` for the first tensor (in data order) not in `expected`.
    public func requireOnly(_ expected: Set<String>) throws(SafetensorsError) {
        if let extra = names.first(where: { !expected.contains($0) }) {
            throw SafetensorsError(path: path, .unexpectedTensor(extra))
        }
    }
}
