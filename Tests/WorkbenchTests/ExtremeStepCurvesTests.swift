import Terminal
import Testing

@testable import Workbench

/// Steps near ±2⁶³ from a foreign event file: spans and zooms saturate instead of overflowing.
struct ExtremeStepCurvesTests {
    @Test func stepSpanOfStepsNearTheIntLimitsSaturates() {
        let series = [CurveSeries(name: "loss", run: "a", steps: [(Int.min + 1, 1), (0, 2), (Int.max - 1, 3)])]
        #expect(CurvesViewState.stepSpan(of: series) == Int.max)
        var state = CurvesViewState()
        state.perform(.zoomIn, on: series)
        state.perform(.zoomOut, on: series)
    }
}
