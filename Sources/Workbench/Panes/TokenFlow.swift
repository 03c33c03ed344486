import Terminal

/// Where each token of a row goes when the row wraps to a width: shared by the trajectory pane
/// (drawing) and the app (mouse clicks → cursor), so a click lands on the token drawn there.
enum TokenFlow {
    /// Top-left cell of each label, relative to the area, or nil once the area is full.
    /// Vocabulary tokens are separated by one cell (two at a block start, for the divider);
    /// character tokens touch, with a divider cell at block starts.
    static func layout(
        labels: [String], joins: Bool, blockStarts: Set<Int>, width: Int,
        height: Int
    ) -> [(x: Int, y: Int)?] {
        var x = 0, y = 0
        var result: [(x: Int, y: Int)?] = []
        result.reserveCapacity(labels.count)
        for (i, label) in labels.enumerated() {
            let w = max(1, label.terminalWidth)
            let gap = (i == 0 ? 0 : joins ? 0 : 1) + (blockStarts.contains(i) ? (joins ? 1 : 2) : 0)
            if x > 0, x + gap + w > width {
                x = 0
                y += 1
            } else {
                x += x > 0 ? gap : 0
            }
            if y >= height {
                result.append(nil)
                continue
            }
            result.append((x, y))
            x += w
        }
        return result
    }

    /// Rows the labels take at `width` with room for all of them.
    static func rows(labels: [String], joins: Bool, blockStarts: Set<Int>, width: Int) -> Int {
        let flow = layout(labels: labels, joins: joins, blockStarts: blockStarts, width: width, height: .max)
        return (flow.last??.y ?? 0) + 1
    }

    /// The position whose label covers (`x`, `y`) (relative to the area), if any.
    static func hit(x: Int, y: Int, labels: [String], layout: [(x: Int, y: Int)?]) -> Int? {
        for (i, p) in layout.enumerated() {
            guard let p, p.y == y else { continue }
            if x >= p.x && x < p.x + max(1, labels[i].terminalWidth) { return i }
        }
        return nil
    }
}
