import Testing

@testable import MaskedDiffusion

/// The Sudoku rule of docs/methods.md §4.7 on crafted completions.
struct SudokuRewardTests {
    // Four empty cells: indices 0, 5, 10, 15 (solution digits 1, 4, 4, 1).
    let solution = "1234341221434321"
    let puzzle = "0234301221034320"

    func score(_ completion: String) -> Double { SudokuReward.score(completion, puzzle: puzzle, solution: solution) }

    @Test func fullSolutionScoresOne() {
        #expect(score("<answer>1234341221434321</answer>") == 1)
        #expect(score("<answer>\n1234\n3412\n2143\n4321\n</answer>") == 1)  // digits only
        #expect(score("<answer>1 2 3 4 | 3 4 1 2 | 2 1 4 3 | 4 3 2 1</answer>") == 1)
    }

    @Test func partialCreditCountsOnlyEmptyCells() {
        #expect(score("<answer>1234341221434322</answer>") == 0.75)  // cell 15 wrong
        #expect(score("<answer>2234331221434322</answer>") == 0.25)  // only cell 10 right
        #expect(score("<answer>1999949999999999</answer>") == 0.5)  // givens are not scored
    }

    @Test func shortAnswersArePaddedAndLongOnesTruncated() {
        #expect(score("<answer>123434</answer>") == 0.5)  // padded with 0: cells 10, 15 wrong
        #expect(score("<answer>12343412214343219999</answer>") == 1)
        #expect(score("<answer>1234341221434322 1</answer>") == 0.75)
    }

    @Test func missingAnswerOrNoDigitsScoreZero() {
        #expect(score("1234341221434321") == 0)
        #expect(score("<answer>1234341221434321") == 0)
        #expect(score("<answer>no digits</answer>") == 0)
        #expect(score("<answer></answer>") == 0)
        #expect(SudokuReward.score("<answer>1234</answer>", puzzle: solution, solution: solution) == 0)  // no empty cell
    }

    @Test func lastAnswerCountsAndPythonDigitsShiftPositions() {
        #expect(score("<answer>1234341221434321</answer><answer>0000</answer>") == 0)
        #expect(score("<answer>0000</answer><answer>1234341221434321</answer>") == 1)
        // `str.isdigit` keeps "²", which then occupies cell 0 and shifts the rest.
        #expect(score("<answer>²1234341221434321</answer>") == 0)
    }
}
