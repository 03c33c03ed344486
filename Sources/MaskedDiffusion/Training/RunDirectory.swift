#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The folder of a training run:
///
///     runs/NAME/
///       .lock                        held (flock) by the process running it; see `RunLock`
///       metrics.jsonl                one line per optimizer step
///       checkpoints/step-000200/     config.json, model.safetensors, tokenizer.json,
///                                    optimizer.safetensors, trainer_state.json
///       latest -> checkpoints/step-000200
///
/// `commitCheckpoint` is the one way a checkpoint reaches the folder, and it never deletes the
/// only good copy: a kill, a power cut or a full disk at any moment leaves a whole checkpoint
/// that `latestCheckpoint` finds (and `recover` puts back in place). See `commitCheckpoint`.
public struct RunDirectory: Sendable {
    public let path: String
    public var metricsPath: String { path + "/metrics.jsonl" }
    public var latestPath: String { path + "/latest" }
    var checkpointsPath: String { path + "/checkpoints" }

    public init(path: String) { self.path = path }

    /// True when the folder holds a checkpoint a run can resume from.
    public var hasCheckpoint: Bool { latestCheckpoint != nil }

    /// True when the folder holds any trace of a run (a checkpoint, a `latest` link even if
    /// dangling, a checkpoints folder, a non-empty metrics log): starting a new run there would
    /// mix two runs' logs and pruning, so only `--resume` may use it.
    public var holdsRun: Bool {
        var info = stat()
        if lstat(latestPath, &info) == 0 || lstat(checkpointsPath, &info) == 0 { return true }
        return stat(metricsPath, &info) == 0 && info.st_size > 0
    }

    /// An empty path would put the run's files in the filesystem's root (`path + "/latest"`).
    private func checkNamed() throws(TrainingRunError) {
        if path.isEmpty { throw .invalidSettings("the run folder's path is empty") }
    }

    /// Throws unless a new run may start here: `alreadyExists`, or `noCheckpoint` for the trace
    /// of a run that stopped before its first save (it can neither resume nor be reused).
    public func checkFreeForStart() throws(TrainingRunError) {
        try checkNamed()
        guard holdsRun else { return }
        throw hasCheckpoint ? .alreadyExists(path) : .noCheckpoint(path)
    }

    /// Throws unless a run can resume here: `nothingToResume` for an empty folder, `noCheckpoint`
    /// for a run that stopped before its first save.
    public func checkResumable() throws(TrainingRunError) {
        try checkNamed()
        guard !hasCheckpoint else { return }
        throw holdsRun ? .noCheckpoint(path) : .nothingToResume(path)
    }

    /// The checkpoint to resume from: what `latest` names when that is whole; else (after a
    /// kill in the middle of a commit) the copy set aside under the same step, else the newest
    /// whole checkpoint by step.
    public var latestCheckpoint: Checkpoint? {
        if Self.isWhole(latestPath) { return Checkpoint(directory: latestPath) }
        if let target = Self.linkTarget(latestPath), let name = target.split(separator: "/").last,
            Self.isWhole(checkpointsPath + "/" + CheckpointName.aside(String(name)))
        {
            return Checkpoint(directory: checkpointsPath + "/" + CheckpointName.aside(String(name)))
        }
        return checkpointNames().last.map { Checkpoint(directory: checkpointsPath + "/" + $0.folder) }
    }

    /// Points at which a commit can be cut short; tests stop a commit there to act out a kill.
    enum CommitStage: CaseIterable, Sendable { case staged, oldSetAside, newInPlace, latestSwapped }
    /// What a commit stopped at `CommitStage` throws: nothing after that point runs, as after kill -9.
    struct SimulatedKill: Error {}

    /// Writes a checkpoint for `step` via `write` (which fills the given folder) and makes it
    /// `latest`, keeping the newest `keep` checkpoints.
    public func commitCheckpoint(step: Int, keep: Int = 2, _ write: (Checkpoint) throws -> Void) throws {
        try commitCheckpoint(step: step, keep: keep, interruptAt: nil, write)
    }

    /// The durable commit. In order:
    /// 1. `write` fills `checkpoints/.step-N.partial`; every file and the folder are fsynced,
    ///    so the new checkpoint is on disk before it has a name anyone resolves.
    /// 2. An existing `step-N` (a re-save of the same step) is renamed aside to `.step-N.old`,
    ///    not deleted: until step 3 that copy is the good one (`latestCheckpoint` finds it).
    /// 3. The staging folder is renamed to `step-N`, and the rename fsynced.
    /// 4. `latest` is swapped atomically: a new symlink under a temporary name renamed over it.
    /// 5. Only now is the aside copy deleted, then checkpoints beyond `keep` (by step number).
    /// A failed write removes its staging folder; after a kill, leftovers are handled by the
    /// next commit or `recover`.
    func commitCheckpoint(step: Int, keep: Int = 2, interruptAt stop: CommitStage?, _ write: (Checkpoint) throws -> Void) throws {
        func reach(_ stage: CommitStage) throws { if stage == stop { throw SimulatedKill() } }
        let created = !exists(checkpointsPath)
        try makeDirectory(checkpointsPath)
        if created { FileSync.directory(path) }
        let name = CheckpointName(step: step).folder
        let final = checkpointsPath + "/" + name
        let staging = checkpointsPath + "/" + CheckpointName.staging(name)
        let aside = checkpointsPath + "/" + CheckpointName.aside(name)
        try removeTree(staging)
        do {
            try write(Checkpoint(directory: staging))
            try FileSync.tree(staging)
        } catch {
            try? removeTree(staging)  // a failed write (a full disk) gives its space back
            throw error
        }
        try reach(.staged)
        if exists(final) {
            try removeTree(aside)  // stale: `final` is the good copy
            try check(rename(final, aside) == 0, "rename \(final) → \(aside)")
        }
        try reach(.oldSetAside)
        try check(rename(staging, final) == 0, "rename \(staging) → \(final)")
        try FileSync.requireDirectory(checkpointsPath)
        try reach(.newInPlace)
        try pointLatest(at: name)
        try reach(.latestSwapped)
        try removeTree(aside)
        try prune(keep: keep, current: name)
    }

