import Foundation
import MaskedDiffusion
import Terminal

/// `E` and `:export`: the viewed trajectory as JSONL (schema v1, readable by `unmask replay`),
/// the screen as text and ANSI, and image samples as PNG. Files go to `exportDirectory` with
/// the model name and a timestamp unless a path is given; for `all`, a given path is the stem
/// the kinds' suffixes are added to (the three kinds once overwrote each other in one file).
/// Nothing is overwritten under a default name: a second `E` within the same second once
/// replaced the first's files, so a stem already used gets a counter.
extension WorkbenchApp {
    /// Writes the export and says what happened, for the status bar.
    func export(what: String, to path: String?) -> (text: String, isError: Bool) {
        guard let kinds = what == "all" ? ExportKind.all(image: state.model.isImage) : ExportKind(rawValue: what).map({ [$0] })
        else {
            let names = ExportKind.allCases.map(\.rawValue) + ["all"]
            return ("export: unknown kind '\(what)' (\(names.joined(separator: ", ")))", true)
        }
        var written: [String] = []
        do {
            let stem: String
            if let path {
                stem = path
            } else {
                try FileManager.default.createDirectory(atPath: exportDirectory, withIntermediateDirectories: true)
                stem = Self.unused("\(exportDirectory)/\(state.model.name)-\(Self.timestamp())", suffixes: kinds.map(\.suffix))
            }
            for kind in kinds {
                let file = path != nil && kinds.count == 1 ? stem : stem + kind.suffix
                switch kind {
                case .trajectory: try TrajectoryFile.write(trajectory(), to: file)
                case .screen: try ScreenExport.write(screen(), as: .text, to: file)
                case .ansi: try ScreenExport.write(screen(), as: .ansi, to: file)
                case .png:
                    guard state.model.isImage else { return ("export png: \(state.model.name) is not an image model", true) }
                    try ImageGridExport.write(state.imageTiles(), to: file)
                }
                written.append(file)
            }
            return ("exported " + written.joined(separator: ", "), false)
        } catch {
            return ("export failed: \(error)", true)
        }
    }

    /// The viewed branch as a trajectory file, in the model's own token ids.
    func trajectory() -> Trajectory {
        let t = engineTrajectory()
        return state.model.loaded.map { $0.recorded(t) } ?? t
    }

    /// The viewed branch in the ids the workbench works in.
    private func engineTrajectory() -> Trajectory {
        let b = state.branch
        // The recorded header while the steps are still the recorded ones.
        if let recorded = state.recorded, b.id == 0, b.config == recorded.sampler, b.seed == recorded.seed {
            return Trajectory(header: recorded, steps: b.steps)
        }
        var header = TrajectoryHeader(
            model: state.model.loaded?.recordedPath ?? state.model.name,
            tokenizer: state.model.loaded?.recordedTokenizerPath ?? "",
            kind: state.model.isImage ? .image : .text,
            shape: [b.initialTokens.count, b.initialTokens.first?.count ?? 0], sampler: b.config,
            seed: b.seed, problem: state.problem, initialTokens: b.initialTokens,
            initialNFE: Array(repeating: 0, count: b.initialTokens.count))
        if let hello = state.model.backend {
            // Another process's model: the file carries its mask id and the text of the ids it uses.
            header.maskTokenId = hello.maskTokenId
            let used = Set(b.initialTokens.joined()).union(b.steps.flatMap { $0.rows.flatMap(\.tokens) })
            let text = state.model.learnedText(used)
            header.tokenText = text.isEmpty ? nil : text
        }
        return Trajectory(header: header, steps: b.steps)
    }

    /// The current screen, drawn off-screen at the terminal's size.
    func screen() -> Buffer {
        var buffer = Buffer(size: state.size.width > 0 ? state.size : Size(width: 120, height: 40))
        renderFrame(into: &buffer)
        return buffer
    }

    /// `base`, else `base-2`, `base-3`, …: the first stem none of whose files exists yet.
    private static func unused(_ base: String, suffixes: [String]) -> String {
        var stem = base, n = 1
        while suffixes.contains(where: { FileManager.default.fileExists(atPath: stem + $0) }) {
            n += 1
            stem = "\(base)-\(n)"
        }
        return stem
    }

    private static func timestamp() -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyyMMdd-HHmmss"
        return f.string(from: Date())
    }
}
