import Foundation
import Synchronization
import Testing

@testable import Workbench

/// The worker's lanes: a new job supersedes its own lane's job only.
struct EngineWorkerTests {
    /// A job that spins until cancelled (or 5 s), then records how it ended.
    static func spinner(_ name: String, into log: Inbox<String>, started: DispatchSemaphore? = nil) -> EngineWorker.Job {
        { context in
            started?.signal()
            let deadline = Date().addingTimeInterval(5)
            while !context.isCancelled && Date() < deadline { Thread.sleep(forTimeInterval: 0.002) }
            log.post("\(name) \(context.isCancelled ? "cancelled" : "ran out")")
        }
    }

    @Test func aNewJobCancelsOnlyItsOwnLane() {
        let worker = EngineWorker(name: "test")
        defer { worker.shutdown() }
        let log = Inbox<String>()
        let started = DispatchSemaphore(value: 0)
        worker.submit(lane: .sample(.branch(0)), Self.spinner("main", into: log, started: started))
        started.wait()
        // Another lane queues behind the running job and does not cancel it…
        worker.submit(lane: .elbo) { _ in log.post("elbo ran") }
        Thread.sleep(forTimeInterval: 0.05)
        #expect(log.drain().isEmpty)
        // …a new job of the same lane does.
        worker.submit(lane: .sample(.branch(0))) { _ in log.post("main again ran") }
        let deadline = Date().addingTimeInterval(5)
        var seen: [String] = []
        while seen.count < 3 && Date() < deadline {
            seen += log.drain()
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(seen == ["main cancelled", "elbo ran", "main again ran"])
    }

    @Test func cancellingALaneDropsItsQueuedJobs() {
        let worker = EngineWorker(name: "test")
        defer { worker.shutdown() }
        let log = Inbox<String>()
        let started = DispatchSemaphore(value: 0)
        worker.submit(lane: .elbo, Self.spinner("elbo", into: log, started: started))
        started.wait()
        worker.submit(lane: .predictions, replacing: false) { _ in log.post("predictions ran") }
        worker.submit(lane: .sample(.compare), replacing: false) { _ in log.post("compare ran") }
        worker.cancel(.predictions)
        worker.cancel(.elbo)
        let deadline = Date().addingTimeInterval(5)
        var seen: [String] = []
        while seen.count < 2 && Date() < deadline {
            seen += log.drain()
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(seen == ["elbo cancelled", "compare ran"])
    }
}
