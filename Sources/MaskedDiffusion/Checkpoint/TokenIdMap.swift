/// The one translation between a checkpoint file's token ids and the engine's.
///
/// The engine's invariant is that real tokens are `0..<V` and the mask is `V` (the last
/// embedding row; the head has V rows). Hugging Face diffusion models put the mask anywhere —
/// LLaDA-8B's is 126336 of 126,464 rows, Dream's 151666 of 152,064 — so at load time the mask's
/// row moves to the end and the rows after it move up by one: file id f < m keeps its id, f > m
/// becomes f − 1, m becomes V. Applied once at the boundary (weights when loading, token ids in
/// the tokenizer wrapper), it leaves every sampler, estimator and trainer unchanged.
public struct TokenIdMap: Equatable, Sendable {
    /// Embedding rows in the file (V + 1).
    public let rows: Int
    /// The mask's id in the file.
    public let fileMaskId: Int

    public init(rows: Int, fileMaskId: Int) {
        precondition(rows >= 1 && (0..<rows).contains(fileMaskId), "mask id \(fileMaskId) outside 0..<\(rows)")
        self.rows = rows
        self.fileMaskId = fileMaskId
    }

    /// The engine's mask id, V.
    public var engineMaskId: Int { rows - 1 }
    /// True when the file already follows the engine's order (the mask is the last row).
    public var isIdentity: Bool { fileMaskId == rows - 1 }

    public func engineId(file f: Int) -> Int {
        f == fileMaskId ? engineMaskId : (f > fileMaskId ? f - 1 : f)
    }

    public func fileId(engine e: Int) -> Int {
        e == engineMaskId ? fileMaskId : (e >= fileMaskId ? e + 1 : e)
    }

    /// Reorders a file-ordered [rows, width] matrix into engine order in place: the mask's row
    /// goes last, the rows after it move up by one.
    func toEngineOrder(_ m: UnsafeMutablePointer<Float>, width: Int) {
        guard !isIdentity else { return }
        let maskRow = Array(UnsafeBufferPointer(start: m + fileMaskId * width, count: width))
        for r in fileMaskId..<(rows - 1) { (m + r * width).update(from: m + (r + 1) * width, count: width) }
        (m + (rows - 1) * width).update(from: maskRow, count: width)
    }
}
