import RunLog

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

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

    private let file: LineAppender
    public var path: String { file.path }

    /// Opens `path` for appending, so a resumed run continues the file.
    public init(path: String) throws(RunLogError) {
        file = try LineAppender(path: path)
    }

    /// Appends the first `groups` groups of the round's rollouts.
    public func append(_ report: RLTrainer.RoundReport, groups: Int, groupSize: Int) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var lines: [String] = []
        let r = report.rollout
        for i in 0..<Swift.min(groups * groupSize, r.items.count) {
            let entry = Entry(
                round: report.round, step: report.steps.first?.step ?? 0, prompt: r.items[i].prompt,
                completion: r.completions[i], reward: r.rewards[i], advantage: report.advantages.values[i])
            lines.append(String(decoding: try encoder.encode(entry), as: UTF8.self))
        }
        try file.append(lines)
    }
}
