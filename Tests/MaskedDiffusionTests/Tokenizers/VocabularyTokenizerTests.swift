import Testing

@testable import MaskedDiffusion

struct VocabularyTokenizerTests {
    let t = TaskVocabulary.tokenizer(task: "countdown")

    @Test func taskVocabularyLayout() {
        #expect(t.vocabSize == 21 && t.maskTokenId == 21)
        #expect(t.eosId == 0 && t.tokens[0] == "<eos>")
        #expect(t.tokens[1...10] == ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"])
        #expect(t.tokens.suffix(2) == ["<answer>", "</answer>"])
    }

    @Test func multiCharacterTagsAreSingleTokens() throws {
        let ids = try t.encode("<answer>25+3*7</answer>")
        #expect(ids.count == 8)
        #expect(ids.first == 19 && ids.last == 20)
        #expect(t.decode(ids) == "<answer>25+3*7</answer>")
        #expect(try t.encode("<eos><eos>") == [0, 0])
    }

    @Test func greedyLongestMatch() throws {
        let v = try VocabularyTokenizer(tokens: ["a", "ab", "abc", "b", "c"])
        #expect(try v.encode("abcab") == [2, 1])
        #expect(try v.encode("abab") == [1, 1])
        #expect(try v.encode("aab") == [0, 1])
    }

    @Test func unknownTextNamesTheCharacter() {
        #expect(throws: TokenizerError.unknownCharacter("<", offset: 3, line: 1, column: 4)) { try t.encode("1+2<answ") }
        #expect(throws: TokenizerError.unknownCharacter("x", offset: 1, line: 1, column: 2)) { try t.encode("1x") }
    }

    @Test func invalidVocabulariesAreRejected() {
        #expect(throws: TokenizerError.self) { try VocabularyTokenizer(tokens: []) }
        #expect(throws: TokenizerError.self) { try VocabularyTokenizer(tokens: ["a", "a"]) }
        #expect(throws: TokenizerError.self) { try VocabularyTokenizer(tokens: ["a", ""]) }
        #expect(throws: TokenizerError.self) { try VocabularyTokenizer(tokens: ["a"], eosToken: "<eos>") }
    }

    @Test func roundTripsEveryIdSequence() throws {
        // No token is a prefix-concatenation trap in the task vocabulary: any ids re-encode to themselves.
        var rng = RNG(seed: 4, stream: .data)
        for _ in 0..<200 {
            let ids = (0..<12).map { _ in Int32(rng.int(below: t.vocabSize)) }
            #expect(try t.encode(t.decode(ids)) == ids)
        }
        #expect(t.decode([19, 21, 20]) == "<answer>░</answer>")
    }
}
