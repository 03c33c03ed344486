import Foundation
import RunLog

/// A folder of several runs (a TensorBoard log directory: `runs/a`, `runs/b`, …, or what
/// `SummaryWriter.add_scalars` writes beside its own file) is watched as those runs, as
/// TensorBoard shows them: watched as one, their curves merged into one and the values of
/// one run overwrote another's at the same step.
extension WatchSource {
    /// Subfolder names that make a folder one run: a Hugging Face / TRL output folder
    /// (`checkpoint-N/`, `runs/<date>/`) or an Unmask run folder (`latest/`, `checkpoints/`).
    static func isRunPart(_ name: String) -> Bool {
        name.hasPrefix("checkpoint-") || ["runs", "latest", "checkpoints"].contains(name)
    }

    /// The runs of folder `path`: each subfolder holding stream files (down to the watcher's
    /// depth below it) when there are two or more, or one beside files of the folder's own
    /// (then followed alone, depth 0); else the folder as one run.
    static func runs(in path: String) -> [(path: String, depth: Int)] {
        let whole = [(path: path, depth: RunFolderWatcher.searchDepth)]
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path).filter({ !$0.hasPrefix(".") }).sorted()
        else { return whole }
        var folders: [String] = [], ownFiles = false
        for name in names {
            let child = path + "/" + name
            if isFolder(child) {
                if isRunPart(name) { return whole }
                if holdsStreamFiles(child, depth: RunFolderWatcher.searchDepth) { folders.append(child) }
            } else if RunFolderWatcher.isStreamFile(name: name) {
                ownFiles = true
            }
        }
        guard folders.count >= 2 || (ownFiles && !folders.isEmpty) else { return whole }
        return (ownFiles ? [(path, 0)] : []) + folders.map { ($0, RunFolderWatcher.searchDepth) }
    }

    private static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Whether `folder` or a folder up to `depth` below it holds a stream file.
    private static func holdsStreamFiles(_ folder: String, depth: Int) -> Bool {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return false }
        return names.contains { name in
            guard !name.hasPrefix(".") else { return false }
            let child = folder + "/" + name
            return isFolder(child)
                ? depth > 0 && holdsStreamFiles(child, depth: depth - 1) : RunFolderWatcher.isStreamFile(name: name)
        }
    }
}