    /// Finishes or rolls back a commit that a kill cut short; call with the folder's lock held.
    /// A set-aside copy whose step has no folder goes back in place; one whose step does is
    /// deleted; staging folders are deleted; a `latest` that names no whole checkpoint is
    /// pointed at the newest whole one.
    public func recover() throws {
        guard exists(checkpointsPath) else { return }
        for entry in listDirectory(checkpointsPath) {
            if let name = CheckpointName.fromAside(entry) {
                let final = checkpointsPath + "/" + name, aside = checkpointsPath + "/" + entry
                if exists(final) {
                    try removeTree(aside)
                } else {
                    try check(rename(aside, final) == 0, "rename \(aside) → \(final)")
                }
            } else if CheckpointName.isStaging(entry) {
                try removeTree(checkpointsPath + "/" + entry)
            }
        }
        try FileSync.requireDirectory(checkpointsPath)
        if !Self.isWhole(latestPath), let newest = checkpointNames().last {
            try pointLatest(at: newest.folder)
        }
    }

    /// Swaps `latest` to `checkpoints/<name>` atomically: a kill leaves the old or the new link.
    private func pointLatest(at name: String) throws {
        let link = path + "/.latest.tmp"
        unlink(link)
        try check(symlink("checkpoints/" + name, link) == 0, "symlink \(link)")
        try check(rename(link, latestPath) == 0, "rename \(link) → \(latestPath)")
        try FileSync.requireDirectory(path)
    }

    /// Removes all but the newest `keep` checkpoints by step number (never the current one).
    private func prune(keep: Int, current: String) throws {
        for name in checkpointNames().dropLast(max(keep, 1)) where name.folder != current {
            try removeTree(checkpointsPath + "/" + name.folder)
        }
    }

    /// The whole `step-N` folders, oldest step first.
    func checkpointNames() -> [CheckpointName] {
        listDirectory(checkpointsPath).compactMap(CheckpointName.init(folder:))
            .filter { Self.isWhole(checkpointsPath + "/" + $0.folder) }.sorted { $0.step < $1.step }
    }

    /// A folder a checkpoint loader can open: it has the config and the weights.
    static func isWhole(_ folder: String) -> Bool {
        access(folder + "/" + Checkpoint.configFile, F_OK) == 0 && access(folder + "/" + Checkpoint.modelFile, F_OK) == 0
    }

    private static func linkTarget(_ link: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink(link, &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}

extension Checkpoint {
    /// The checkpoint a user means by `path`: the folder itself when it holds `config.json`,
    /// else the latest checkpoint of a run folder.
    public static func resolve(_ path: String) throws(CheckpointError) -> Checkpoint {
        if access(path + "/" + configFile, F_OK) == 0 { return Checkpoint(directory: path) }
        if let checkpoint = RunDirectory(path: path).latestCheckpoint { return checkpoint }
        var info = stat()
        guard stat(path, &info) == 0 else { throw CheckpointError(path: path, .invalidValue("no such folder")) }
        if (info.st_mode & S_IFMT) != S_IFDIR {
            throw CheckpointError(path: path, .invalidValue("a file, not a model folder (a checkpoint or run folder)"))
        }
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

/// The names in a folder, without "." and ".." (empty when it cannot be read).
func listDirectory(_ path: String) -> [String] {
    guard let dir = opendir(path) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        if name != "." && name != ".." { names.append(name) }
    }
    return names
}

/// `rm -rf path` for the engine's own folders (regular files and directories, no links followed).
func removeTree(_ path: String) throws {
    var info = stat()
    guard lstat(path, &info) == 0 else { return }
    if (info.st_mode & S_IFMT) == S_IFDIR {
        for name in listDirectory(path) { try removeTree(path + "/" + name) }
        try check(rmdir(path) == 0, "rmdir \(path)")
    } else {
        try check(unlink(path) == 0, "unlink \(path)")
    }
}

func check(_ ok: Bool, _ what: String) throws {
    if !ok { throw CheckpointError(path: what, .writeFailed(String(cString: strerror(errno)))) }
}
