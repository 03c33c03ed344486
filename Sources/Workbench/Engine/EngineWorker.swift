import Foundation
import Synchronization

/// What a job belongs to. A new job cancels the running and queued jobs of its own lane only:
/// a new schedule for the main trajectory supersedes the main sample, not the compare pane's
/// sample or an ELBO estimate.
public enum JobLane: Hashable, Sendable {
    case sample(SampleLane)
    case predictions
    case elbo
    /// The held-out sweep (`SweepJob.swift`), on the ELBO worker beside ELBO estimates.
    case sweep
    case training
}

/// What a running job can see of its worker: whether it has been superseded. Jobs check
/// `isCancelled` between steps (a sampler step, an ELBO batch, an RL round) — there is no
/// pre-emption.
final class JobContext: Sendable {
    private let worker: EngineWorker
    private let lane: JobLane
    private let generation: UInt64

    init(worker: EngineWorker, lane: JobLane, generation: UInt64) {
        self.worker = worker
        self.lane = lane
        self.generation = generation
    }

    var isCancelled: Bool { worker.generation(of: lane) != generation }
}

/// One background compute thread running one job at a time (docs/architecture.md §3).
///
/// `submit(lane:replacing: true)` cancels the lane's running job and drops its queued ones;
/// `replacing: false` queues behind whatever runs (cursor predictions, a second sample). Jobs of
/// other lanes are never touched. Jobs publish into an `Inbox` the UI drains.
final class EngineWorker: Sendable {
    typealias Job = @Sendable (JobContext) -> Void

    private struct Queue {
        var pending: [(lane: JobLane, generation: UInt64, job: Job)] = []
        /// Bumped to cancel a lane; a job runs while its lane's generation is the one it was given.
        var generations: [JobLane: UInt64] = [:]
        var running = false
        var stopped = false
    }

    private let queue = Mutex(Queue())
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    let name: String

    init(name: String) {
        self.name = name
        let thread = Thread { [self] in loop() }
        thread.name = name
        // Engine code keeps its big buffers on the heap; 8 MiB covers deep generic call chains.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The lane's current generation (`UInt64.max` once stopped, so every job is cancelled).
    func generation(of lane: JobLane) -> UInt64 {
        queue.withLock { $0.stopped ? .max : $0.generations[lane, default: 0] }
    }

    /// Whether a job is running or waiting.
    var isBusy: Bool { queue.withLock { $0.running || !$0.pending.isEmpty } }

    func submit(lane: JobLane, replacing: Bool = true, _ job: @escaping Job) {
        queue.withLock { q in
            if replacing {
                q.pending.removeAll { $0.lane == lane }
                q.generations[lane, default: 0] += 1
            }
            q.pending.append((lane, q.generations[lane, default: 0], job))
        }
        wake.signal()
    }

    /// Cancels the lane's running job and drops its queued ones.
    func cancel(_ lane: JobLane) {
        queue.withLock { q in
            q.pending.removeAll { $0.lane == lane }
            q.generations[lane, default: 0] += 1
        }
    }

    /// Cancels every lane.
    func cancelAll() {
        queue.withLock { q in
            q.pending.removeAll()
            for lane in q.generations.keys { q.generations[lane]! += 1 }
        }
    }

    /// Cancels everything and waits (at most `timeout` seconds) for the thread to leave its
    /// current job. Idempotent.
    func shutdown(timeout: Double = 5) {
        let first = queue.withLock { q -> Bool in
            defer { q.stopped = true; q.pending.removeAll() }
            return !q.stopped
        }
        guard first else { return }
        wake.signal()
        _ = finished.wait(timeout: .now() + timeout)
    }

    private func loop() {
        while true {
            wake.wait()
            while let next = take() {
                next.job(JobContext(worker: self, lane: next.lane, generation: next.generation))
                queue.withLock { $0.running = false }
            }
            if queue.withLock({ $0.stopped }) {
                finished.signal()
                return
            }
        }
    }

    private func take() -> (lane: JobLane, generation: UInt64, job: Job)? {
        queue.withLock { q in
            guard !q.stopped, !q.pending.isEmpty else { return nil }
            q.running = true
            return q.pending.removeFirst()
        }
    }
}
