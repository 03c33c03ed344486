import Testing

@testable import MaskedDiffusion

/// Every rule of docs/methods.md §4.7 for Countdown, on crafted completions (numbers 3, 7, 25 → 46).
struct CountdownRewardTests {
    func score(_ completion: String, numbers: [Int] = [3, 7, 25], target: Int = 46) -> Double {
        CountdownReward.score(completion, numbers: numbers, target: target)
    }

    @Test func correctAnswerScoresOne() {
        #expect(score("<answer>25+3*7</answer>") == 1.0)
        #expect(score("<answer> 7*3 + 25 </answer>") == 1.0)
        #expect(score("reasoning…<answer>\n(25+21/7*7)-25+25\n</answer>", numbers: [25, 21, 7, 7, 25, 25]) == 1.0)
    }

    @Test func missingOrUnclosedTagsScoreZero() {
        #expect(score("25+3*7") == 0)
        #expect(score("<answer>25+3*7") == 0)
        #expect(score("25+3*7</answer>") == 0)
        #expect(score("</answer>25+3*7<answer>") == 0)
        #expect(score("") == 0)
    }

    @Test func lastAnswerCounts() {
        #expect(score("<answer>1+1</answer> then <answer>25+3*7</answer>") == 1.0)
        #expect(score("<answer>25+3*7</answer> then <answer>3+7+25</answer>") == 0.1)
        // A second opening tag before the close belongs to the content (non-greedy findall).
        #expect(score("<answer>x<answer>25+3*7</answer>") == 0.1)
        #expect(AnswerTags.lastContent(in: "<answer>a<answer>b</answer>") == "a<answer>b")
        #expect(AnswerTags.lastContent(in: "<answer>a\nb</answer>") == "a\nb")
        #expect(AnswerTags.lastContent(in: "<answer></answer>") == "")
    }

    @Test func wrongNumberMultisetScoresFormat() {
        #expect(score("<answer>25+21</answer>") == 0.1)  // numbers missing and foreign
        #expect(score("<answer>25+3*7+0</answer>") == 0.1)  // extra number
        #expect(score("<answer>25+3*7*1</answer>") == 0.1)
        #expect(score("<answer>25+3+3*7-3</answer>") == 0.1)  // a number twice
        #expect(score("<answer>2.5+3*7</answer>") == 0.1)  // "2.5" is the integers 2 and 5
        #expect(score("<answer>1.5*2</answer>", numbers: [1, 5, 2], target: 3) == 1.0)
        #expect(score("<answer></answer>") == 0.1)  // empty: no numbers
        #expect(score("<answer>46</answer>", numbers: [46]) == 1.0)
        #expect(score("<answer>3+3</answer>", numbers: [3, 3], target: 6) == 1.0)
        #expect(score("<answer>3+4</answer>", numbers: [3, 3], target: 7) == 0.1)
    }

    @Test func illegalCharactersScoreFormat() {
        #expect(score("<answer>25+3×7</answer>") == 0.1)
        #expect(score("<answer>25+3*7=46</answer>") == 0.1)
        #expect(score("<answer>25+3*x7</answer>") == 0.1)
        #expect(score("<answer>25+3*7░</answer>") == 0.1)  // a still-masked position
        // Non-ASCII decimal digits pass the multiset and character checks but not Python's eval.
        #expect(score("<answer>25+٣*7</answer>") == 0.1)
    }

    @Test func malformedOrFailingExpressionsScoreFormat() {
        #expect(score("<answer>25+3*7)</answer>") == 0.1)
        #expect(score("<answer>(25+3*7</answer>") == 0.1)
        #expect(score("<answer>25 3*7</answer>") == 0.1)
        #expect(score("<answer>25+3*07</answer>") == 0.1)  // leading zero: Python syntax error
        #expect(score("<answer>25+3/(7-7)</answer>", numbers: [25, 3, 7, 7]) == 0.1)
        #expect(score("<answer>25//(3-3)*7</answer>", numbers: [25, 3, 3, 7]) == 0.1)
    }

    @Test func valueToleranceIsOneE5() {
        #expect(score("<answer>25+3*7</answer>", target: 45) == 0.1)
        // 1/3 + 1/3 + 1/3 is 1 up to rounding; 10 - 9.999999 misses 0 by 1e-6 < 1e-5.
        #expect(score("<answer>1/3+1/3+1/3</answer>", numbers: [1, 3, 1, 3, 1, 3], target: 1) == 1.0)
        #expect(score("<answer>10-9.999999-0</answer>", numbers: [10, 9, 999999, 0], target: 0) == 1.0)
        #expect(score("<answer>10-9.9999-0</answer>", numbers: [10, 9, 9999, 0], target: 0) == 0.1)
    }

    @Test func pythonOperatorsCount() {
        // `**` and `//` evaluate in Python's eval, so the reference reward accepts them.
        #expect(score("<answer>2**3+5</answer>", numbers: [2, 3, 5], target: 13) == 1.0)
        #expect(score("<answer>7//2+5</answer>", numbers: [7, 2, 5], target: 8) == 1.0)
        #expect(score("<answer>-3+7+25</answer>", numbers: [3, 7, 25], target: 29) == 1.0)
    }
}
