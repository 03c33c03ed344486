#if canImport(Glibc)
import Glibc
#endif

/// The folder of a training run:
///
///     runs/NAME/
///       metrics.jsonl                one line per optimizer step
///       checkpoints/step-000200/     config.json, model.safetensors, tokenizer.json,
///                                    optimizer.safetensors, trainer_state.json
///       latest -> checkpoints/step-000200
///
/// A checkpoint is written whole into a hidden folder and renamed into place, then `latest`
/// is repointed by renaming a new symlink over it, so a crash at any moment leaves `latest`
/// naming a complete checkpoint. Older checkpoints beyond `keep` are removed afterwards.
public struct RunDirectory: Sendable {
    public let path: String
    public var metricsPath: String { path + "/metrics.jsonl" }
    public var latestPath: String { path + "/latest" }
    var checkpointsPath: String { path + "/checkpoints" }

    public init(path: String) { self.path = path }

    /// True when the folder already holds a checkpoint.
    public var hasCheckpoint: Bool { access(latestPath + "/" + Checkpoint.configFile, F_OK) == 0 }

    /// Writes a checkpoint for `step` via `write` (which fills the given folder) and makes it `latest`.
    public func commitCheckpoint(step: Int, keep: Int = 2, _ write: (Checkpoint) throws -> Void) throws {
        try makeDirectory(checkpointsPath)
        let name = "step-" + String(repeating: "0", count: max(0, 6 - String(step).count)) + String(step)
        let final = checkpointsPath + "/" + name, staging = checkpointsPath + "/." + name + ".partial"
        try removeTree(staging)
        try write(Checkpoint(directory: staging))
        try removeTree(final)  // re-saving the same step (e.g. a final save right after a periodic one)
        try check(rename(staging, final) == 0, "rename \(staging) → \(final)")
        let link = path + "/.latest.tmp"
        unlink(link)
        try check(symlink("checkpoints/" + name, link) == 0, "symlink \(link)")
        try check(rename(link, latestPath) == 0, "rename \(link) → \(latestPath)")
        try prune(keep: keep, current: name)
    }

    /// Removes all but the newest `keep` checkpoints (never the current one).
    private func prune(keep: Int, current: String) throws {
        guard let dir = opendir(checkpointsPath) else { return }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name.hasPrefix("step-") { names.append(name) }
        }
        closedir(dir)
        for name in names.sorted().dropLast(max(keep, 1)) where name != current {
            try removeTree(checkpointsPath + "/" + name)
        }
    }
}

extension Checkpoint {
    /// The checkpoint a user means by `path`: the folder itself when it holds `config.json`,
    /// else the `latest` checkpoint of a run folder.
    public static func resolve(_ path: String) throws(CheckpointError) -> Checkpoint {
        if access(path + "/" + configFile, F_OK) == 0 { return Checkpoint(directory: path) }
        let run = RunDirectory(path: path)
        if run.hasCheckpoint { return Checkpoint(directory: run.latestPath) }
        throw CheckpointError(path: path, .unreadable("no \(configFile) here and no run checkpoint at \(path)/latest"))
    }
}

func makeDirectory(_ path: String) throws {
    var prefix = path.hasPrefix("/") ? "/" : ""
    for part in path.split(separator: "/") {
        prefix += part + "/"
        try check(mkdir(prefix, 0o755) == 0 || errno == EEXIST, "mkdir \(prefix)")
    }
}

/// `rm -rf path` for the engine's own folders (regular files and directories, no links followed).
func removeTree(_ path: String) throws {
    var info = stat()
    guard lstat(path, &info) == 0 else { return }
    if (info.st_mode & S_IFMT) == S_IFDIR {
        if let dir = opendir(path) {
            var names: [String] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                if name != "." && name != ".." { names.append(name) }
            }
            closedir(dir)
            for name in names { try removeTree(path + "/" + name) }
        }
        try check(rmdir(path) == 0, "rmdir \(path)")
    } else {
        try check(unlink(path) == 0, "unlink \(path)")
    }
}

func check(_ ok: Bool, _ what: String) throws {
    if !ok { throw CheckpointError(path: what, .writeFailed(String(cString: strerror(errno)))) }
}
