import Testing

@testable import MaskedDiffusion

struct MaskScheduleTests {
    @Test(arguments: MaskSchedule.standard)
    func startsAtZeroAndIncreases(schedule: MaskSchedule) {
        #expect(abs(schedule.gamma(0)) < 1e-12)
        let grid = (0...200).map { Double($0) / 200 }
        let values = grid.map(schedule.gamma)
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 < $1 }, "\(schedule.name) must increase")
        #expect(values.allSatisfy { $0 >= 0 && $0 <= 1 + 1e-12 })
    }

    @Test func endpointsMatchTheSpecTable() {
        #expect(MaskSchedule.linear.gamma(1) == 1)
        #expect(abs(MaskSchedule.cosine.gamma(1) - 1) < 1e-12)
        #expect(abs(MaskSchedule.exp(rate: 5).gamma(1) - (1 - _exp(-5))) < 1e-12)
        #expect(abs(MaskSchedule.poly(power: 0.5).gamma(0.25) - 0.5) < 1e-12)
        #expect(abs(MaskSchedule.log(rate: 5).gamma(1) - 1) < 1e-12)
        // Spec table closed forms of the weight γ'/γ.
        let t = 0.37
        #expect(abs(MaskSchedule.linear.elboWeight(t) - 1 / t) < 1e-12)
        #expect(
            abs(MaskSchedule.cosine.elboWeight(t) - Double.pi / 2 * _sin(Double.pi / 2 * (1 - t)) / _cos(Double.pi / 2 * (1 - t)))
                < 1e-9)
        #expect(abs(MaskSchedule.poly(power: 0.5).elboWeight(t) - 0.5 / t) < 1e-12)
        #expect(abs(MaskSchedule.exp(rate: 5).elboWeight(t) - 5 * _exp(-5 * t) / (1 - _exp(-5 * t))) < 1e-12)
        let e5 = _exp(5.0)
        #expect(abs(MaskSchedule.log(rate: 5).elboWeight(t) - (e5 - 1) / ((1 + (e5 - 1) * t) * _log(1 + (e5 - 1) * t))) < 1e-9)
    }

    @Test(arguments: MaskSchedule.standard + [.exp(rate: 2), .poly(power: 2), .log(rate: 3)])
    func weightIsTheNumericalDerivativeRatio(schedule: MaskSchedule) {
        for t in stride(from: 0.05, through: 0.95, by: 0.05) {
            let h = 1e-6
            let numeric = (schedule.gamma(t + h) - schedule.gamma(t - h)) / (2 * h) / schedule.gamma(t)
            #expect(abs(numeric - schedule.elboWeight(t)) < 1e-6 * max(1, abs(numeric)), "\(schedule.name) at t = \(t)")
        }
    }

    @Test func namesRoundTrip() {
        for s in MaskSchedule.standard + [.exp(rate: 2.5), .poly(power: 2), .log(rate: 3)] {
            #expect(MaskSchedule(name: s.name) == s)
        }
        #expect(MaskSchedule(name: "exp") == .exp(rate: 5))
        #expect(MaskSchedule(name: "cubic") == nil)
        #expect(MaskSchedule(name: "poly:-1") == nil)
        #expect(MaskSchedule(name: "linear:2") == nil)
    }
}
