import Terminal
import Testing

@testable import Workbench

/// The curves pane's view state: what each key does to smoothing, zoom, selection and toggles.
struct CurvesViewStateTests {
    static let twoRuns = [
        CurveSeries(name: "reward", run: "a", steps: [(0, 0.1), (1000, 0.9)]),
        CurveSeries(name: "reward", run: "b", steps: [(0, 0.2), (400, 0.5)]),
        CurveSeries(name: "kl", run: "a", steps: [(0, 0), (1000, 0.01)]),
        CurveSeries(name: "loss", run: "b", steps: [(0, 2), (400, 1)])
    ]

    @Test func smoothingMovesInHundredthsWithin0And099() {
        var s = CurvesViewState(smoothing: 0.6)
        s.perform(.smoothMore, on: [])
        #expect(s.smoothing == 0.65)
        for _ in 0..<20 { s.perform(.smoothMore, on: []) }
        #expect(s.smoothing == 0.99)
        #expect(s.smoothingLabel == "EMA 0.99")
        for _ in 0..<30 { s.perform(.smoothLess, on: []) }
        #expect(s.smoothing == 0)
        #expect(s.smoothingLabel == "raw")
        #expect(CurvesViewState(smoothing: 1.5).smoothing == 0.99)
    }

    /// Zoom steps through 1-2-5 windows below the data's span, down to 10 steps, and back out
    /// to "all steps" once a window would cover the span.
    @Test func zoomStepsThroughNiceWindows() {
        var s = CurvesViewState()
        var windows: [Int?] = []
        for _ in 0..<9 {
            s.perform(.zoomIn, on: Self.twoRuns)
            windows.append(s.window)
        }
        #expect(windows == [500, 200, 100, 50, 20, 10, 10, 10, 10])
        #expect(s.windowLabel == "last 10 steps")
        var out: [Int?] = []
        for _ in 0..<7 {
            s.perform(.zoomOut, on: Self.twoRuns)
            out.append(s.window)
        }
        #expect(out == [20, 50, 100, 200, 500, nil, nil])
        #expect(s.windowLabel == "all steps")
        s.perform(.zoomIn, on: Self.twoRuns)
        s.perform(.zoomAll, on: Self.twoRuns)
        #expect(s.window == nil)
    }

    @Test func selectionWrapsAndTogglesFollowTheSelectionAndRunOrder() {
        var s = CurvesViewState()
        #expect(s.selected(in: CurveSeries.metrics(in: Self.twoRuns)) == "reward")
        s.perform(.previousMetric, on: Self.twoRuns)
        #expect(s.selectedMetric == "loss")
        s.perform(.nextMetric, on: Self.twoRuns)
        s.perform(.nextMetric, on: Self.twoRuns)
        #expect(s.selectedMetric == "kl")
        s.perform(.toggleMetric, on: Self.twoRuns)
        #expect(s.hiddenMetrics == ["kl"])
        s.perform(.toggleRun(1), on: Self.twoRuns)
        s.perform(.toggleRun(7), on: Self.twoRuns)  // no run 8: nothing happens
        #expect(s.hiddenRuns == ["b"])
        s.perform(.toggleLayout, on: Self.twoRuns)
        #expect(s.layout == .single)
        s.perform(.showAll, on: Self.twoRuns)
        #expect(s.hiddenMetrics.isEmpty && s.hiddenRuns.isEmpty)
        s.perform(.toggleRun(1), on: Self.twoRuns)
        s.perform(.toggleRun(1), on: Self.twoRuns)
        #expect(s.hiddenRuns.isEmpty)
        // A selection that no longer exists falls back to the first metric.
        s.selectedMetric = "gone"
        #expect(s.selected(in: ["reward", "kl"]) == "reward")
    }

    /// The bindings a host merges into its key map: one action per key, digits only on request,
    /// and `map` keeps key, help, group and hint flag.
    /// `unmask watch` and the Train tab once bound the same actions to different keys (theme t/T,
    /// hide v/Space, grid o/Enter, smoothing {}/+−, all steps Z/0). Now both take these bindings.
    @Test func watchAndTheTrainTabShareOneKeyMap() {
        for binding in CurvesAction.bindings(runKeys: false) {
            #expect(WatchApp.keyMap.action(for: binding.key) == .curves(binding.action), "\(binding.key) in watch")
            #expect(WorkbenchKeys.map.action(for: binding.key) == .curves(binding.action), "\(binding.key) in the workbench")
        }
        #expect(WatchApp.keyMap.action(for: .char("T")) == .nextTheme && WorkbenchKeys.map.action(for: .char("T")) == .nextTheme)
    }

    @Test func bindingsAreDataAHostCanWrap() {
        let all = CurvesAction.bindings()
        #expect(Set(all.map(\.key)).count == all.count, "no key bound twice")
        #expect(all.contains { $0.key == .char("3") && $0.action == .toggleRun(2) })
        let noDigits = CurvesAction.bindings(group: "Train", runKeys: false)
        #expect(!noDigits.contains { if case .char(let c) = $0.key { return ("1"..."9").contains(c) } else { return false } })
        #expect(noDigits.allSatisfy { $0.group == "Train" })
        enum Host: Hashable, Sendable { case curves(CurvesAction), quit }
        let map = KeyMap<Host>(
            noDigits.map { $0.map(Host.curves) } + [
                KeyBinding(key: .char("q"), action: .quit, help: "quit", group: "General", hint: true)
            ])
        #expect(map.action(for: .char("}")) == .curves(.smoothMore))
        #expect(map.hints.map(\.keys) == ["g", "}", "z", "q"])
        #expect(map.helpSections.map(\.group) == ["Train", "General"])
    }
}
