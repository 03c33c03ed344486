import ArgumentParser
import Foundation
import MaskedDiffusion
import Terminal
import Workbench

/// `unmask replay FILE`: a trajectory file written by `unmask sample --out` or recorded from
/// another model (`Examples/recorders/`). `--check` validates it and prints a one-line summary.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a recorded denoising trajectory (JSONL, docs/file-formats.md §5) in the workbench.",
        discussion: "--check reads the whole file and prints rows, steps, length, kind and the final text of row 0, "
            + "or the first problem (line and field) with status 1; with a model (--model, or the header's when its "
            + "folder exists) it also checks every token id against that model's vocabulary and mask.")

    @Argument(help: "Trajectory file (.jsonl).")
    var file: String
    @Flag(help: "Validate the file and print a one-line summary instead of opening the viewer.")
    var check = false
    @Option(
        help:
            "Model folder whose weights explain the file (default: the header's model, when it loads); with weights, knob edits and branches resample from the recorded state."
    )
    var model: String?
    @Option(help: "Theme name or path to a .toml theme file.")
    var theme = "default"
    @Option(help: "Use colour: auto, always or never.")
    var color: ColorChoice = .auto

    func run() throws {
        let trajectory: Trajectory
        do { trajectory = try TrajectoryFile.read(from: file) } catch {
            // A file that cannot be read is a usage error (status 2); a bad file is not: its
            // problem alone, status 1.
            let message = if case .io = error { "\(error)" } else { "\(file): \(error)" }
            writeErr("unmask replay: \(message)\n")
            if case .io = error { throw ExitCode(2) }
            throw ExitCode.failure
        }
        let workbenchModel = try weights(for: trajectory.header)
        // The file holds the model's own ids; the engine's may differ (a Hugging Face mask moved last).
        let replayed = workbenchModel?.loaded.map { $0.replayed(trajectory) } ?? trajectory
        // A mask id the model does not have, said in the file's terms (it once read as a mask
        // "599" of the engine's numbering, found where "5" stood).
        if let m = workbenchModel, let map = m.loaded?.fileIds, let mask = trajectory.header.maskTokenId,
            Int(mask) != map.fileMaskId, Int(mask) != map.engineMaskId
        {
            writeErr(
                "unmask replay: \(file) with \(m.name): line 1, field mask_token_id: \(mask), but \(m.name)'s mask is "
                    + "\(map.fileMaskId): the file was recorded with another model, or the field is wrong\n")
            throw check ? ExitCode.failure : ExitCode(2)
        }
        if let m = workbenchModel, let c = m.loaded?.params.config,
            let problem = replayed.problem(vocabSize: c.vocabSize, maskId: Int32(c.maskTokenId))
        {
            // The file and the model disagree: with --check, a problem of the file (status 1).
            writeErr("unmask replay: \(file) with \(m.name): \(problem)\n")
            throw check ? ExitCode.failure : ExitCode(2)
        }
        if check {
            // Say whether ids were checked against a model: without one only their signs are.
            let against =
                workbenchModel.map { "; ids checked against \($0.name)" }
                ?? "; ids not checked (no model at \(trajectory.header.model); --model DIR)"
            // Viewable, but `r` and branches would be refused: say so here, not only in the viewer.
            let resampling = workbenchModel?.problems(config: replayed.header.sampler, problem: replayed.header.problem).first
            print(
                summary(trajectory) + against + (resampling.map { "; its sampler cannot resample with this model: \($0)" } ?? ""))
            return
        }
        try view(replayed, model: workbenchModel)
    }

    /// The model whose weights explain the file: `--model`, else the header's model folder when
    /// it holds one; nil when neither (display-only). One that does not load, or holds fewer
    /// positions than the file, is a usage error.
    private func weights(for header: TrajectoryHeader) throws -> WorkbenchModel? {
        // The header's folder as `--model` would take it: a checkpoint, a run folder (its
        // `latest`) or a Hugging Face folder (a run folder was once taken for no model).
        let recorded = (try? Checkpoint.resolve(header.model)) != nil || HFCheckpoint.isHuggingFace(header.model)
        guard let path = model ?? (recorded ? header.model : nil) else { return nil }
        let m: WorkbenchModel
        do {
            m = WorkbenchModel(name: (path as NSString).lastPathComponent, loaded: try LoadedModel(path: path))
        } catch {
            FullScreen.printError("unmask replay: \(error)")
            throw ExitCode(2)
        }
        if m.loaded!.params.config.maxSeqLen < header.seqLen {
            FullScreen.printError("unmask replay: \(file) has \(header.seqLen) positions, \(m.name) only \(m.maxSeqLen)")
            throw ExitCode(2)
        }
        return m
    }

    /// The workbench on the file: with the model's weights when there are some, else
    /// display-only through the file's vocabulary.
    private func view(_ trajectory: Trajectory, model workbenchModel: WorkbenchModel?) throws {
        let header = trajectory.header
        let directory = (file as NSString).deletingLastPathComponent
        let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let shown =
            workbenchModel
            ?? WorkbenchModel(
                recorded: header, vocabulary: TrajectoryVocabulary(header: header, directory: directory), name: name)
        let library = ThemeLibrary.standard()
        let (loaded, warning) = library.loadOrDefault(theme)
        try FullScreen.run(
            color: color,
            { _ in
                WorkbenchApp(
                    replaying: trajectory, model: shown, catalog: ModelCatalog.bundled(), theme: loaded,
                    library: library, notice: warning.map { "theme \($0) (using default)" } ?? "replaying \(file)")
            },
            after: { app in
                if app.engine.isTraining { print("unmask: stopping the RL run (its last finished round is saved)…") }
                app.shutdown()
            })
    }

    /// `FILE: 2 rows, 8 steps, length 20 (prompt 4), text, NFE 8; row 0: "…"`.
    private func summary(_ t: Trajectory) -> String {
        let h = t.header
        let nfe = t.steps.last.map { $0.rows.map(\.nfe).max() ?? 0 } ?? (h.initialNFE.max() ?? 0)
        var line =
            "\(file): \(h.rows) rows, \(t.steps.count) steps, length \(h.seqLen) "
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
            line +=
                "; row 0: \(h.shape.dropFirst().map(String.init).joined(separator: "×")) patches"
                + (masked.map { ", \($0) masked" } ?? "")
        }
        return line
    }
}
