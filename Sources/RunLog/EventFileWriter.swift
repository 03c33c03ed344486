import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a run's metrics as a TensorBoard event file, so `tensorboard --logdir <run>` shows
/// the same curves as metrics.jsonl.
///
/// The file is named like TensorBoard's own writer names it,
/// `events.out.tfevents.<10-digit unix seconds>.<hostname>.<pid>.<n>` (`n` counts up only if
/// that name already exists), and starts with the `file_version: "brain.Event:2"` record.
/// Each metrics record becomes one `Event` holding one `simple_value` per metric, framed and
/// written with a single `write`, so a reader tailing the file sees whole records or a
/// half-written last one, never interleaved bytes. A new writer always starts a new file, as
/// TensorBoard expects of a restarted run.
public final class EventFileWriter {
    public let path: String
    private let fd: Int32

    /// What every event file's name starts with (TensorBoard's writers', ours).
    public static let namePrefix = "events.out.tfevents."

    /// The Unix seconds an event file's name gives as its creation time, nil for another name.
    public static func creationSeconds(ofFileNamed name: String) -> Int? {
        guard name.hasPrefix(namePrefix) else { return nil }
        return Int(name.dropFirst(namePrefix.count).prefix { $0.isNumber })
    }

    /// Creates the event file inside `folder` (which must exist); `wallTime` names the file
    /// and stamps its first record.
    public init(folder: String, wallTime: Double = Date().timeIntervalSince1970) throws(RunLogError) {
        let stem = "\(folder)/\(Self.namePrefix)\(Self.tenDigits(Int(wallTime))).\(Self.hostname()).\(getpid())"
        var n = 0
        var fd: Int32
        repeat {
            fd = open("\(stem).\(n)", O_WRONLY | O_CREAT | O_EXCL | O_APPEND, 0o644)
            n += 1
        } while fd < 0 && errno == EEXIST
        path = "\(stem).\(n - 1)"
        if fd < 0 { throw RunLogError(path: path, problem: "cannot create event file (\(String(cString: strerror(errno))))") }
        self.fd = fd
        try appendFrame(of: TensorBoardEvent(wallTime: wallTime, fileVersion: "brain.Event:2"))
    }

    deinit { close(fd) }

    /// Appends `record` as one event; a NaN wall time (unknown) is stamped with the current time.
    public func append(_ record: MetricsRecord) throws(RunLogError) {
        let wallTime = record.wallTime.isNaN ? Date().timeIntervalSince1970 : record.wallTime
        let values = record.values.map { TensorBoardEvent.Value(tag: $0.name, simpleValue: Float($0.value)) }
        try appendFrame(of: TensorBoardEvent(wallTime: wallTime, step: Int64(record.step), values: values))
    }

    private func appendFrame(of event: TensorBoardEvent) throws(RunLogError) {
        try WholeAppend.append(TFRecord.frame(event.encoded), to: fd, path: path, using: { write($0, $1, $2) })
    }

    private static func tenDigits(_ seconds: Int) -> String {
        let digits = String(seconds)
        return String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }

    /// The host name as `gethostname` reports it (Foundation's may resolve it over DNS).
    private static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
