/// The parsed and validated header of a safetensors file: where each tensor's bytes are.
///
/// Layout (huggingface/safetensors README "Format"): a little-endian `UInt64` header length N,
/// N bytes of UTF-8 JSON (`{"name": {"dtype", "shape", "data_offsets": [begin, end]}, …}`
/// plus an optional `"__metadata__"` string→string map), then the data buffer. Offsets are
/// relative to the buffer. Validation matches the reference reader and is stricter in one way
/// the format asks for: duplicate names are rejected.
public struct SafetensorsHeader: Sendable {
    /// One tensor's description; `byteRange` is relative to the start of the data buffer.
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let dtype: SafetensorsDType
        public let shape: [Int]
        public let byteRange: Range<Int>
        public var count: Int { shape.reduce(1, *) }
    }

    /// The reference reader's `MAX_HEADER_SIZE`.
    public static let maxHeaderLength = 100_000_000
    static let metadataKey = "__metadata__"
    private static let fieldNames = ["dtype", "shape", "data_offsets"]

    /// Tensors in data order (sorted by offset).
    public let entries: [Entry]
    /// The `__metadata__` map; empty when the header has none.
    public let metadata: [String: String]
    /// Where the data buffer starts in the file: 8 + N.
    public let dataStart: Int
    private let index: [String: Int]

    public func entry(named name: String) -> Entry? { index[name].map { entries[$0] } }

    /// Parses the header at the start of `file` and checks it against the file's size.
    static func parse(_ file: UnsafeRawBufferPointer, path: String) throws(SafetensorsError) -> SafetensorsHeader {
        func fail(_ problem: SafetensorsError.Problem) -> SafetensorsError { SafetensorsError(path: path, problem) }
        guard file.count >= 8 else { throw fail(.tooShort(fileSize: file.count)) }
        let n = file.loadUnaligned(as: UInt64.self).littleEndian
        guard n <= UInt64(maxHeaderLength) else { throw fail(.headerTooLarge(headerLength: n)) }
        let headerLength = Int(n)
        guard 8 + headerLength <= file.count else { throw fail(.headerPastEnd(headerLength: headerLength, fileSize: file.count)) }
        let text = UnsafeRawBufferPointer(rebasing: file[8..<8 + headerLength])
        guard let first = text.first, first == UInt8(ascii: "{") else { throw fail(.headerStart(found: text.first ?? 0)) }
        guard String(validating: text, as: UTF8.self) != nil else { throw fail(.headerNotUTF8) }
        let json: HeaderJSON
        do { json = try HeaderJSON.parse(text) } catch { throw fail(.invalidJSON(error.message)) }

        let (entries, metadata) = try describe(json, fail: fail)
        let available = file.count - 8 - headerLength
        let sorted = entries.sorted {
            ($0.byteRange.lowerBound, $0.byteRange.upperBound) < ($1.byteRange.lowerBound, $1.byteRange.upperBound)
        }
        try checkLayout(sorted, available: available, fail: fail)
        return SafetensorsHeader(
            entries: sorted, metadata: metadata, dataStart: 8 + headerLength,
            index: Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1.name, $0) }))
    }

    /// Reads the JSON object into entries (in header order) and the metadata map.
    private static func describe(_ json: HeaderJSON, fail: (SafetensorsError.Problem) -> SafetensorsError)
        throws(SafetensorsError) -> ([Entry], [String: String])
    {
        guard case let .object(members) = json else { throw fail(.invalidHeader("the header must be a JSON object")) }
        var entries: [Entry] = []
        var metadata: [String: String] = [:]
        var seen = Set<String>()
        for (name, value) in members {
            guard seen.insert(name).inserted else { throw fail(.duplicateName(name)) }
            if name == metadataKey {
                metadata = try readMetadata(value, fail: fail)
            } else {
                entries.append(try readEntry(name, value, fail: fail))
            }
        }
        return (entries, metadata)
    }

    private static func readMetadata(_ value: HeaderJSON, fail: (SafetensorsError.Problem) -> SafetensorsError)
        throws(SafetensorsError) -> [String: String]
    {
        if case .null = value { return [:] }
        guard case let .object(pairs) = value else { throw fail(.invalidHeader("__metadata__ must be an object of strings")) }
        var map: [String: String] = [:]
        for (key, v) in pairs {
            guard case let .string(s) = v else { throw fail(.invalidHeader("__metadata__ value of '\(key)' is not a string")) }
            guard map.updateValue(s, forKey: key) == nil else { throw fail(.invalidHeader("__metadata__ repeats key '\(key)'")) }
        }
        return map
    }

    private static func readEntry(_ name: String, _ value: HeaderJSON, fail: (SafetensorsError.Problem) -> SafetensorsError)
        throws(SafetensorsError) -> Entry
    {
        guard case let .object(fields) = value else { throw fail(.invalidHeader("tensor '\(name)' is not an object")) }
        var found: [String: HeaderJSON] = [:]
        for (key, v) in fields where fieldNames.contains(key) {  // Other fields are ignored, as the reference does.
            guard found.updateValue(v, forKey: key) == nil else {
                throw fail(.invalidHeader("tensor '\(name)' repeats field '\(key)'"))
            }
        }
        if let missing = fieldNames.first(where: { found[$0] == nil }) {
            throw fail(.invalidHeader("tensor '\(name)' has no '\(missing)'"))
        }
        guard case let .string(dtypeName) = found["dtype"]! else {
            throw fail(.invalidHeader("tensor '\(name)' dtype is not a string"))
        }
        guard let type = SafetensorsDType(rawValue: dtypeName) else { throw fail(.unknownDType(tensor: name, dtype: dtypeName)) }
        guard case let .array(items) = found["shape"]!, let dims = items.allNonNegativeInts else {
            throw fail(.invalidHeader("tensor '\(name)' shape must be a list of non-negative integers"))
        }
        guard case let .array(pair) = found["data_offsets"]!, pair.count == 2, let offsets = pair.allNonNegativeInts else {
            throw fail(.invalidHeader("tensor '\(name)' data_offsets must be two non-negative integers"))
        }
        let (begin, end) = (offsets[0], offsets[1])
        guard end >= begin else { throw fail(.offsetsReversed(tensor: name, begin: begin, end: end)) }
        var elements = 1
        for d in dims {
            let (p, overflow) = elements.multipliedReportingOverflow(by: d)
            guard !overflow else { throw fail(.shapeOverflow(tensor: name, shape: dims)) }
            elements = p
        }
        guard elements <= Int.max / 8 else { throw fail(.shapeOverflow(tensor: name, shape: dims)) }
        guard type.byteCount(elements: elements) == end - begin else {
            throw fail(.byteCountMismatch(tensor: name, begin: begin, end: end, dtype: type, shape: dims))
        }
        return Entry(name: name, dtype: type, shape: dims, byteRange: begin..<end)
    }

    /// Sorted entries must tile the data buffer: contiguous from 0, no holes or overlaps,
    /// ending exactly at its end.
    private static func checkLayout(_ sorted: [Entry], available: Int, fail: (SafetensorsError.Problem) -> SafetensorsError)
        throws(SafetensorsError)
    {
        var cursor = 0
        var previous: Entry?
        for e in sorted {
            let r = e.byteRange
            if r.lowerBound > cursor { throw fail(.hole(tensor: e.name, gapStart: cursor, begin: r.lowerBound)) }
            if r.lowerBound < cursor, let p = previous {
                throw fail(.overlap(tensor: e.name, begin: r.lowerBound, end: r.upperBound, other: p.name, otherEnd: cursor))
            }
            if r.upperBound > available { throw fail(.truncated(tensor: e.name, end: r.upperBound, available: available)) }
            cursor = r.upperBound
            previous = e
        }
        if cursor != available { throw fail(.trailingBytes(described: cursor, available: available)) }
    }
}

private extension [HeaderJSON] {
    /// The items as integers when every one is a non-negative integer literal that fits `Int`.
    var allNonNegativeInts: [Int]? {
        var out: [Int] = []
        for item in self {
            guard let v = item.nonNegativeInt else { return nil }
            out.append(v)
        }
        return out
    }
}
