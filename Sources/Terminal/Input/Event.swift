/// Everything an application loop reacts to.
public enum Event: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    /// The terminal has a new size; the renderer has already been told to repaint everything.
    case resize(Size)
    /// The frame timer fired with no input (animation, polling a worker's inbox).
    case tick
}
