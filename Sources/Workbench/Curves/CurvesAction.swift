import Terminal

/// What a key does to a `CurvesViewState` (applied by `CurvesViewState.perform(_:on:)`).
enum CurvesAction: Hashable, Sendable {
    case previousMetric, nextMetric
    /// Hide or show the selected metric's chart.
    case toggleMetric
    /// Grid of charts ⇄ the selected metric alone.
    case toggleLayout
    /// Show every hidden metric and run again.
    case showAll
    case smoothMore, smoothLess
    case zoomIn, zoomOut, zoomAll
    /// Hide or show run i (0-based, in `CurveSeries.runs(in:)` order).
    case toggleRun(Int)

    /// The pane's key bindings, the same in `unmask watch` and the workbench's Train tab (so
    /// they avoid the workbench's other keys: arrows, j/k, +/−, Space and Enter act on its knobs
    /// and timeline). A host puts them in its own `KeyMap` (wrapped with `KeyBinding.map`), so
    /// its help and hint bar list them. `runKeys` adds 1…9 for run toggles; leave it off where
    /// digits mean something else (the workbench's tabs).
    static func bindings(group: String = "Curves", runKeys: Bool = true) -> [KeyBinding<CurvesAction>] {
        var b: [KeyBinding<CurvesAction>] = [
            KeyBinding(key: .char("g"), action: .nextMetric, help: "next metric", group: group, hint: true),
            KeyBinding(key: .char("G"), action: .previousMetric, help: "previous metric", group: group),
            KeyBinding(key: .char("v"), action: .toggleMetric, help: "hide / show metric", group: group),
            KeyBinding(key: .char("o"), action: .toggleLayout, help: "grid / one chart", group: group),
            KeyBinding(key: .char("a"), action: .showAll, help: "show all", group: group),
            KeyBinding(key: .char("}"), action: .smoothMore, help: "more smoothing", group: group, hint: true),
            KeyBinding(key: .char("{"), action: .smoothLess, help: "less smoothing", group: group),
            KeyBinding(key: .char("z"), action: .zoomIn, help: "zoom in", group: group, hint: true),
            KeyBinding(key: .char("Z"), action: .zoomOut, help: "zoom out", group: group),
            KeyBinding(key: .char("0"), action: .zoomAll, help: "all steps", group: group)
        ]
        if runKeys {
            for i in 0..<9 {
                let digit = Unicode.Scalar(UInt8(ascii: "1") + UInt8(i))
                b.append(KeyBinding(key: .char(digit), action: .toggleRun(i), help: "hide/show run \(i + 1)", group: group))
            }
        }
        return b
    }
}

extension KeyBinding {
    /// The same binding for another action type (a host wrapping pane actions in its own enum).
    func map<Other: Hashable & Sendable>(_ transform: (Action) -> Other) -> KeyBinding<Other> {
        KeyBinding<Other>(key: key, action: transform(action), help: help, group: group, hint: showsInHintBar)
    }
}
