import Foundation
import Testing

@testable import Tokenizers

/// What the reader does not implement is refused naming the file and the JSON field.
struct RefusalTests {
    static func read(_ json: String) -> HFTokenizerError? {
        do {
            _ = try HFTokenizer(json: Data(json.utf8), path: "t.json")
            return nil
        } catch { return error }
    }

    static let vocab = #""vocab": {"a": 0, "b": 1, "ab": 2}, "merges": ["a b"]"#

    @Test func unsupportedPartsNameTheirField() {
        #expect(
            Self.read(#"{"model": {"type": "WordPiece", \#(Self.vocab)}}"#)
                == .unsupported(path: "t.json", field: "model.type", value: "\"WordPiece\""))
        #expect(
            Self.read(#"{"normalizer": {"type": "Lowercase"}, "model": {\#(Self.vocab)}}"#)
                == .unsupported(path: "t.json", field: "normalizer.type", value: "\"Lowercase\""))
        #expect(
            Self.read(#"{"model": {"dropout": 0.1, \#(Self.vocab)}}"#)
                == .unsupported(path: "t.json", field: "model.dropout", value: "0.1"))
        let split = #"{"type": "Split", "pattern": {"Regex": "a"}, "behavior": "Removed", "invert": false}"#
        #expect(
            Self.read(#"{"pre_tokenizer": \#(split), "model": {\#(Self.vocab)}}"#)
                == .unsupported(path: "t.json", field: "pre_tokenizer.behavior", value: "\"Removed\""))
    }

    @Test func impossibleValuesAreInvalid() {
        guard case .invalid(_, let field, _)? = Self.read(#"{"model": {"vocab": {"a": 0}, "merges": ["a b"]}}"#) else {
            Issue.record("a merge of unknown tokens was accepted")
            return
        }
        #expect(field == "model.merges[0]")
        guard case .invalid(_, let far, _)? = Self.read(#"{"model": {"vocab": {"a": 999999999}, "merges": []}}"#) else {
            Issue.record("an id far past the vocabulary was accepted")
            return
        }
        #expect(far == "model.vocab[\"a\"]")
    }
}
