import Foundation
import Testing

/// No committed screen shows a cut value: a "…" in a snapshot is either on the allow-list below,
/// with the reason it is not data cut short, or a failure naming the file and line. (Layouts
/// are computed from the terminal size so values fit; where one cannot, its full text must be
/// reachable elsewhere and the reason written here.)
struct SnapshotCutTests {
    /// A "…" allowed in snapshots whose name starts with `snapshot`, on lines containing `context`.
    struct Allowed {
        var snapshot: String
        var context: String
        var reason: String
    }

    static let allowed: [Allowed] = [
        Allowed(
            snapshot: "WorkbenchModels", context: "NFE 0 · sampling…",
            reason: "the title bar's progress word while the new model's first sample runs, not a cut value")
    ]

    static let folder: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    @Test func noSnapshotShowsACutValue() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".txt") }.sorted()
        #expect(names.count >= 50, "the snapshots were not found in \(Self.folder.path)")
        var used = Set<String>()
        for name in names {
            let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.contains("…") {
                let allowed = Self.allowed.first { name.hasPrefix($0.snapshot) && line.contains($0.context) }
                #expect(allowed != nil, "\(name):\(i + 1) has a cut value: \(line)")
                if let allowed { used.insert(allowed.snapshot + allowed.context) }
            }
        }
        // An entry no snapshot needs any more is dead and goes.
        for a in Self.allowed { #expect(used.contains(a.snapshot + a.context), "unused allow-list entry: \(a.reason)") }
    }
}
