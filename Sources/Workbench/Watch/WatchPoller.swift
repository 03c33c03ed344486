import Foundation
import Synchronization

/// Polls a `WatchModel` on its own thread and hands each changed snapshot to the UI, so file
/// reading never happens on the UI thread and a large first read (an event file full of
/// histograms) never freezes the screen.
///
/// Every `interval` it checks the known files (a `stat` each; reads only those that changed);
/// every `discoveryEvery`-th time it also walks the folders for new files. The UI calls
/// `takeSnapshot()` each frame: nil unless something changed since the last call.
public final class WatchPoller: @unchecked Sendable {
    // @unchecked: `model` is touched only by the polling thread once `start()` has run; the
    // snapshot and the stop flag cross threads through the Mutex and the Atomic.
    private let model: WatchModel
    private let interval: Double
    private let discoveryEvery: Int
    private let latest = Mutex<WatchSnapshot?>(nil)
    private let stopped = Atomic<Bool>(false)

    /// `interval` in seconds between file checks.
    public init(model: WatchModel, interval: Double = 0.25, discoveryEvery: Int = 4) {
        self.model = model
        self.interval = max(0.01, interval)
        self.discoveryEvery = max(1, discoveryEvery)
    }

    public func start() {
        let thread = Thread { [self] in run() }
        thread.name = "unmask-watch-poller"
        thread.start()
    }

    /// Ends the polling thread after its current poll.
    public func stop() { stopped.store(true, ordering: .relaxed) }

    /// The newest snapshot not yet taken, if the runs changed since the last call.
    public func takeSnapshot() -> WatchSnapshot? {
        latest.withLock { snapshot in
            defer { snapshot = nil }
            return snapshot
        }
    }

    private func run() {
        var count = 0
        while !stopped.load(ordering: .relaxed) {
            if model.poll(discoverNewFiles: count % discoveryEvery == 0) {
                let snapshot = model.snapshot
                latest.withLock { $0 = snapshot }
            }
            count += 1
            Thread.sleep(forTimeInterval: interval)
        }
    }
}
