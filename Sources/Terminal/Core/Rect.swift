/// A rectangle of cells. Widgets draw only inside the `Rect` they are given.
public struct Rect: Hashable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public init(size: Size) { self.init(x: 0, y: 0, width: size.width, height: size.height) }

    public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

    public var right: Int { x + width }
    public var bottom: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }
    public var size: Size { Size(width: width, height: height) }
    public var description: String { "\(x),\(y) \(width)×\(height)" }

    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < right && py >= y && py < bottom }

    /// Shrunk by `margin` on every side (a block's inside).
    public func inset(by margin: Int) -> Rect { inset(horizontal: margin, vertical: margin) }

    public func inset(horizontal: Int, vertical: Int) -> Rect {
        Rect(x: x + horizontal, y: y + vertical, width: width - 2 * horizontal, height: height - 2 * vertical)
    }

    public func intersection(_ o: Rect) -> Rect {
        let x0 = max(x, o.x), y0 = max(y, o.y)
        return Rect(x: x0, y: y0, width: min(right, o.right) - x0, height: min(bottom, o.bottom) - y0)
    }

    /// A `width`×`height` rectangle centred in this one (clipped to it): popups, notices.
    public func centered(width w: Int, height h: Int) -> Rect {
        let w = min(w, width), h = min(h, height)
        return Rect(x: x + (width - w) / 2, y: y + (height - h) / 2, width: w, height: h)
    }
}
