import Foundation
import Synchronization

/// A fixed set of threads that run one job at a time, each with its own index, the caller being
/// worker 0. A transformer pass that splits one sequence's rows among workers joins them several
/// times per layer, microseconds of work apart: here a join is a spin on a counter, not a
/// dispatch. Idle workers spin briefly, then sleep until the next job.
final class WorkerGang: Sendable {
    /// Workers, the caller included.
    let count: Int
    private let shared: Shared

    init(count: Int) {
        precondition(count >= 1)
        self.count = count
        shared = Shared()
        for index in 1..<count {
            let thread = Thread { [shared] in shared.serve(index: index) }
            thread.name = "unmask-worker-\(index)"
            thread.start()
        }
    }

    deinit { shared.stop() }

    /// Runs body(0) on the calling thread and body(1)…body(count − 1) on the workers; returns
    /// when all are done. Not reentrant, and one caller at a time. With workers, a call makes
    /// one small allocation: withoutActuallyEscaping boxes the job to check that it did not escape.
    func run(_ body: (Int) -> Void) {
        guard count > 1 else { return body(0) }
        withoutActuallyEscaping(body) { job in
            shared.start(job)
            job(0)
            shared.waitForWorkers(count - 1)
        }
    }

    /// The state the workers share with the caller; they hold it, not the gang, so the gang's
    /// deinit can stop them.
    private final class Shared: @unchecked Sendable {
        /// Bumped once per job (and once to stop); workers run a job when it moves past theirs.
        let generation = Atomic<Int>(0)
        /// Workers done with the current job.
        let finished = Atomic<Int>(0)
        let stopping = Atomic<Bool>(false)
        /// The current job, written by the caller only between jobs (before `generation` moves).
        var job: ((Int) -> Void)?
        /// Where idle workers sleep once they have spun for `spinLimit` checks.
        let wake = NSCondition()
        static let spinLimit = 20_000
        /// Checks before a waiting thread starts yielding its core at every check.
        static let yieldAfter = 200

        func start(_ job: @escaping (Int) -> Void) {
            self.job = job
            finished.store(0, ordering: .relaxed)
            generation.add(1, ordering: .releasing)
            wake.lock()
            wake.broadcast()
            wake.unlock()
        }

        func waitForWorkers(_ n: Int) {
            var spins = 0
            while finished.load(ordering: .acquiring) < n {
                spins += 1
                // On a busy machine a worker may be waiting for a core: let it have this one.
                if spins > Self.yieldAfter { sched_yield() }
            }
            job = nil  // before withoutActuallyEscaping checks that the job did not escape
        }

        func stop() {
            stopping.store(true, ordering: .relaxed)
            generation.add(1, ordering: .releasing)
            wake.lock()
            wake.broadcast()
            wake.unlock()
        }

        func serve(index: Int) {
            var seen = 0
            while true {
                var spins = 0
                while generation.load(ordering: .acquiring) == seen {
                    spins += 1
                    if spins > Self.yieldAfter { sched_yield() }
                    guard spins > Self.spinLimit else { continue }
                    wake.lock()
                    while generation.load(ordering: .acquiring) == seen { wake.wait() }
                    wake.unlock()
                }
                seen = generation.load(ordering: .acquiring)
                if stopping.load(ordering: .relaxed) { return }
                runJob(index)
                finished.add(1, ordering: .releasing)
            }
        }

        /// Separate so the worker's reference to the job is released before it reports done.
        @inline(never)
        private func runJob(_ index: Int) { job!(index) }
    }
}
