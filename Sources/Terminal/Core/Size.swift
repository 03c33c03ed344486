/// A terminal or area size in cells.
public struct Size: Hashable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) { self.width = width; self.height = height }
    public var description: String { "\(width)×\(height)" }
    public func fits(in other: Size) -> Bool { width <= other.width && height <= other.height }
}
