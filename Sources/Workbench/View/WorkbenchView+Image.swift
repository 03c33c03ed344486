import MaskedDiffusion
import Terminal

/// The Image tab: every row of the viewed step as a tile (one per class), newly revealed
/// patches highlighted, with the timeline and the schedule editor as on the Tokens tab.
extension WorkbenchView {
    func renderImage(_ layout: WorkbenchLayout, buffer: inout Buffer) {
        let theme = state.theme
        let parts = [layout.image.grid, layout.image.timeline]
        let schedule = layout.mainAndSchedule.schedule
        let b = state.branch, step = min(state.timeline.step, b.steps.count)
        let t = b.time(after: step)
        let inner = buffer.panel(
            "Image samples", right: "step \(step)/\(b.steps.count) · t \(String(format: "%.2f", t)) · w selects",
            in: parts[0], theme: theme)
        guard state.model.isImage else {
            _ = buffer.setString(
                inner.x, inner.y, "\(state.model.name) generates text: open an image model (6 Models, glyphs)",
                style: theme[.dim], limit: inner.right)
            renderTimeline(in: parts[1], buffer: &buffer)
            renderSchedule(in: schedule, buffer: &buffer)
            return
        }
        buffer.render(ImageGridPane(tiles: state.imageTiles(), theme: theme, selected: state.timeline.row), in: inner)
        renderTimeline(in: parts[1], buffer: &buffer)
        renderSchedule(in: schedule, buffer: &buffer)
    }
}
