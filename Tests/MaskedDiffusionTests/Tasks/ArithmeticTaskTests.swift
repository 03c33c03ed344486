import Testing

@testable import MaskedDiffusion

struct ArithmeticTaskTests {
    @Test func itemsAreCorrectAndFit() {
        for op in ArithmeticProblem.Operation.allCases {
            let task = ArithmeticTask(operation: op, digits: 3)
            for item in task.testItems + (0..<200).map({ task.trainingItem($0, seed: 1) }) {
                guard case .arithmetic(let p) = item else { Issue.record("not arith"); return }
                #expect((0..<1000).contains(p.lhs) && (0..<1000).contains(p.rhs))
                let expected = op == .add ? p.lhs + p.rhs : op == .subtract ? p.lhs - p.rhs : p.lhs * p.rhs
                #expect(item.completion == String(expected))
                #expect(ArithmeticExpression.evaluate(String(item.prompt.dropLast())) == Double(expected))
                let ex = task.example(for: item)
                #expect(ex.prompt.count == task.promptLength && ex.completion.count == task.completionLength)
                #expect(task.reward(item, completion: task.completionText(ex.completion)) == 1)
            }
        }
    }

    @Test func rewardIsExactMatch() {
        let task = TaskFixtures.arithmetic
        let item = TaskItem.arithmetic(ArithmeticProblem(lhs: 123, rhs: 456, operation: .add))
        #expect(item.prompt == "123+456=")
        #expect(task.reward(item, completion: "579") == 1)
        #expect(task.reward(item, completion: " 579\n") == 1)
        #expect(task.isSuccess(item, completion: "579"))
        for wrong in ["578", "5790", "0579", "57 9", "", "579=", "░79"] {
            #expect(task.reward(item, completion: wrong) == 0, "\(wrong)")
        }
        let sub = TaskItem.arithmetic(ArithmeticProblem(lhs: 12, rhs: 54, operation: .subtract))
        #expect(sub.completion == "-42")
        #expect(ArithmeticTask(operation: .subtract).reward(sub, completion: "-42") == 1)
    }

    @Test func lengthsFollowTheOperation() {
        #expect(ArithmeticTask(operation: .add, digits: 3).completionLength == 4)
        #expect(ArithmeticTask(operation: .subtract, digits: 3).completionLength == 4)
        #expect(ArithmeticTask(operation: .multiply, digits: 4).completionLength == 8)
        #expect(ArithmeticTask(operation: .multiply, digits: 4).promptLength == 10)
    }
}
