import ArgumentParser
import Foundation
import MaskedDiffusion

/// `unmask replay FILE`: a trajectory file written by `unmask sample --out` or recorded from
/// another model (`Examples/recorders/`). `--check` validates it and prints a one-line summary.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a recorded denoising trajectory (JSONL, schema in README).",
        discussion: "--check reads the whole file and prints rows, steps, length, kind and the final text of row 0, "
            + "or the first problem (line and field) with status 1.")

    @Argument(help: "Trajectory file (.jsonl).")
    var file: String
    @Flag(help: "Validate the file and print a one-line summary instead of opening the viewer.")
    var check = false

    func run() throws {
        guard check else { throw ValidationError("the interactive viewer is not available yet: use --check") }
        let trajectory: Trajectory
        do { trajectory = try TrajectoryFile.read(from: file) } catch {
            // A bad file is not a usage error: its problem alone, status 1.
            let message = if case .io = error { "\(error)" } else { "\(file): \(error)" }
            FileHandle.standardError.write(Data("unmask replay: \(message)\n".utf8))
            throw ExitCode.failure
        }
        print(summary(trajectory))
    }

    /// `FILE: 2 rows, 8 steps, length 20 (prompt 4), text, NFE 8; row 0: "…"`.
    private func summary(_ t: Trajectory) -> String {
        let h = t.header
        let nfe = t.steps.last.map { $0.rows.map(\.nfe).max() ?? 0 } ?? (h.initialNFE.max() ?? 0)
        var line = "\(file): \(h.rows) rows, \(t.steps.count) steps, length \(h.seqLen) "
            + "(prompt \(h.problem.promptLength)), \(h.kind.rawValue), NFE \(nfe)"
        guard let row = t.finalTokens.first else { return line }
        switch h.kind {
        case .text:
            let vocabulary = TrajectoryVocabulary(header: h, directory: (file as NSString).deletingLastPathComponent)
            switch vocabulary.source {
            case .file: line += ", text from token_text"
            case .tokenizer(let path): line += ", text from \(path)"
            case .none: line += ", no text (ids only)"
            }
            line += "; row 0: \"\(vocabulary.render(row))\""
        case .image:
            let masked = h.maskTokenId.map { m in row.filter { $0 == m }.count }
            line += "; row 0: \(h.shape.dropFirst().map(String.init).joined(separator: "×")) patches"
                + (masked.map { ", \($0) masked" } ?? "")
        }
        return line
    }
}
