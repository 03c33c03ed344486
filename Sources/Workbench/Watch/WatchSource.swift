import Foundation
import RunLog

/// One run given to `unmask watch`: a folder (followed with everything below it) or a single
/// metrics file, and the short label its curves and toggle carry.
public struct WatchSource: Sendable, Equatable {
    let path: String
    let label: String
    /// Folders below `path` searched for its files (0: the folder's own files only).
    var depth = RunFolderWatcher.searchDepth
    /// The folder named on the command line this run was found in (`runs(in:)`), nil for a file:
    /// its runs are looked for again as the watch goes on.
    var root: String?

    /// Checks every path before the terminal is touched and labels the runs.
    ///
    /// A path must exist; a file must be one the watcher can follow (an event file, `.jsonl`
    /// or a trainer_state `.json`). A folder may still be empty: a run that has not logged yet
    /// is worth watching. Labels are the folder's name (a file's parent folder, skipping an HF
    /// `checkpoint-N`), lengthened with parent folders until they are unique.
    public static func resolve(_ paths: [String]) throws(WatchPathError) -> [WatchSource] {
        guard !paths.isEmpty else { throw WatchPathError(path: nil, problem: "give at least one run folder or metrics file") }
        var resolved: [(path: String, depth: Int, root: String?)] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw WatchPathError(path: path, problem: "no such file or folder")
            }
            if isDirectory.boolValue {
                guard FileManager.default.isReadableFile(atPath: path),
                    (try? FileManager.default.contentsOfDirectory(atPath: path)) != nil
                else {
                    throw WatchPathError(path: path, problem: "folder cannot be read")
                }
            } else {
                guard RunFolderWatcher.canFollow(file: path) else {
                    throw WatchPathError(
                        path: path,
                        problem:
                            "not a run folder, metrics .jsonl, TensorBoard event file (events.out.tfevents.*) or trainer_state.json"
                    )
                }
                guard FileManager.default.isReadableFile(atPath: path) else {
                    throw WatchPathError(path: path, problem: "file cannot be read")
                }
            }
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            let root = isDirectory.boolValue ? absolute : nil
            for run in root.map(runs(in:)) ?? [(absolute, RunFolderWatcher.searchDepth)]
            where !resolved.contains(where: { $0.path == run.path }) {
                resolved.append((run.path, run.depth, root))
            }
        }
        return labelled(resolved)
    }

    /// Sources for `runs` (path, depth, root), labelled together.
    static func labelled(_ runs: [(path: String, depth: Int, root: String?)]) -> [WatchSource] {
        zip(runs, labels(for: runs.map(\.path))).map { WatchSource(path: $0.path, label: $1, depth: $0.depth, root: $0.root) }
    }

    /// Unique short labels: the run folder's name, then more of the path where names collide.
    static func labels(for paths: [String]) -> [String] {
        let components = paths.map { path -> [String] in
            var parts = URL(fileURLWithPath: path).pathComponents.filter { $0 != "/" }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue, parts.count > 1 {
                parts.removeLast()  // a file is labelled by its folder
                if parts.count > 1, parts.last!.hasPrefix("checkpoint-") { parts.removeLast() }
            }
            return parts.isEmpty ? ["/"] : parts
        }
        var depth = Array(repeating: 1, count: paths.count)
        func label(_ i: Int) -> String { components[i].suffix(depth[i]).joined(separator: "/") }
        while true {
            let labels = paths.indices.map(label)
            // Lengthen a label only while a path that differs shares it (identical ones never part).
            let clashing = paths.indices.filter { i in
                depth[i] < components[i].count
                    && paths.indices.contains { j in j != i && labels[j] == labels[i] && components[j] != components[i] }
            }
            if clashing.isEmpty { return numberingRepeats(labels) }
            for i in clashing { depth[i] += 1 }
        }
    }

    /// Two files of one folder still share a label: the later ones become "name (2)", ….
    private static func numberingRepeats(_ labels: [String]) -> [String] {
        var seen: [String: Int] = [:]
        return labels.map { label in
            seen[label, default: 0] += 1
            return seen[label]! == 1 ? label : "\(label) (\(seen[label]!))"
        }
    }
}

/// A path `unmask watch` cannot follow; `description` is the message for the user.
public struct WatchPathError: Error, CustomStringConvertible, Equatable {
    let path: String?
    let problem: String

    public var description: String { path.map { "\($0): \(problem)" } ?? problem }
}
