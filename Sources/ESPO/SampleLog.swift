#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import RunLog

/// samples.jsonl: rollout completions with their rewards, one JSON object per line
/// (`{"round":3,"step":12,"prompt":"25 3 7=46","completion":"<answer>…","reward":1,"advantage":0.8}`).
public final class SampleLog {
    public struct Entry: Codable, Equatable, Sendable {
        public var round: Int
        public var step: Int
        public var prompt: String
        public var completion: String
        public var reward: Double
        public var advantage: Double
    }

    public let path: String
    private let fd: Int32

    /// Opens `path` for appending, so a resumed run continues the file.
    public init(path: String) throws(RunLogError) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        if fd < 0 { throw RunLogError(path: path, problem: "cannot open for writing (\(String(cString: strerror(errno))))") }
    }

    deinit { close(fd) }

    /// Appends the first `groups` groups of the round's rollouts.
    public func append(_ report: RLTrainer.RoundReport, groups: Int, groupSize: Int) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes: [UInt8] = []
        let r = report.rollout
        for i in 0..<Swift.min(groups * groupSize, r.items.count) {
            let entry = Entry(round: report.round, step: report.steps.first?.step ?? 0, prompt: r.items[i].prompt,
                              completion: r.completions[i], reward: r.rewards[i], advantage: report.advantages.values[i])
            bytes += Array(try encoder.encode(entry)) + [UInt8(ascii: "\n")]
        }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if written != bytes.count { throw RunLogError(path: path, problem: "short write (\(String(cString: strerror(errno))))") }
    }
}
