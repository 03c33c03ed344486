import Testing

@testable import MaskedDiffusion

/// Determinism and the train/test rule, for every task.
struct TaskSplitTests {
    @Test(arguments: TaskFixtures.all.indices)
    func testSetIsFixedDistinctAndLargeEnough(_ index: Int) {
        let task = TaskFixtures.all[index]
        #expect(task.testItems.count >= 256)
        #expect(Set(task.testItems.map(\.splitKey)).count == task.testItems.count)
        let rebuilt: any ReasoningTask =
            switch task.name {
            case "countdown": CountdownTask()
            case "sudoku": SudokuTask()
            default: ArithmeticTask()
            }
        #expect(rebuilt.testItems == task.testItems)
    }

    @Test(arguments: TaskFixtures.all.indices)
    func trainingItemsArePureFunctionsOfSeedAndIndex(_ index: Int) {
        let task = TaskFixtures.all[index]
        let a = (0..<64).map { task.trainingItem($0, seed: 11) }
        let b = (0..<64).reversed().map { task.trainingItem($0, seed: 11) }.reversed()
        #expect(a == Array(b))
        #expect(task.trainingExample(5, seed: 11) == task.example(for: a[5]))
        let other = (0..<64).map { task.trainingItem($0, seed: 12) }
        #expect(a != other)
        #expect(Set(a.map(\.splitKey)).count > 32)
    }

    @Test(arguments: TaskFixtures.all.indices)
    func trainingNeverYieldsATestItem(_ index: Int) {
        let task = TaskFixtures.all[index]
        let testKeys = Set(task.testItems.map(\.splitKey))
        for n in 0..<2000 { #expect(!testKeys.contains(task.trainingItem(n, seed: 5).splitKey)) }
    }

    @Test func rejectionReallyHappens() {
        // A tiny space (two-digit addition, 256 test problems out of ~5000 unordered pairs):
        // unfiltered draws hit test problems, filtered ones never do.
        let task = ArithmeticTask(operation: .add, digits: 2)
        var hits = 0
        for n in 0..<2000 {
            var rng = RNG(seed: 5, stream: .data, path: [task.split.tag, UInt64(n)])
            if task.split.isTestItem(task.draw(using: &rng)) { hits += 1 }
            #expect(!task.split.isTestItem(task.trainingItem(n, seed: 5)))
        }
        #expect(hits > 20)
    }

    @Test func splitKeysIgnoreOrderOnlyWhereProblemsAreTheSame() {
        let a = TaskItem.countdown(CountdownProblem(numbers: [3, 7, 25], target: 46, solution: "25+3*7"))
        let b = TaskItem.countdown(CountdownProblem(numbers: [25, 7, 3], target: 46, solution: "25+3*7"))
        #expect(a.splitKey == b.splitKey)
        let add1 = TaskItem.arithmetic(ArithmeticProblem(lhs: 12, rhs: 34, operation: .add))
        let add2 = TaskItem.arithmetic(ArithmeticProblem(lhs: 34, rhs: 12, operation: .add))
        let sub1 = TaskItem.arithmetic(ArithmeticProblem(lhs: 12, rhs: 34, operation: .subtract))
        let sub2 = TaskItem.arithmetic(ArithmeticProblem(lhs: 34, rhs: 12, operation: .subtract))
        #expect(add1.splitKey == add2.splitKey && sub1.splitKey != sub2.splitKey)
    }

    @Test func completionTextStopsAtEOSAndShowsMasks() {
        let task = TaskFixtures.countdown
        let t = task.tokenizer
        let ids = try! t.encode("<answer>1+2</answer><eos>9<eos>")
        #expect(task.completionText(ids) == "<answer>1+2</answer>")
        #expect(task.completionText([t.maskTokenId] + ids) == "░<answer>1+2</answer>")
        #expect(task.tokenizer.task == "countdown")
    }
}
