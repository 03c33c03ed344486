import MaskedDiffusion
import Testing

@testable import Workbench

/// The full-screen snapshots hold scripted samples, not the demo weights' (`ScriptedNetworks`).
@Suite(.serialized)
struct ScriptedNetworkTests {
    /// Other weights (a fresh random initialisation), same screen: no forward pass of the
    /// model, hence no trained value and no BLAS rounding, reaches a snapshot.
    @Test func theTokensScreenDoesNotDependOnTheWeights() throws {
        let loaded = try LoadedModel(path: demoPath("countdown"))
        loaded.params.initialize(seed: 99)
        var app = WorkbenchAppTests.app(ScriptedNetworks.countdown(loaded))
        defer { app.shutdown() }
        WorkbenchAppTests.settle(&app, until: WorkbenchAppTests.finished)
        expectSnapshot(WorkbenchAppTests.screen(app), named: "WorkbenchTokens")
        #expect(app.state.branch.outcome?.successes == [true], "the script answers correctly")
    }

    @Test func theCountdownScriptFindsAnExpressionForTheTarget() {
        for (prompt, target) in [("81 13 96=28", 28), ("3 4 5=17", 17), ("2 7 9=61", 61), ("6 5 8=22", 22)] {
            let expression = CountdownScript.expression(for: prompt)
            #expect(Self.evaluate(expression) == target, "\(prompt): \(expression)")
        }
        #expect(CountdownScript.expression(for: "1 1 1=50") == "1+1+1", "no expression: a well-formed sum")
    }

    /// `x op y op z` with × before + and −.
    static func evaluate(_ s: String) -> Int? {
        let numbers = s.split(whereSeparator: { "+-*".contains($0) }).compactMap { Int($0) }
        let ops = s.filter { "+-*".contains($0) }.map(String.init)
        guard numbers.count == 3, ops.count == 2 else { return nil }
        func apply(_ op: String, _ x: Int, _ y: Int) -> Int { op == "+" ? x + y : op == "-" ? x - y : x * y }
        if ops[1] == "*" && ops[0] != "*" { return apply(ops[0], numbers[0], numbers[1] * numbers[2]) }
        return apply(ops[1], apply(ops[0], numbers[0], numbers[1]), numbers[2])
    }
}
