import Testing

@testable import Terminal

/// Values at the ends of the Double range (±1.7e308, ±∞, NaN) reach charts from hostile or
/// broken logs: the chart math stays finite and total, so rendering never traps.
struct ExtremeValueChartTests {
    @Test func lineChartRendersValuesNearTheDoubleLimits() {
        let points: [(x: Double, y: Double)] = [(-1.7e308, -1.7e308), (0, 1.7e308), (1, .infinity), (2, .nan), (1.7e308, 5)]
        for smoothing in [0, 0.6] {
            let chart = LineChart(
                series: [ChartSeries(name: "loss", points: points, style: Style(fg: .cyan))], smoothing: smoothing)
            _ = rendered(chart, width: 60, height: 16)
        }
        let flat = ChartSeries(name: "x", points: [(0, 1e308), (1, -1e308)], style: Style(fg: .cyan))
        _ = rendered(LineChart(series: [flat], yBounds: (-1.7e308, 1.7e308)), width: 40, height: 10)
    }

    @Test func tickLabelsOfHugeValuesAreFinite() {
        for v in [1.7e308, -1.7e308, 1e300, 9.3e18, -9.3e18] {
            #expect(!NiceTicks.format(v, step: 1).isEmpty)
            #expect(!NiceTicks.fixed(v, decimals: 2).isEmpty)
        }
        #expect(NiceTicks(-1.7e308, 1.7e308, count: 5).values.count <= 12)
    }
}
