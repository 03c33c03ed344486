import Foundation
import Synchronization
import Testing

@testable import MaskedDiffusion

/// The gang behind multi-threaded passes: every index runs exactly once per job, on distinct
/// threads, the call returns only after all are done, and sleeping workers wake for new jobs.
struct WorkerGangTests {
    /// Runs per index, and the threads that ran each index.
    final class Tally: Sendable {
        let state: Mutex<(counts: [Int], threads: [Set<ObjectIdentifier>])>
        init(_ n: Int) { state = Mutex((Array(repeating: 0, count: n), Array(repeating: [], count: n))) }
        func add(_ i: Int) {
            let me = ObjectIdentifier(Thread.current)
            state.withLock {
                $0.counts[i] += 1
                $0.threads[i].insert(me)
            }
        }
        var counts: [Int] { state.withLock { $0.counts } }
        var threads: [Set<ObjectIdentifier>] { state.withLock { $0.threads } }
    }

    @Test(arguments: [1, 2, 3])
    func everyIndexRunsOncePerJobAndTheCallWaitsForAll(workers: Int) {
        let gang = WorkerGang(count: workers), tally = Tally(workers)
        for job in 0..<500 {
            gang.run { tally.add($0) }
            #expect(tally.counts == Array(repeating: job + 1, count: workers))
        }
        // Index 0 is the caller; each other index is one worker thread of its own.
        let threads = tally.threads
        #expect(threads[0] == [ObjectIdentifier(Thread.current)])
        #expect(threads.allSatisfy { $0.count == 1 } && Set(threads.flatMap { $0 }).count == workers)
    }

    @Test func aSleepingWorkerWakesForTheNextJob() {
        let gang = WorkerGang(count: 2), tally = Tally(2)
        gang.run { tally.add($0) }
        Thread.sleep(forTimeInterval: 0.05)  // long past the spin: the worker sleeps on the condition
        gang.run { tally.add($0) }
        #expect(tally.counts == [2, 2])
    }
}
