import Foundation
import MaskedDiffusion
import Synchronization

/// The engine door on a backend process (docs/backend-protocol.md): each `EngineRequest`
/// becomes a command line on the child's stdin, and its reply lines become the same
/// `EngineMessage`s the local engine posts.
///
/// Lanes work as on the local engine: a request that replaces cancels its lane's requests in
/// flight (a `cancel` line; the backend stops within one step, and any line still on its way
/// is dropped here by id). Nothing here waits on the child: writes are queued, a reader thread
/// turns lines into messages, and a heartbeat thread pings once a second for the round-trip
/// time the title bar shows and to notice a hung backend.
public final class ProcessEngine: EngineDoor {
    public let inbox = Inbox<EngineMessage>()
    /// The shell command that starts the backend.
    let command: String
    /// Seconds without a pong before the status bar calls the backend silent.
    let silentAfter: Double
    let connection = Mutex(Connection())
    let firstHello = DispatchSemaphore(value: 0)

    /// What is in flight, under one lock: the reader, the heartbeat and the UI thread share it.
    struct Connection {
        var process: BackendProcess?
        /// Bumped on every (re)start, so lines and exits of an older child are ignored.
        var generation = 0
        var linesRead = 0
        var nextID = 1
        var routes: [Int: Route] = [:]
        var lanes: [JobLane: [Int]] = [:]
        /// The first hello, which every restart must match.
        var hello: BackendHello?
        var ready = false
        /// Why the first start failed (read by `waitForHello`).
        var failure: String?
        var ping: (id: Int, sent: Double)?
        var stopped = false
    }

    /// Where the replies of one request go.
    enum Route {
        case sample(RequestTag, pending: [TrajectoryStep])
        case predict(PredictionTag)
        case elbo(ELBOProgress, maxUnits: Int, started: Double)
        /// A `tokens` request: on no lane, so no knob edit cancels it.
        case tokens
    }

    /// Starts `command`; `waitForHello` waits for the backend to introduce itself.
    public init(command: String, silentAfter: Double = 10) {
        self.command = command
        self.silentAfter = silentAfter
        launch()
        Thread { [weak self] in
            while let self, self.heartbeat() { Thread.sleep(forTimeInterval: 1) }
        }.start()
    }

    /// Blocks until the backend's hello (or its failure), at most `timeout` seconds. Called once,
    /// before the UI starts; the model is shown from what it says.
    public func waitForHello(timeout: Double) throws(BackendProtocolError) -> BackendHello {
        _ = firstHello.wait(timeout: .now() + timeout)
        let (hello, failure) = connection.withLock { ($0.hello, $0.failure) }
        if let failure { throw BackendProtocolError(description: failure) }
        if let hello { return hello }
        let tail = connection.withLock { $0.process?.tail ?? "" }
        throw BackendProtocolError(description: "no hello from the backend within \(Int(timeout)) s" + Self.stderr(tail))
    }

    private func launch() {
        connection.withLock { c in
            c.generation += 1
            c.linesRead = 0
            c.ready = false
            c.ping = nil
            let generation = c.generation
            do {
                c.process = try BackendProcess(
                    command: command,
                    lines: { [weak self] in self?.receive($0, generation: generation) },
                    exited: { [weak self] in self?.exited($0, generation: generation) })
            } catch {
                c.process = nil
                fail(&c, "cannot start the backend: \(error)")
            }
        }
    }

    public var isTraining: Bool { false }

    public func restart() {
        let old = connection.withLock { c in
            defer { c.process = nil }
            c.generation += 1  // the old child's exit is expected, not news
            c.routes = [:]
            c.lanes = [:]
            return c.process
        }
        old?.terminate()
        launch()
    }

    public func shutdown() {
        let process = connection.withLock { c in
            c.stopped = true
            return c.process
        }
        process?.terminate()
    }

    /// The child's pid (tests stop it to see how the workbench copes).
    var pid: Int32? { connection.withLock { $0.process?.pid } }

    /// Pings when no ping is out; reports silence. False once shut down (the thread ends).
    private func heartbeat() -> Bool {
        connection.withLock { c in
            guard !c.stopped else { return false }
            guard let process = c.process, c.ready else { return true }
            let now = monotonicSeconds()
            if let ping = c.ping {
                if now - ping.sent > silentAfter { inbox.post(.backend(.silent(now - ping.sent))) }
            } else {
                c.ping = (c.nextID, now)
                process.send(BackendCodec.encode(.ping(id: c.nextID)))
                c.nextID += 1
            }
            return true
        }
    }

    /// The process ended: every request in flight fails with the reason and stderr's tail.
    private func exited(_ how: String, generation: Int) {
        connection.withLock { c in
            guard c.generation == generation, !c.stopped else { return }
            let tail = c.process?.tail ?? ""
            c.process = nil
            fail(&c, "backend \(how)" + Self.stderr(tail))
        }
    }

    /// Fails every route with `reason`, reports the backend down, and wakes `waitForHello`.
    func fail(_ c: inout Connection, _ reason: String) {
        for (_, route) in c.routes {
            switch route {
            case let .sample(tag, _): inbox.post(.samplingFailed(tag, reason))
            case let .elbo(progress, _, _): inbox.post(.elboFailed(request: progress.request, reason))
            case .predict, .tokens: break
            }
        }
        c.routes = [:]
        c.lanes = [:]
        c.ready = false
        if c.hello == nil, c.failure == nil {
            c.failure = reason
            firstHello.signal()
        }
        inbox.post(.backend(.down(reason)))
    }

    /// Gives up on the running child: its later lines and exit are ignored, its requests fail.
    func abandon(_ c: inout Connection, _ reason: String) {
        let process = c.process
        c.generation += 1
        c.process = nil
        fail(&c, reason)
        process?.terminate()
    }

    /// " · stderr: …" with the child's last stderr lines, or nothing.
    static func stderr(_ tail: String) -> String {
        tail.isEmpty ? "" : " · stderr: " + tail.split(separator: "\n").suffix(3).joined(separator: " ⏎ ")
    }

    /// Sends `command` to the running child, or reports that none runs.
    func send(_ c: inout Connection, _ command: BackendCommand) -> Bool {
        guard let process = c.process, c.ready else { return false }
        process.send(BackendCodec.encode(command))
        return true
    }

    /// A fresh request id on `lane`, after cancelling the lane's requests when `replacing`.
    func open(_ c: inout Connection, lane: JobLane, replacing: Bool, route: Route) -> Int {
        if replacing { cancel(&c, lane: lane) }
        let id = c.nextID
        c.nextID += 1
        c.routes[id] = route
        c.lanes[lane, default: []].append(id)
        return id
    }

    func cancel(_ c: inout Connection, lane: JobLane) {
        for id in c.lanes[lane] ?? [] where c.routes.removeValue(forKey: id) != nil {
            _ = send(&c, .cancel(id: id))
        }
        c.lanes[lane] = []
    }

    /// Forgets request `id` (finished or failed).
    func close(_ c: inout Connection, _ id: Int) {
        c.routes[id] = nil
        for lane in c.lanes.keys { c.lanes[lane]?.removeAll { $0 == id } }
    }
}
