import Testing

@testable import MaskedDiffusion

struct CharacterTokenizerTests {
    @Test func vocabularyIsTheSortedScalarsOfTheText() throws {
        let t = try CharacterTokenizer(text: "hello, world\n")
        #expect(t.characters.map { String($0) }.joined() == "\n ,dehlorw")
        #expect(t.vocabSize == 10)
        #expect(try t.encode("hello") == [5, 4, 6, 6, 7])
    }

    @Test func roundTripsIncludingCombiningAndAstralScalars() throws {
        let text = "Café – cafe\u{301} 🐈‍⬛\r\n¡Ωμέγα!"
        let t = try CharacterTokenizer(text: text)
        let ids = try t.encode(text)
        #expect(ids.count == text.unicodeScalars.count)
        #expect(t.decode(ids) == text)
        // Any id sequence decodes and re-encodes to itself: one scalar per token.
        let shuffled = ids.reversed().map { $0 }
        #expect(try t.encode(t.decode(shuffled)) == shuffled)
    }

    @Test func unknownCharacterNamesItAndItsPosition() throws {
        let t = try CharacterTokenizer(text: "abc\n")
        #expect(throws: TokenizerError.unknownCharacter("é", offset: 6, line: 2, column: 3)) {
            try t.encode("abc\nabéc")
        }
        do {
            _ = try t.encode("ab\u{7}")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "unknown character '␇' (U+0007) at offset 2 (line 1, column 3)")
        }
        #expect(throws: TokenizerError.invalidVocabulary("no characters")) { try CharacterTokenizer(text: "") }
    }

    @Test func maskAndInvalidIdsRenderVisibly() throws {
        let t = try CharacterTokenizer(text: "ab \n\u{301}")
        #expect(t.decode([0, t.maskTokenId, 2]) == "\n░a")
        #expect(t.text(of: 99) == "�" && t.text(of: -1) == "�")
        #expect(t.display(t.maskTokenId) == "░")
        #expect(t.display(try t.encode("\n")[0]) == "␊")
        #expect(t.display(try t.encode(" ")[0]) == " ")
        #expect(t.display(try t.encode("\u{301}")[0]) == "◌\u{301}")
    }

    @Test func readsFilesStrictly() throws {
        let dir = try TemporaryDirectory()
        let good = dir.path + "/corpus.txt"
        try dir.write([UInt8]("to be\nor not".utf8), to: good)
        #expect(try CharacterTokenizer(contentsOfFile: good) == CharacterTokenizer(text: "to be\nor not"))
        let bad = dir.path + "/bad.txt"
        try dir.write([0x61, 0x62, 0xC3, 0xA9, 0xFF, 0x63], to: bad)
        #expect(throws: TokenizerError.invalidUTF8(path: bad, byteOffset: 4)) { try CharacterTokenizer(contentsOfFile: bad) }
        #expect(throws: TokenizerError.self) { try CharacterTokenizer(contentsOfFile: dir.path + "/missing.txt") }
    }

    /// What `unmask sample` prints: line ends and tabs as they are, other control characters as
    /// pictures, so a sampled ESC cannot drive the terminal.
    @Test func printableTextKeepsLinesAndShowsControls() {
        #expect(VisibleText.printable("a\u{1B}[2Jb\nc\td\u{7F}\u{1D}") == "a␛[2Jb\nc\td␡␝")
        #expect(VisibleText.printable("plain ünïcode\r\n") == "plain ünïcode\r\n")
        #expect(VisibleText.printable("a\u{9B}2J") == "a<9B>2J")
    }
}
