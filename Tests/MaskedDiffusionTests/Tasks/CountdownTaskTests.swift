import Testing

@testable import MaskedDiffusion

struct CountdownTaskTests {
    let task = TaskFixtures.countdown

    @Test func everyItemIsSolvableAndItsCompletionScoresOne() {
        let items = task.testItems + (0..<256).map { task.trainingItem($0, seed: 7) }
        for item in items {
            guard case .countdown(let p) = item else { Issue.record("not countdown"); return }
            #expect(p.numbers.count == 3 && p.numbers.allSatisfy(task.numberRange.contains))
            #expect(task.targetRange.contains(p.target))
            #expect(ArithmeticExpression.evaluate(p.solution) == Double(p.target))
            #expect(PythonText.integers(in: Array(p.solution.unicodeScalars)[...]).map { $0! }.sorted() == p.numbers.sorted())
            #expect(task.reward(item, completion: item.completion) == 1.0)
            let example = task.example(for: item)
            #expect(task.reward(item, completion: task.completionText(example.completion)) == 1.0)
        }
    }

    @Test func solverPicksTheShortestThenSmallestText() {
        let s = CountdownSolver.solutions([3, 7, 25])
        #expect(s[46] == "25+3*7")  // "3*7+25" is as short but sorts later
        #expect(s[15] == "25-3-7")
        #expect(CountdownSolver.solutions([9, 3, 7])[42] == "(9-3)*7")  // "(" sorts before digits
        #expect(CountdownSolver.solutions([8, 5, 2])[5] == "2+8-5")
        #expect(CountdownSolver.solutions([8, 5, 2])[11] == "2*8-5")  // ASCII order: "*" < "+" < "-" < digits
    }

    @Test func everyReachableValueEvaluatesToItself() {
        for numbers in [[6, 4, 2], [99, 98, 97], [1, 1, 1], [50, 2, 25]] {
            for (value, text) in CountdownSolver.solutions(numbers) {
                #expect(ArithmeticExpression.evaluate(text) == Double(value), "\(text)")
                #expect(CountdownReward.score("<answer>\(text)</answer>", numbers: numbers, target: value) == 1)
            }
        }
    }

    @Test func promptAndCompletionLayout() {
        let item = TaskItem.countdown(CountdownProblem(numbers: [25, 3, 7], target: 46, solution: "25+3*7"))
        #expect(item.prompt == "25 3 7=46")
        #expect(item.completion == "<answer>25+3*7</answer>")
        let ex = task.example(for: item)
        let eos = task.tokenizer.eosId!
        #expect(ex.prompt.count == 11 && ex.completion.count == 16)
        #expect(ex.prompt.prefix(2) == [eos, eos])
        #expect(task.tokenizer.decode(Array(ex.prompt.dropFirst(2))) == "25 3 7=46")
        #expect(Array(ex.completion.suffix(8)) == Array(repeating: eos, count: 8))
        #expect(task.completionText(ex.completion) == "<answer>25+3*7</answer>")
    }
}
