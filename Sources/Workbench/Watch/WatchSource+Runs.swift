import Foundation
import RunLog

/// A folder of several runs (a TensorBoard log directory: `runs/a`, `runs/b`, …, or what
/// `SummaryWriter.add_scalars` writes beside its own file) is watched as those runs, as
/// TensorBoard shows them. (Watched as one run, their curves were merged, one run's values
/// overwriting another's at the same step.)
extension WatchSource {
    /// Subfolder names that make a folder one run: a Hugging Face / TRL output folder
    /// (`checkpoint-N/`, `runs/<date>/`) or an Unmask run folder (`latest/`, `checkpoints/`).
    static func isRunPart(_ name: String) -> Bool {
        name.hasPrefix("checkpoint-") || ["runs", "latest", "checkpoints"].contains(name)
    }

    /// The runs of folder `path`: each subfolder holding stream files (down to the watcher's
    /// depth below it) when there are two or more, or one beside event files or a
    /// metrics.jsonl of the folder's own (then followed alone, depth 0); else the folder as one
    /// run. A folder with a trainer_state.json of its own is one run (an HF output folder
    /// saved without checkpoints, its logs in a subfolder of its choosing). Asked again as the
    /// watch goes on (`WatchModel`), so runs that start later are found.
    static func runs(in path: String) -> [(path: String, depth: Int)] {
        let whole = [(path: path, depth: RunFolderWatcher.searchDepth)]
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path).filter({ !$0.hasPrefix(".") }).sorted()
        else { return whole }
        var folders: [String] = [], ownFiles = false
        for name in names {
            let child = path + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: child, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if isRunPart(name) { return whole }
                if !RunFolderWatcher.streamFiles(under: child, depth: RunFolderWatcher.searchDepth).isEmpty {
                    folders.append(child)
                }
            } else if RunFolderWatcher.isStreamFile(name: name) {
                if name == "trainer_state.json" { return whole }
                ownFiles = true
            }
        }
        guard folders.count >= 2 || (ownFiles && !folders.isEmpty) else { return whole }
        return (ownFiles ? [(path, 0)] : []) + folders.map { ($0, RunFolderWatcher.searchDepth) }
    }
}
