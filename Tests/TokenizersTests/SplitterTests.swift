import Foundation
import Testing

@testable import Tokenizers

/// The hand-written matcher for the Qwen2 and LLaMA-3 split patterns cuts every corpus line
/// exactly where the general regex matcher does.
struct SplitterTests {
    @Test(arguments: [ContractionSplitter.qwen2, ContractionSplitter.llama3, ContractionSplitter.gpt2Pattern])
    func handWrittenMatcherAgreesWithRegex(pattern: String) throws {
        let fast = try #require(ContractionSplitter.recognising(pattern))
        let general = try RegexSplitter(pattern: pattern, field: JSONField(value: nil, field: "test", path: "test"))
        var bad: [String] = []
        for line in ParityFixture.corpus.prefix(3000) + ["it's 12345 'LL\r\n\r\n  x  \n", "a  \t b", "1234567", " 'S ' ' !! ?\n"]
        {
            let s = Array(line.unicodeScalars)
            if fast.matchEnds(s) != general.matchEnds(s) { bad.append(line) }
        }
        #expect(bad.isEmpty, "first: \(bad.first.debugDescription)")
    }

    @Test func digitRunsFollowThePattern() {
        let s = Array("x 12345".unicodeScalars)
        #expect(ContractionSplitter(digitRun: 1).matchEnds(s) == [1, 2, 3, 4, 5, 6, 7])
        #expect(ContractionSplitter(digitRun: 3).matchEnds(s) == [1, 2, 5, 7])
    }
}

/// The NFC shortcut never skips text that NFC would change.
struct NormalizerTests {
    @Test func quickCheckOnlySkipsTextNFCLeavesAlone() {
        var skipped = 0
        let extra = ["e\u{301}", "\u{212B}", "\u{1100}\u{1161}", "\u{0B47}\u{0B3E}", "\u{F900}", "Å", "한국어"]
        for line in ParityFixture.corpus + extra where Normalizer.isSurelyNFC(line) {
            skipped += 1
            #expect(line.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(line.unicodeScalars), "\(line)")
        }
        #expect(skipped > ParityFixture.corpus.count / 2)
        #expect(!extra.prefix(5).contains(where: Normalizer.isSurelyNFC))
    }
}

/// Telling a `tokenizers` file from an Unmask one by its top level.
struct FileKindTests {
    @Test func modelObjectAtTheTopLevelOnly() {
        let hf = #"{"version": "1.0", "added_tokens": [{"content": "\"model\": {"}], "model" : {"type": "BPE"}}"#
        #expect(HFTokenizer.isHFTokenizer(Data(hf.utf8)))
        #expect(!HFTokenizer.isHFTokenizer(Data(#"{"kind": "characters", "tokens": ["model", "{"]}"#.utf8)))
        #expect(!HFTokenizer.isHFTokenizer(Data(#"{"kind": "x", "extra": {"model": {}}}"#.utf8)))
        #expect(!HFTokenizer.isHFTokenizer(Data(#"{"model": "gpt2"}"#.utf8)))
        #expect(!HFTokenizer.isHFTokenizer(Data("not json".utf8)))
    }
}
