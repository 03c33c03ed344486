public enum MouseButton: String, Hashable, Sendable {
    case left, middle, right
}

/// A mouse event in screen cells (0-based).
public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable, CustomStringConvertible {
        case press(MouseButton)
        case release(MouseButton)
        case wheelUp
        case wheelDown

        /// "press left", "wheel up": for status lines and logs.
        public var description: String {
            switch self {
            case let .press(b): return "press \(b.rawValue)"
            case let .release(b): return "release \(b.rawValue)"
            case .wheelUp: return "wheel up"
            case .wheelDown: return "wheel down"
            }
        }
    }

    public var kind: Kind
    public var x: Int
    public var y: Int

    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}
