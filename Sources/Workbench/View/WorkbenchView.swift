import Foundation
import MaskedDiffusion
import Terminal

/// Drawing: the whole screen from `state`, every frame (the renderer sends only changed cells).
/// The view only reads the state; it never changes it and never asks the engine.
///
///     title bar       model · sampler · steps · block · temperature          NFE · seconds
///     tab bar         1 Tokens  2 Image  3 Compare  4 ELBO  5 Train  6 Models     theme · ? help
///     body            the tab's panes (schedule editor on the right, or below under 100 columns)
///     status line     notice, command line, or "ready" (a backend in trouble instead)
///     key hints       from the binding table (the rest of a notice too long for its line)
struct WorkbenchView {
    let state: WorkbenchState

    func render(into buffer: inout Buffer) {
        let theme = state.theme
        buffer.fill(buffer.area, " ", style: theme[.background])
        let layout = state.layout(in: buffer.area)
        let rows = [layout.title, layout.tabs, layout.body, layout.status, layout.hints]
        renderTitle(in: rows[0], buffer: &buffer)
        let tabs = Tabs(
            WorkbenchTab.allCases.map(\.title), selected: state.tab.rawValue, style: theme[.dim],
            highlightStyle: theme[.highlight].bold)
        buffer.render(tabs, in: rows[1])
        let right = "\(theme.name) · ? help"
        _ = buffer.setString(rows[1].right - right.count, rows[1].y, right, style: theme[.dim])
        switch state.tab {
        case .tokens: renderTokens(layout, buffer: &buffer)
        case .image: renderImage(layout, buffer: &buffer)
        case .compare: renderCompare(layout, buffer: &buffer)
        case .elbo:
            guard let rest = renderSweep(in: rows[2], buffer: &buffer) else { break }
            let inner = buffer.panel("ELBO", right: "\(state.model.name)", in: rest, theme: theme)
            buffer.render(
                ELBOPane(
                    estimator: state.elbo.estimator,
                    target: state.elbo.heldOut ? "held-out set (first 64)" : "final sequence of \(state.branch.name)",
                    running: state.elbo.running, stopped: state.elbo.stopped, failed: state.elbo.failure != nil,
                    progress: state.elbo.progress,
                    maxUnits: state.elbo.maxUnits, theme: theme), in: inner)
        case .train:
            let inner = buffer.panel(
                "Train · ESPO and baselines",
                right: state.backend != nil
                    ? "local engine only (not the backend)" : state.model.task?.name ?? "needs a task model",
                in: rows[2], theme: theme)
            buffer.render(TrainingPane(state: state.training, theme: theme), in: inner)
        case .models:
            let inner = buffer.panel("Models", in: rows[2], theme: theme)
            buffer.render(
                ModelsPane(
                    entries: state.catalog.entries, selected: state.selectedModel, loaded: state.model.name,
                    theme: theme), in: inner)
        }
        renderStatus(in: rows[3], spillingInto: rows[4], buffer: &buffer)
        if state.showHelp {
            buffer.render(
                HelpOverlay(
                    keyMap: WorkbenchKeys.map, title: "Keys · / search · ? or Esc closes", style: theme[.text],
                    borderStyle: theme[.borderFocused], titleStyle: theme[.title], groupStyle: theme[.accent],
                    keyStyle: theme[.key], search: state.helpSearch, matchStyle: theme[.highlight].bold),
                in: buffer.area)
        }
    }

    private func renderTitle(in area: Rect, buffer: inout Buffer) {
        let c = state.branch.config, theme = state.theme
        buffer.fill(area, " ", style: theme[.status])
        let params =
            state.backend?.title
            ?? (state.model.loaded == nil
                ? "recorded, no weights"
                : String(format: "%.2fM params", Double(state.model.parameterCount) / 1e6))
        let block = c.reads(.blockLength) ? " · block " + (c.blockLength.map(String.init) ?? "off") : ""
        let sampler = "\(c.headline)\(block) · T \(format(c.temperature))"
        let full = "Unmask · \(state.model.name) (\(params)) · " + sampler
        let short = "Unmask · \(state.model.name) · " + sampler
        let b = state.branch
        let nfe = b.nfe(row: state.timeline.row, at: b.steps.count)
        let right = "NFE \(nfe) · " + (b.finished ? String(format: "%.2f s", b.seconds) : "sampling…")
        // The parameter count goes before the NFE and time (a long sampler line once pushed them
        // off at 120 columns), and they before the sampler's settings, which are never cut.
        let room = area.width - right.count - 4
        let left = [full, short].first { $0.count <= room } ?? (full.count <= area.width - 2 ? full : short)
        _ = buffer.setString(area.x + 1, area.y, left, style: theme[.status].bold, limit: area.right - 2)
        if left.count <= room {
            _ = buffer.setString(area.right - right.count - 1, area.y, right, style: theme[.status])
        }
    }

