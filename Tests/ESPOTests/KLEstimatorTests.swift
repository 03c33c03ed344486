import Testing

@testable import ESPO

/// k1/k2/k3 values and the derivatives the losses back-propagate (docs/methods.md §4.10).
struct KLEstimatorTests {
    @Test func valuesMatchTheirFormulas() {
        let d = 0.7
        #expect(KLEstimator.k1.value(d) == 0.7)
        #expect(abs(KLEstimator.k2.value(d) - 0.245) < 1e-15)
        #expect(abs(KLEstimator.k3.value(d) - (0.4965853037914095 + 0.7 - 1)) < 1e-15)  // e^{−0.7} + 0.7 − 1
        for k in KLEstimator.allCases { #expect(k.value(0) == 0) }
        #expect(KLEstimator.k3.value(-2) > 0 && KLEstimator.k2.value(-2) > 0, "k2 and k3 are non-negative")
    }

    @Test func k2AndK3DerivativesAreTheValuesSlopes() {
        for k in [KLEstimator.k2, .k3] {
            for d in [-1.3, -0.2, 0, 0.4, 2.1] {
                let h = 1e-6, fd = (k.value(d + h) - k.value(d - h)) / (2 * h)
                #expect(abs(fd - k.derivative(d)) < 1e-8, "\(k) at \(d)")
            }
        }
    }

    @Test func k1BackPropagatesOnePlusDeltaAsESPOsCodeDoes() {
        #expect(KLEstimator.k1.derivative(0) == 1)
        #expect(KLEstimator.k1.derivative(0.5) == 1.5)
        #expect(KLEstimator.k1.derivative(-2) == -1)
    }
}
