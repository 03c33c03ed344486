import ArgumentParser
import Foundation
import MaskedDiffusion

/// Opens a model folder for a command; a folder that cannot be read is a usage error (status 2)
/// whose message names the file and the problem.
func openModel(_ path: String) throws -> LoadedModel {
    do { return try LoadedModel(path: path) } catch { throw ValidationError("\(error)") }
}

/// Worker threads a command accepts: beyond a few per core they only cost memory and switches,
/// and a typo like `--threads 100000` would start that many threads.
let threadLimit = 256

/// `--threads` as every command checks it.
func checkThreads(_ threads: Int) throws {
    guard (1...threadLimit).contains(threads) else {
        throw ValidationError("--threads must be in 1…\(threadLimit) (got \(threads))")
    }
}

/// Sequences a network holds for `rows` samples under `config`: guidance runs each with its
/// unconditional twin. A count that overflows is refused by the flag that asked for it.
func guidedRows(_ rows: Int, _ config: SamplerConfig, flag: String) throws -> Int {
    let (n, overflow) = rows.multipliedReportingOverflow(by: config.usesGuidance ? 2 : 1)
    guard !overflow else { throw ValidationError("\(flag) \(rows) is too large") }
    return n
}

/// `--backend`'s command: an empty one would start a shell that exits at once ("backend exited
/// with status 0"), which says nothing about the mistake.
func checkBackendCommand(_ command: String) throws {
    guard !command.trimmingCharacters(in: .whitespaces).isEmpty else {
        throw ValidationError("--backend needs a command that starts a backend (docs/backend-protocol.md)")
    }
}

/// A file a command writes at its end (`--out`, `--completions`), checked before the work: a
/// missing folder once surfaced after a whole evaluation, as Foundation's "NSCocoaErrorDomain
/// Code=4" and status 1.
func checkOutputFile(_ path: String, flag: String) throws {
    func refuse(_ why: String) -> ValidationError { ValidationError("\(flag) \(path) \(why)") }
    let files = FileManager.default
    var isFolder: ObjCBool = false
    guard !path.isEmpty, !path.hasSuffix("/") else { throw refuse("needs a file name") }
    if files.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue { throw refuse("is a folder") }
    let parent = (path as NSString).deletingLastPathComponent
    let folder = parent.isEmpty ? "." : parent
    guard files.fileExists(atPath: folder, isDirectory: &isFolder) else {
        throw refuse("is in a folder that does not exist (\(folder))")
    }
    guard isFolder.boolValue else { throw refuse("is inside a file, not a folder (\(folder))") }
    guard access(folder, W_OK) == 0 else { throw refuse("is in a folder this user cannot write (\(folder))") }
}

/// A run folder's `--out` and its cadences, the same for `train` and `espo`: an empty `--out`
/// once put a run's files in the filesystem's root (paths are `out + "/latest"`) and failed
/// after the whole run; `--log-every 0` divided by zero.
func checkRunFolder(_ out: String, checkpointEvery: Int, logEvery: Int) throws {
    guard !out.isEmpty else { throw ValidationError("--out needs a folder name") }
    guard checkpointEvery >= 0 else { throw ValidationError("--checkpoint-every must be ≥ 0 (got \(checkpointEvery))") }
    guard logEvery >= 1 else { throw ValidationError("--log-every must be ≥ 1 (got \(logEvery))") }
}

/// Whether `flag` is on the command line (`--flag VALUE`, `--flag=VALUE` or a bare `--flag`).
func flagGiven(_ flag: String) -> Bool {
    CommandLine.arguments.dropFirst(2).contains { $0 == flag || $0.hasPrefix(flag + "=") }
}

/// Refuses the first of `flags` given: a flag the chosen mode does not read was once accepted
/// and ignored without a word (`train --loss sft --weighted`, `elbo --text … --items 5`).
func refuseUnused(_ flags: [String], _ why: String) throws {
    if let flag = flags.first(where: flagGiven) { throw ValidationError("\(flag) \(why)") }
}

/// With `--resume` a run continues with the settings saved in its folder, so any flag but the
/// `allowing` ones (which do not change the run) is refused rather than ignored: `train --resume
/// --steps 5` once ran all 994 remaining steps without a word. Every flag is checked, so a
/// setting added later is covered without being listed.
func refuseRunSettings(allowing allowed: Set<String>, out: String) throws {
    for argument in CommandLine.arguments.dropFirst(2) where argument.hasPrefix("--") {
        let flag = String(argument.prefix { $0 != "=" })
        guard allowed.contains(flag) else {
            throw ValidationError(
                "\(flag) cannot change a resumed run: --resume continues with the settings saved in \(out) "
                    + "(a new --out starts a run with other settings)")
        }
    }
}

/// Writes a line to stdout at once, in order with the unbuffered progress lines (`ProgressLine`):
/// piped to a log, a `print`ed banner once landed after the steps it announced.
func printNow(_ line: String) { writeOut(line + "\n") }

/// Writes to stdout now, unbuffered; a write that fails (a terminal hung up, a pipe closed) is
/// dropped, so a run still reaches its checkpoint (docs/platform.md, "Interrupts").
func writeOut(_ text: String) { try? FileHandle.standardOutput.write(contentsOf: Data(text.utf8)) }

/// `writeOut` for stderr.
func writeErr(_ text: String) { try? FileHandle.standardError.write(contentsOf: Data(text.utf8)) }

/// Prints one JSON object on one line, keys sorted (for `--json` output that scripts parse).
func printJSON(_ object: [String: Any]) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    print(String(decoding: data, as: UTF8.self))
}

/// Progress of a long evaluation on stderr (stdout keeps the results, `--json` included): one
/// line rewritten in place on a terminal, a line per batch when piped, so a log shows it moving.
func itemProgress(total: Int, label: String = "items") -> (Int) -> Void {
    let terminal = isatty(STDERR_FILENO) != 0
    return { done in
        let text = "\(done)/\(total) \(label)"
        let line = terminal ? "\r" + text + (done >= total ? "\n" : "") : text + "\n"
        writeErr(line)
    }
}
