/// The one door UI code reaches compute through: run `EngineRequest`s, report in an inbox.
///
/// Two engines stand behind it: `EngineCoordinator`, the Swift engine on this machine's
/// threads, and `ProcessEngine`, a backend process (PyTorch on a GPU machine, the numpy fake)
/// speaking docs/backend-protocol.md over a pipe. The shell holds either; the reducer never
/// knows which.
public protocol EngineDoor: AnyObject, Sendable {
    /// Where results arrive; the UI drains it once per tick.
    var inbox: Inbox<EngineMessage> { get }
    /// Runs one request against `model` (the model the workbench shows when it asked). Never
    /// blocks on compute or on a pipe.
    func execute(_ request: EngineRequest, model: WorkbenchModel)
    /// Whether an RL run is still on its thread.
    var isTraining: Bool { get }
    /// Starts afresh: every job is dropped; a backend process is started again (its `hello`
    /// arrives as `.backend(.ready)`).
    func restart()
    /// Stops every thread and child process.
    func shutdown()
}
