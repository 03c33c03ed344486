import Foundation
import Testing

@testable import MaskedDiffusion

/// `JSONMisfit.locate` names the number Foundation calls "not valid JSON", in about log₂ of the
/// numbers' count of decodes (one per number once took 30 s on a 16k-number trajectory line).
struct JSONMisfitTests {
    struct Rows: Decodable { var rows: [[Int]]; var scale: Float }

    /// The misfit's path (dotted) and literal, and how many decodes it took.
    static func locate(_ text: String) -> ((field: String, number: String)?, Int) {
        var decodes = 0
        let found = JSONMisfit.locate(Array(text.utf8)) { data in
            decodes += 1
            do { _ = try JSONDecoder().decode(Rows.self, from: data) } catch { return JSONMisfit.isRootCorruption(error) }
            return false
        }
        return (found.map { (CodingPathText.dotted($0.path), $0.number) }, decodes)
    }

    @Test func aMisfitAmongThousandsOfNumbersIsFoundInFewDecodes() throws {
        var rows = Array(repeating: Array(repeating: "7", count: 2048), count: 8)
        rows[5][1999] = "7.5"
        let text = #"{"rows":["# + rows.map { "[" + $0.joined(separator: ",") + "]" }.joined(separator: ",") + #"],"scale":1}"#
        let (found, decodes) = Self.locate(text)
        #expect(found?.field == "rows.5.1999" && found?.number == "7.5")
        #expect(decodes <= 1 + Int(log2(16_385.0).rounded(.up)), "\(decodes) decodes for 16,385 numbers")
    }

    @Test func aFloatOutOfRangeAndTwoMisfits() throws {
        #expect(Self.locate(#"{"rows":[[1,2]],"scale":1e300}"#).0?.field == "scale")
        // Two misfits: one is named (fixing it leads to the other).
        let two = Self.locate(#"{"rows":[[1.5,2]],"scale":1e300}"#).0?.field
        #expect(two == "rows.0.0" || two == "scale")
        // Not a number's fault (not a root failure), or not JSON at all: nothing to name.
        let text = #"{"rows":[[1,2]],"scale":"x"}"#
        #expect(throws: DecodingError.self) {
            do { _ = try JSONDecoder().decode(Rows.self, from: Data(text.utf8)) } catch {
                #expect(JSONMisfit.locate(Rows.self, in: Array(text.utf8), after: error) == nil)
                throw error
            }
        }
        #expect(Self.locate(#"{"rows":[[1,2]"#).0 == nil)
    }
}

/// The two ways messages write a coding path.
struct CodingPathTextTests {
    typealias Key = HeaderJSON.Step

    @Test func dottedAndBracketed() {
        let keys: [any CodingKey] = [Key(stringValue: "rows"), Key(intValue: 0), Key(stringValue: "tokens"), Key(intValue: 3)]
        #expect(CodingPathText.dotted(keys) == "rows.0.tokens.3")
        #expect(CodingPathText.bracketed(keys) == "rows[0].tokens[3]")
        #expect(CodingPathText.bracketed([Key(intValue: 2), Key(stringValue: "pos")]) == "[2].pos")
        #expect(CodingPathText.dotted([]) == "" && CodingPathText.bracketed([]) == "")
    }
}