    /// Trajectory + candidates + timeline on the left, schedule on the right (or below when narrow).
    private func renderTokens(_ layout: WorkbenchLayout, buffer: inout Buffer) {
        if state.timeline.showsMap { return renderMap(layout, buffer: &buffer) }
        let parts = layout.tokens
        renderTrajectory(branch: state.branch, in: parts.trajectory, buffer: &buffer, title: "Trajectory")
        renderCandidates(in: parts.candidates, buffer: &buffer)
        renderTimeline(in: parts.timeline, buffer: &buffer)
        renderSchedule(in: layout.mainAndSchedule.schedule, buffer: &buffer)
    }

    func renderSchedule(in area: Rect, buffer: inout Buffer) {
        let title = state.tab == .compare ? "Schedule · B" : "Schedule · \(state.branch.name)"
        let inner = buffer.panel(title, right: "+/− ↵", in: area, theme: state.theme, focused: true)
        buffer.render(
            SchedulePane(
                config: state.editedConfig, seed: state.editedSeed,
                selected: state.shownKnob, theme: state.theme,
                promptLength: state.problem.promptLength, ids: state.model.loaded?.fileIds), in: inner)
    }

    /// One branch's row at the viewed step, with the prompt and step facts above it.
    func renderTrajectory(branch: Branch, in area: Rect, buffer: inout Buffer, title: String, step: Int? = nil) {
        let theme = state.theme
        let step = min(step ?? state.timeline.step, branch.steps.count)
        let row = min(state.timeline.row, branch.initialTokens.count - 1)
        let t = branch.time(after: step)
        let inner = buffer.panel(
            title, right: "\(branch.name) · row \(row + 1)/\(branch.initialTokens.count)",
            in: area, theme: theme)
        guard inner.height >= 3 else { return }
        let prompt = state.promptLine
        let grid = state.sudokuGrid(of: branch, row: row, step: step)
        let view = state.tokenRowView(of: branch, step: step)
        let text = WorkbenchLayout.trajectoryText(
            in: area, hasPrompt: !prompt.isEmpty, grid: grid != nil, tokenRows: view.rows(width:))
        if let grid, let gridArea = text.grid { buffer.render(SudokuGridPane(grid: grid, theme: theme), in: gridArea) }
        // Each fact's `keep` is how narrow the pane must get before it goes: t first, the step last.
        var facts: [(text: String, keep: Int)] = [
            ("step \(step)/\(branch.steps.count)\(branch.finished ? "" : "…")", 4), ("t \(String(format: "%.2f", t))", 0)
        ]
        if branch.config.reads(.blockLength), branch.config.blockCount > 1, step > 0 {
            facts.append(("block \(branch.steps[step - 1].rows[row].block + 1)/\(branch.config.blockCount)", 2))
        }
        facts.append(("NFE \(branch.nfe(row: row, at: step))", 3))
        if step > 0, let computed = branch.steps[step - 1].rows[row].computed {
            facts.append(("computed \(computed.count)/\(branch.initialTokens[row].count)", 1))
        }
        var header = facts.map(\.text).joined(separator: " · ")
        for level in 0..<4 where header.terminalWidth > text.header.width {
            header = facts.filter { $0.keep > level }.map(\.text).joined(separator: " · ")
        }
        if let line = text.prompt {
            _ = buffer.setString(line.x, line.y, "prompt  " + prompt, style: theme[.prompt], limit: line.right)
        }
        _ = buffer.setString(text.header.x, text.header.y, header, style: theme[.dim], limit: text.header.right)
        buffer.render(TokenTrajectoryPane(view: view, theme: theme), in: text.tokens)
        if let outcome = branch.outcome, row < outcome.rewards.count, inner.height >= 5 {
            let ok = outcome.successes[row]
            let verdict = String(format: "reward %.2f · ", outcome.rewards[row]) + (ok ? "solved" : "not solved")
            let full = verdict + " · completion \(outcome.completions[row])"
            // The completion goes first when it does not fit: the tokens above show it anyway.
            let line = full.terminalWidth <= text.outcome.width ? full : verdict
            _ = buffer.setString(
                text.outcome.x, text.outcome.y, line, style: ok ? theme[.success] : theme[.warning],
                limit: text.outcome.right)
        } else if let error = branch.error {
            _ = buffer.setString(text.outcome.x, text.outcome.y, error, style: theme[.error], limit: text.outcome.right)
        }
    }

