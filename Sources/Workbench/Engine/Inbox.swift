import Synchronization

/// Messages from engine threads to the UI thread. Workers `post`; the UI `drain`s once per
/// frame, so the UI never waits on a computation and a worker never waits on drawing.
public final class Inbox<Message: Sendable>: Sendable {
    private let messages = Mutex<[Message]>([])

    init() {}

    func post(_ message: Message) {
        messages.withLock { $0.append(message) }
    }

    /// Everything posted since the last drain, oldest first.
    public func drain() -> [Message] {
        messages.withLock { queue in
            defer { queue.removeAll(keepingCapacity: true) }
            return queue
        }
    }
}
