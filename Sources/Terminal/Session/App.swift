/// Whether the loop goes on after an event.
public enum AppFlow: Sendable, Equatable {
    case `continue`
    /// Nothing changed on screen: the loop skips drawing this frame (what keeps an idle app
    /// near 0% CPU).
    case idle
    case quit
}

/// An application driven by `TerminalSession.run` (The Elm Architecture, ratatui's recommended
/// pattern): state changes only in `handle`; `render` draws the state from scratch every frame
/// and the renderer sends only what changed.
public protocol App {
    /// Below this size `renderTooSmall` is drawn instead of `render`.
    var minimumSize: Size { get }
    mutating func handle(_ event: Event) -> AppFlow
    func render(into buffer: inout Buffer)
    /// The "terminal too small" screen; override to use the app's theme.
    func renderTooSmall(into buffer: inout Buffer)
}

extension App {
    public var minimumSize: Size { Size(width: 1, height: 1) }

    public func renderTooSmall(into buffer: inout Buffer) {
        TooSmallScreen(needed: minimumSize).render(in: buffer.area, buffer: &buffer)
    }

    /// One frame: the app, or the too-small notice.
    public func renderFrame(into buffer: inout Buffer) {
        if minimumSize.fits(in: buffer.size) { render(into: &buffer) } else { renderTooSmall(into: &buffer) }
    }
}

/// How a session's loop ended.
public enum SessionEnd: Sendable, Equatable {
    /// The app returned `.quit`.
    case quit
    /// SIGINT, SIGTERM or SIGHUP arrived.
    case signal(Int32)

    /// Conventional process exit status: 0, or 128 + the signal number.
    public var exitStatus: Int32 {
        switch self {
        case .quit: return 0
        case let .signal(s): return 128 + s
        }
    }
}