    private func renderCandidates(in area: Rect, buffer: inout Buffer) {
        let theme = state.theme
        let inner = buffer.panel("Cursor @\(state.timeline.cursor)", right: "h/l move · p pin", in: area, theme: theme)
        let candidates = state.cursorCandidates()
        guard !candidates.isEmpty else {
            let b = state.branch, p = state.timeline.cursor
            let token = b.tokens(row: state.timeline.row, at: state.timeline.step)[p]
            let label = state.model.label(token)
            let why: String
            if state.cursorPinned {
                why = "pinned here by you: '\(label)'"
            } else if let sampled = state.cursorCommit() {
                why = "sampled at step \(sampled.step): '\(label)' · \(state.candidatesNotKept)"
            } else if token != state.model.maskId || p < state.problem.promptLength {
                why = "given, not sampled: '\(label)'"
            } else {
                why = state.model.canSample ? "…asking the model" : "no weights: candidates only where a step committed"
            }
            _ = buffer.setString(inner.x, inner.y, why, style: theme[.dim], limit: inner.right)
            return
        }
        var x = inner.x
        for c in candidates where x < inner.right {
            let label = "'\(state.model.label(c.token))' "
            x = buffer.setString(x, inner.y, label, style: theme[.text].bold, limit: inner.right)
            let p = String(format: "%.2f   ", c.probability)
            let color =
                theme.usesColor ? theme[.text].fg(theme.gradient(.confidence).color(at: Double(c.probability))) : theme[.dim]
            x = buffer.setString(x, inner.y, p, style: color, limit: inner.right)
        }
    }

    func renderTimeline(in area: Rect, buffer: inout Buffer) {
        let inner = buffer.panel("Timeline", right: "space ←/→ [ ] b B", in: area, theme: state.theme)
        let labels = state.branches.map {
            TimelinePane.BranchLabel(
                name: $0.name, forkStep: $0.forkStep, steps: $0.steps.count, finished: $0.finished,
                pin: $0.pinned.map { "'\(state.model.label($0.token))'@\($0.position)" })
        }
        buffer.render(
            TimelinePane(
                step: min(state.timeline.step, state.branch.steps.count), total: state.branch.steps.count,
                finished: state.branch.finished, playing: state.timeline.playing,
                speed: state.timeline.speed, branches: labels, current: state.timeline.branchIndex,
                theme: state.theme), in: inner)
    }

    /// Two configs, same prompt and seed, scrubbed together (`WorkbenchState.compareStep`).
    private func renderCompare(_ layout: WorkbenchLayout, buffer: inout Buffer) {
        let parts = layout.compare
        let columns = [parts.a, parts.b]
        let a = state.branch
        let stepB = state.compare.map(state.compareStep(of:)) ?? 0
        if state.model.isImage {
            // Image models compare grids; each tile's class is under it.
            let innerA = buffer.panel(
                "A · \(summary(a.config)) · step \(min(state.timeline.step, a.steps.count))",
                in: columns[0], theme: state.theme)
            buffer.render(
                ImageGridPane(tiles: state.imageTiles(of: a, step: state.timeline.step), theme: state.theme), in: innerA)
            if let b = state.compare {
                let innerB = buffer.panel("B · \(summary(b.config)) · step \(stepB)", in: columns[1], theme: state.theme)
                buffer.render(ImageGridPane(tiles: state.imageTiles(of: b, step: stepB), theme: state.theme), in: innerB)
            }
        } else {
            renderTrajectory(branch: a, in: columns[0], buffer: &buffer, title: "A · \(summary(a.config))")
            if let b = state.compare {
                renderTrajectory(branch: b, in: columns[1], buffer: &buffer, title: "B · \(summary(b.config))", step: stepB)
            }
        }
        renderCompareStats(in: parts.stats, buffer: &buffer)
        renderTimeline(in: parts.timeline, buffer: &buffer)
        renderSchedule(in: layout.mainAndSchedule.schedule, buffer: &buffer)
    }

    private func renderCompareStats(in area: Rect, buffer: inout Buffer) {
        let inner = buffer.panel("A vs B", in: area, theme: state.theme)
        for (i, (label, branch)) in [("A", Optional(state.branch)), ("B", state.compare)].enumerated() {
            guard let branch, i < inner.height else { continue }
            let nfe = branch.nfe(row: state.timeline.row, at: branch.steps.count)
            var text = "\(label)  NFE \(nfe) · " + (branch.finished ? String(format: "%.3f s", branch.seconds) : "sampling…")
            if let o = branch.outcome, state.timeline.row < o.rewards.count {
                text +=
                    String(format: " · reward %.2f", o.rewards[state.timeline.row])
                    + (o.successes[state.timeline.row] ? " solved" : "")
            }
            _ = buffer.setString(inner.x, inner.y + i, text, style: state.theme[.text], limit: inner.right)
        }
    }

    private func summary(_ c: SamplerConfig) -> String { c.headline }
}
