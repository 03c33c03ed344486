import Foundation
import Synchronization

/// What a running job can see of its worker: whether it has been superseded, and where to
/// publish results. Jobs check `isCancelled` between steps (a sampler step, an ELBO batch, an
/// RL round) — there is no pre-emption.
public final class JobContext: Sendable {
    private let worker: EngineWorker
    private let generation: UInt64

    init(worker: EngineWorker, generation: UInt64) {
        self.worker = worker
        self.generation = generation
    }

    public var isCancelled: Bool { worker.currentGeneration != generation }
}

/// One background compute thread running one job at a time (ARCHITECTURE.md, Threading).
///
/// `submit(replacing: true)` cancels the running job and drops queued ones: a new schedule
/// supersedes the trajectory being sampled. `submit(replacing: false)` queues behind it (a
/// cheap probe after a sample finishes). Jobs publish into an `Inbox` the UI drains.
public final class EngineWorker: Sendable {
    public typealias Job = @Sendable (JobContext) -> Void

    private struct Queue {
        var pending: [(generation: UInt64, job: Job)] = []
        var running = false
        var stopped = false
    }

    private let queue = Mutex(Queue())
    private let generation = Atomic<UInt64>(0)
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    public let name: String

    public init(name: String) {
        self.name = name
        let thread = Thread { [self] in loop() }
        thread.name = name
        // Engine code keeps its big buffers on the heap; 8 MiB covers deep generic call chains.
        thread.stackSize = 8 << 20
        thread.start()
    }

    var currentGeneration: UInt64 { generation.load(ordering: .acquiring) }

    /// Whether a job is running or waiting.
    public var isBusy: Bool { queue.withLock { $0.running || !$0.pending.isEmpty } }

    public func submit(replacing: Bool = true, _ job: @escaping Job) {
        queue.withLock { q in
            if replacing {
                q.pending.removeAll()
                generation.add(1, ordering: .releasing)
            }
            q.pending.append((generation.load(ordering: .acquiring), job))
        }
        wake.signal()
    }

    /// Cancels the running job and drops queued ones.
    public func cancelAll() {
        queue.withLock { q in
            q.pending.removeAll()
            generation.add(1, ordering: .releasing)
        }
    }

    /// Cancels everything and waits (at most `timeout` seconds) for the thread to leave its
    /// current job. Idempotent.
    public func shutdown(timeout: Double = 5) {
        let first = queue.withLock { q -> Bool in
            defer { q.stopped = true; q.pending.removeAll() }
            return !q.stopped
        }
        guard first else { return }
        generation.add(1, ordering: .releasing)
        wake.signal()
        _ = finished.wait(timeout: .now() + timeout)
    }

    private func loop() {
        while true {
            wake.wait()
            while let next = take() {
                next.job(JobContext(worker: self, generation: next.generation))
                queue.withLock { $0.running = false }
            }
            if queue.withLock({ $0.stopped }) {
                finished.signal()
                return
            }
        }
    }

    private func take() -> (generation: UInt64, job: Job)? {
        queue.withLock { q in
            guard !q.stopped, !q.pending.isEmpty else { return nil }
            q.running = true
            return q.pending.removeFirst()
        }
    }
}
