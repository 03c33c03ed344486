import Foundation

/// Reads the scalars of a TensorBoard event file, and keeps reading it as it grows.
///
/// Follows TensorBoard's own loader: a record that is not complete yet (the writer is mid-write)
/// is kept back and retried on the next `poll`, never reported. A complete record whose data
/// fails its CRC is skipped (its length says where the next one starts) and reported in
/// `warnings` with its byte offset. If a length fails its own CRC there is no trustworthy way
/// to find the next record, so that is reported and the rest of the file is left unread.
///
/// Scalars come in two shapes, both returned: old-style `simple_value` (PyTorch `add_scalar`,
/// our `EventFileWriter`) and rank-0 tensors of the "scalars" plugin (TF2 `tf.summary.scalar`,
/// PyTorch `new_style=True`). Plugin metadata is usually written only with a tag's first value,
/// so the plugin of each tag is remembered for the rest of the file.
public final class EventFileReader {
    public let path: String
    /// Records that could not be read, as `path: byte N: problem`.
    public private(set) var warnings: [RunLogError] = []
    /// True once a corrupt record length has stopped reading this file.
    public private(set) var stopped = false
    /// File offset of the first byte not yet consumed (the start of any kept-back record).
    public private(set) var offset: UInt64 = 0
    /// Bytes read from `offset` on that do not yet form a complete record.
    private var pending: [UInt8] = []
    /// Tag → whether its tensors are scalars, from the metadata seen with its first value.
    private var tensorIsScalar: [String: Bool] = [:]

    public init(path: String) { self.path = path }

    /// How much of the file is read at a time, so a large file (images, histograms) is never
    /// held in memory whole; a record larger than this simply spans several reads.
    static let chunkSize = 4 << 20

    /// Scalars appended since the last call (all of them on the first call), in file order.
    public func poll() throws(RunLogError) -> [ScalarPoint] {
        guard !stopped else { return [] }
        let handle = try RegularFile.openForReading(path)
        defer { try? handle.close() }
        var points: [ScalarPoint] = []
        do {
            let end = try handle.seekToEnd()
            if end < offset + UInt64(pending.count) {  // the file shrank: it was replaced
                offset = 0
                pending = []
                tensorIsScalar = [:]
            }
            try handle.seek(toOffset: offset + UInt64(pending.count))
            while !stopped, let chunk = try handle.read(upToCount: Self.chunkSize), !chunk.isEmpty {
                pending += chunk
                consumeRecords(into: &points)
            }
        } catch {
            throw RunLogError(path: path, problem: "read failed (\(error))")
        }
        return points
    }

    /// Reads the complete records at the start of `pending` and drops them from it.
    private func consumeRecords(into points: inout [ScalarPoint]) {
        var start = 0
        scan: while start < pending.count {
            let recordOffset = offset + UInt64(start)
            switch TFRecord.parse(pending, at: start) {
            case .incomplete:
                break scan
            case .corruptLength:
                warn(at: recordOffset, "record length fails its CRC-32C; the rest of the file is not read")
                stopped = true
                break scan
            case .oversized(let length):
                warn(at: recordOffset, "record length \(length) is more than an Event can hold; the rest of the file is not read")
                stopped = true
                break scan
            case .corruptData(let frameSize):
                warn(at: recordOffset, "record data fails its CRC-32C; record skipped")
                start += frameSize
            case .record(let data, let frameSize):
                do {
                    collectScalars(of: try TensorBoardEvent(decoding: pending[data]), at: recordOffset, into: &points)
                } catch {
                    warn(at: recordOffset, "record is not a TensorBoard Event (\(error)); record skipped")
                }
                start += frameSize
            }
        }
        pending.removeFirst(start)
        offset += UInt64(start)
    }

    private func collectScalars(of event: TensorBoardEvent, at recordOffset: UInt64, into points: inout [ScalarPoint]) {
        guard !event.values.isEmpty else { return }
        let step: Int
        switch MetricStep.from(event.step) {
        case .success(let s): step = s
        case .failure(let problem):
            warn(at: recordOffset, problem.message)
            return
        }
        for value in event.values {
            if value.pluginName != nil || value.dataClass != nil {
                tensorIsScalar[value.tag] = value.pluginName == "scalars" || value.dataClass == 1
            }
            let number: Double?
            if let simple = value.simpleValue {
                number = Double(simple)
            } else if let tensor = value.tensor, tensorIsScalar[value.tag] ?? true {
                number = tensor.scalarValue
            } else {
                number = nil
            }
            if let number {
                points.append(ScalarPoint(tag: value.tag, step: step, wallTime: event.wallTime, value: number))
            }
        }
    }

    private func warn(at byte: UInt64, _ problem: String) {
        warnings.append(RunLogError(path: path, problem: "byte \(byte): \(problem)"))
    }
}
