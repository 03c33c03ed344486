import Foundation

/// Cuts a run's own per-step logs back to the checkpoint it resumes from, so that no step is
/// logged twice: a run killed after its checkpoint at step S had already logged steps ≥ S,
/// and the resumed run logs them again. (TensorBoard drops the steps after a restart the same
/// way.) Each file is truncated at the first record at step ≥ S; a trailing partial record
/// goes too. Missing files are fine.
public enum LogRewind {
    /// A JSON Lines log (metrics.jsonl, samples.jsonl): keeps the complete lines before the
    /// first whose `step` is ≥ `step`. Lines without a numeric `step` are kept.
    public static func jsonLines(at path: String, keepingStepsBefore step: Int) throws(RunLogError) {
        guard let bytes = try contents(of: path) else { return }
        var cut = 0
        var start = 0
        while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let object = (try? JSONSerialization.jsonObject(with: Data(bytes[start..<newline]))) as? [String: Any]
            if let number = object?["step"] as? NSNumber, !(number.doubleValue < Double(step)) { break }
            start = newline + 1
            cut = start
        }
        try truncate(path, to: cut, from: bytes.count)
    }

    /// A TensorBoard event file: keeps the records before the first event at step ≥ `step`
    /// that carries values (the file-version header stays), and nothing after a damaged record.
    public static func eventFile(at path: String, keepingStepsBefore step: Int) throws(RunLogError) {
        guard let bytes = try contents(of: path) else { return }
        var offset = 0
        scan: while offset < bytes.count {
            switch TFRecord.parse(bytes, at: offset) {
            case .record(let data, let frameSize):
                guard let event = try? TensorBoardEvent(decoding: bytes[data]) else { break scan }
                if !event.values.isEmpty && event.step >= Int64(step) { break scan }
                offset += frameSize
            default:
                break scan
            }
        }
        try truncate(path, to: offset, from: bytes.count)
    }

    /// Every `events.out.tfevents.*` file in `folder`.
    public static func eventFiles(in folder: String, keepingStepsBefore step: Int) throws(RunLogError) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names where name.hasPrefix(EventFileWriter.namePrefix) {
            try eventFile(at: folder + "/" + name, keepingStepsBefore: step)
        }
    }

    private static func contents(of path: String) throws(RunLogError) -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return Array(try RegularFile.contents(path))
    }

    private static func truncate(_ path: String, to length: Int, from size: Int) throws(RunLogError) {
        guard length < size else { return }
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0, ftruncate(fd, off_t(length)) == 0 else {
            let reason = String(cString: strerror(errno))
            if fd >= 0 { close(fd) }
            throw RunLogError(path: path, problem: "cannot cut back to the checkpoint (\(reason))")
        }
        fsync(fd)
        close(fd)
    }
}
