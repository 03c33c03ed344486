/// A contiguous, row-major block of `Float`s with a shape.
///
/// The engine's hot loops work on raw pointers (`data`): class-stored Swift arrays pay a dynamic
/// exclusivity check per access (30× slower, docs/platform.md §4). Storage is 64-byte aligned so
/// SIMD loads and BLAS see cache-line aligned rows. A tensor is shared by reference; threads that
/// touch one must write disjoint ranges, which is why it is `@unchecked Sendable`.
public final class Tensor: @unchecked Sendable {
    public let shape: [Int]
    public let count: Int
    public let data: UnsafeMutablePointer<Float>

    /// A zero-filled tensor.
    public init(shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.shape = shape
        self.count = shape.reduce(1, *)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * 4, alignment: 64)
        self.data = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        data.initialize(repeating: 0, count: max(count, 1))
    }

    /// A tensor holding a copy of `values`, which must have `shape`'s element count.
    public convenience init(shape: [Int], values: [Float]) {
        self.init(shape: shape)
        precondition(values.count == count, "\(values.count) values for shape \(shape)")
        values.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: count) }
    }

    deinit { data.deallocate() }

    public var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: data, count: count) }
    public var array: [Float] { Array(buffer) }

    public func zero() { data.update(repeating: 0, count: count) }

    public subscript(i: Int) -> Float {
        get { data[i] }
        set { data[i] = newValue }
    }
}
