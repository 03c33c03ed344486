import Testing

@testable import Terminal

struct NiceTicksTests {
    @Test func stepsAreOneTwoOrFiveTimesAPowerOfTen() {
        #expect(NiceTicks.step(0, 1, count: 5) == 0.2)
        #expect(NiceTicks.step(0, 10, count: 5) == 2)
        #expect(NiceTicks.step(0, 100, count: 3) == 50)
        #expect(NiceTicks.step(0, 7, count: 10) == 0.5)
        #expect(NiceTicks.step(0, 9, count: 3) == 2)  // 3 < √10: factor 2
        #expect(NiceTicks.step(0, 0.03, count: 5) == 0.005)
        #expect(NiceTicks.step(3, 3, count: 5) == 0)
    }

    @Test func ticksAlignToTheStep() {
        let t = NiceTicks(0.13, 0.91, count: 4)
        #expect(t.step == 0.2)
        #expect(t.labels == ["0.2", "0.4", "0.6", "0.8"])
        #expect(NiceTicks(-1, 1, count: 4).labels == ["-1.0", "-0.5", "0.0", "0.5", "1.0"])
        #expect(NiceTicks(0, 50_000, count: 5).labels == ["0", "10k", "20k", "30k", "40k", "50k"])
        #expect(NiceTicks.niceBounds(0.13, 0.91, count: 4) == (0.0, 1.0))
    }

    @Test func fixedFormatting() {
        #expect(NiceTicks.fixed(3.14159, decimals: 2) == "3.14")
        #expect(NiceTicks.fixed(-0.004, decimals: 2) == "0.00")
        #expect(NiceTicks.fixed(-0.05, decimals: 1) == "-0.1")
        #expect(NiceTicks.fixed(0.5, decimals: 3) == "0.500")
        #expect(NiceTicks.fixed(12, decimals: 0) == "12")
        #expect(NiceTicks.fixed(.nan, decimals: 1) == "NaN")
    }

    /// Ticks finer than 10⁻⁶ (a KL of 10⁻⁸ in the first rounds) keep distinct labels.
    @Test func tinyStepsPrintSignificantDigits() {
        let labels = NiceTicks(0, 4e-8, count: 4).labels
        #expect(labels == ["0", "1.00e-08", "2.00e-08", "3.00e-08", "4.00e-08"])
        #expect(NiceTicks.format(0.25, step: 0.05) == "0.25", "ordinary steps stay fixed-point")
        // Near a huge value a fine step prints the value whole, not a suffix after scientific
        // digits (a single point at step 2⁴⁰ once read "1.10e+03G").
        #expect(NiceTicks.format(1_099_511_627_776, step: 0.5) == "1.10e+12")
        #expect(NiceTicks.format(25_000, step: 5000) == "25k")
    }

    /// A flat curve gets a range around its value: 0.57 mid-chart, 0 on 0…1, negatives below.
    @Test func flatCurvesGetARangeAroundTheirValue() {
        let (lo, hi) = LineChart.boundsAround(0.5703)
        #expect(abs(lo - 0.28515) < 1e-12 && abs(hi - 0.85545) < 1e-12)
        #expect(LineChart.boundsAround(0) == (0, 1))
        #expect(LineChart.boundsAround(-2) == (-3, -1))
    }

    /// Steps are whole numbers: one or two of them get ticks 1 apart, fractions keep theirs.
    @Test func wholeNumberAxesNeverTickBetweenIntegers() {
        #expect(LineChart.xTicks(0, 1, count: 4, integral: true).labels == ["0", "1"])
        #expect(LineChart.xTicks(40, 42, count: 6, integral: true).labels == ["40", "41", "42"])
        #expect(LineChart.xTicks(0, 1, count: 4, integral: false).labels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(LineChart.xTicks(0, 500, count: 4, integral: true).labels == ["0", "100", "200", "300", "400", "500"])
    }
}

struct SmoothingTests {
    @Test func debiasedEMAMatchesTensorBoard() {
        // w = 0.5: last = 0.5·1 = 0.5, /(1-0.5) = 1; then 0.25+1.5 = 1.75, /(0.75) = 2.333…
        let s = Smoothing.tensorBoardEMA([1, 3, 5], weight: 0.5)
        #expect(s[0] == 1)
        #expect(abs(s[1] - 7.0 / 3) < 1e-12)
        // last = 0.875 + 2.5 = 3.375, /(0.875) = 3.857…
        #expect(abs(s[2] - 3.375 / 0.875) < 1e-12)
    }

    @Test func nonFiniteValuesPassThroughWithoutAdvancing() {
        let s = Smoothing.tensorBoardEMA([1, .nan, 3], weight: 0.5)
        #expect(s[1].isNaN)
        #expect(abs(s[2] - 7.0 / 3) < 1e-12)
    }

    @Test func constantSeriesAndZeroWeightAreUnchanged() {
        #expect(Smoothing.tensorBoardEMA([0.1, 0.1, 0.1], weight: 0.9) == [0.1, 0.1, 0.1])
        #expect(Smoothing.tensorBoardEMA([1, 2, 3], weight: 0) == [1, 2, 3])
        #expect(Smoothing.tensorBoardEMA([], weight: 0.6) == [])
    }
}

struct BrailleCanvasTests {
    @Test func dotsMapToDrawillesBits() {
        var c = BrailleCanvas(width: 2, height: 1)
        c.set(0, 0, layer: 0)  // 0x01
        c.set(1, 3, layer: 0)  // 0x80
        c.set(2, 1, layer: 1)  // next cell, 0x02
        c.set(9, 9, layer: 0)  // outside: ignored
        var b = Buffer(width: 2, height: 1)
        c.render(at: 0, 0, styles: [Style(fg: .red), Style(fg: .blue)], buffer: &b)
        #expect(b[0, 0].scalar == Unicode.Scalar(0x2881)!)
        #expect(b[1, 0].scalar == "⠂")
        #expect(b[0, 0].fg == .red && b[1, 0].fg == .blue)
    }

    @Test func linesIncludeBothEnds() {
        var c = BrailleCanvas(width: 2, height: 1)
        c.line(0, 0, 3, 3, layer: 0)
        var b = Buffer(width: 2, height: 1)
        c.render(at: 0, 0, styles: [.none], buffer: &b)
        #expect(b.lines == ["⠑⢄"])
    }
}
