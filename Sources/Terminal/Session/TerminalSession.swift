import CNcurses

#if canImport(Glibc)
    import Glibc
#endif

/// A full-screen terminal session: checks the terminal can be used, decides the colour depth,
/// starts curses with signal and crash guards, runs an `App` loop, and restores everything on
/// `stop`.
///
/// ```swift
/// let session = try TerminalSession.start(color: .auto)
/// let end = session.run(&app)   // .quit or .signal(n)
/// session.stop()                // terminal restored; now print to stdout
/// ```
public final class TerminalSession {
    public let backend: NcursesBackend
    public let renderer: Renderer<NcursesBackend>
    public let colorDecision: ColorDecision
    private let stderrCapture: StderrCapture?
    private var stopped = false

    public var depth: ColorDepth { backend.depth }
    public var size: Size { backend.size }

    /// The environment variables colour detection and start-up read.
    public static func environment() -> [String: String] {
        var env: [String: String] = [:]
        for name in ["TERM", "COLORTERM", "NO_COLOR"] {
            if let v = getenv(name) { env[name] = String(cString: v) }
        }
        return env
    }

    /// Checks, in order: stdin and stdout are terminals; TERM is set and known to terminfo; it can
    /// address the cursor. Each failure is a `StartupError` (exit status 2) and nothing has been
    /// written to the terminal.
    public static func check(
        environment: [String: String], stdinIsTTY: Bool, stdoutIsTTY: Bool,
        probe: (String) -> TerminfoFacts?
    ) throws(StartupError) -> TerminfoFacts {
        if !stdinIsTTY || !stdoutIsTTY { throw .notATerminal(stdin: !stdinIsTTY, stdout: !stdoutIsTTY) }
        guard let term = environment["TERM"], !term.isEmpty else { throw .noTerminalType }
        guard let facts = probe(term) else { throw .unknownTerminal(term) }
        guard facts.canAddressCursor else { throw .noCursorAddressing(term) }
        return facts
    }

    public static func start(color: ColorChoice = .auto, mouse: Bool = true) throws(StartupError) -> TerminalSession {
        let env = environment()
        let facts = try check(
            environment: env, stdinIsTTY: isatty(0) != 0, stdoutIsTTY: isatty(1) != 0,
            probe: { Terminfo.probe($0) })
        let decision = ColorDetection.decide(
            choice: color, environment: env, facts: facts,
            directFacts: { Terminfo.probe($0) })
        SignalGuard.install()
        let backend: NcursesBackend
        do {
            backend = try NcursesBackend(terminalName: decision.terminalName, depth: decision.depth, mouse: mouse)
        } catch {
            SignalGuard.uninstall()
            throw .cannotInitialise(decision.terminalName)
        }
        let capture = StderrCapture.begin()
        if let capture { SignalGuard.setStderrRedirect(original: capture.originalFD, capture: capture.captureFD) }
        return TerminalSession(backend: backend, decision: decision, capture: capture)
    }

    private init(backend: NcursesBackend, decision: ColorDecision, capture: StderrCapture?) {
        self.backend = backend
        renderer = Renderer(backend: backend)
        colorDecision = decision
        stderrCapture = capture
    }

    deinit { stop() }

    /// Leaves curses mode (terminal as before), gives stderr back, removes the signal handlers.
    /// Idempotent.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        backend.close()
        SignalGuard.setStderrRedirect(original: -1, capture: -1)
        stderrCapture?.end()
        SignalGuard.uninstall()
    }

    /// The next event within `timeoutMilliseconds`, or nil. A resize also invalidates the
    /// renderer so the next frame repaints every cell.
    public func nextEvent(timeoutMilliseconds: Int) -> Event? {
        let event = backend.readEvent(timeoutMilliseconds: timeoutMilliseconds)
        if case .resize = event { renderer.invalidate() }
        return event
    }

    /// The interrupt signal (SIGINT/SIGTERM/SIGHUP) that arrived since the last call, if any.
    public func takePendingSignal() -> Int32? { SignalGuard.takePendingSignal() }

    /// Draws one frame of `app` now.
    @discardableResult
    public func draw<A: App>(_ app: A) -> FrameStats {
        renderer.draw { app.renderFrame(into: &$0) }
    }

    /// Runs `app` until it quits or an interrupt signal arrives: waits for input with a timeout,
    /// delivers `.tick` at `framesPerSecond`, handles all queued input before drawing once.
    public func run<A: App>(_ app: inout A, framesPerSecond: Int = 30) -> SessionEnd {
        let clock = ContinuousClock()
        let frame = Duration.seconds(1) / max(1, framesPerSecond)
        var nextTick = clock.now + frame
        // Apps learn the initial size the same way they learn later ones.
        if app.handle(.resize(size)) == .quit { return .quit }
        draw(app)
        while true {
            if let s = takePendingSignal() { return .signal(s) }
            let now = clock.now
            // Rounded up: a truncated wait ends just before the tick and the loop would spin on
            // 0 ms polls until it comes.
            let waitMs = nextTick > now ? Int((now.duration(to: nextTick).nanoseconds + 999_999) / 1_000_000) : 0
            var handled = false
            if let event = nextEvent(timeoutMilliseconds: waitMs) {
                handled = true
                if app.handle(event) == .quit { return .quit }
                var burst = 0
                while burst < 256, let more = nextEvent(timeoutMilliseconds: 0) {
                    if app.handle(more) == .quit { return .quit }
                    burst += 1
                }
            }
            if clock.now >= nextTick {
                nextTick = clock.now + frame
                switch app.handle(.tick) {
                case .quit: return .quit
                case .idle: break
                case .continue: handled = true
                }
            }
            if handled { draw(app) }
        }
    }
}
