import Foundation

@testable import Tokenizers

/// The parity fixtures of Fixtures/make_fixtures.py: the corpus, and per tokenizer style the
/// reference ids of every line and the decodes that differ from their line.
struct ParityFixture {
    static let folder = String(#filePath.dropLast("ParityFixture.swift".count)) + "Fixtures"
    static let corpus: [String] = {
        let text = try! String(contentsOfFile: folder + "/corpus.jsonl", encoding: .utf8)
        return text.split(separator: "\n").map { try! JSONDecoder().decode(String.self, from: Data($0.utf8)) }
    }()

    let name: String
    let path: String
    /// Reference ids of corpus line i. [lines][tokens]
    let ids: [[Int32]]
    /// `tokenizers`' decode of line i's ids where it is not the line itself.
    let decodes: [Int: String]

    init(_ name: String) throws {
        self.name = name
        path = Self.folder + "/\(name).json"
        let idText = try String(contentsOfFile: Self.folder + "/\(name).ids", encoding: .utf8)
        ids = idText.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
            line.split(separator: " ").map { Int32($0)! }
        }
        let decodeData = try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/\(name).decode.json"))
        let table = try JSONDecoder().decode([String: String].self, from: decodeData)
        decodes = Dictionary(uniqueKeysWithValues: table.map { (Int($0.key)!, $0.value) })
    }

    var lines: ArraySlice<String> { Self.corpus[..<ids.count] }

    func tokenizer() throws -> HFTokenizer { try HFTokenizer(contentsOf: path) }

    /// The fixture's JSON edited by `change` and written to a temporary file, for tests that
    /// show a changed file changes the result.
    func edited(_ change: (inout [String: Any]) -> Void) throws -> (HFTokenizer?, HFTokenizerError?) {
        var doc = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        change(&doc)
        let file = FileManager.default.temporaryDirectory.path + "/hf-tokenizer-\(UInt64.random(in: 0...UInt64.max)).json"
        try JSONSerialization.data(withJSONObject: doc).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        do { return (try HFTokenizer(contentsOf: file), nil) } catch { return (nil, error) }
    }

    /// Lines whose encoding by `t` differs from the reference.
    func mismatches(_ t: HFTokenizer, limit: Int = .max) -> [Int] {
        var bad: [Int] = []
        for (i, line) in lines.enumerated().prefix(limit) where t.encode(line) != ids[i] { bad.append(i) }
        return bad
    }
}
