import Foundation
import Testing

@testable import MaskedDiffusion

/// The optional header keys for files recorded from other models (`mask_token_id`, `token_text`),
/// how a viewer finds text for ids, and the recorded file committed in Examples/recorders
/// (written by record_llada.py from a tiny random PyTorch model).
struct TrajectoryVocabularyTests {
    static let root = String(#filePath.dropLast("Tests/MaskedDiffusionTests/Sampling/TrajectoryVocabularyTests.swift".count))

    func header(tokenizer: String = "none", mask: Int32? = nil, text: [Int32: String]? = nil) -> TrajectoryHeader {
        TrajectoryHeader(
            model: "m", tokenizer: tokenizer, kind: .text, shape: [1, 4], sampler: SamplerConfig(), seed: 0,
            problem: SamplingProblem(rows: 1, prompt: [0]), initialTokens: [[0, 9, 9, 9]], initialNFE: [0],
            maskTokenId: mask, tokenText: text)
    }

    @Test func maskIdAndTokenTextRoundTripAsJSONObjects() throws {
        let t = Trajectory(header: header(mask: 9, text: [0: "a", 12: " the"]))
        let text = TrajectoryFile.text(t)
        #expect(text.contains(#""mask_token_id":9"#) && text.contains(#""token_text":{"0":"a","12":" the"}"#))
        #expect(try TrajectoryFile.decode(text) == t)
        let plain = TrajectoryFile.text(Trajectory(header: header()))
        #expect(
            !plain.contains("mask_token_id") && !plain.contains("token_text"),
            "absent keys stay absent: old readers see no change")
    }

    @Test func badTokenTextKeysAndMaskIdsAreNamed() throws {
        let line = TrajectoryFile.text(Trajectory(header: header(mask: 9, text: [0: "a"])))
        let badKey = line.replacingOccurrences(of: #"{"0":"a"}"#, with: #"{"zero":"a"}"#)
        #expect(throws: TrajectoryFileError.invalid(line: 1, field: "token_text", reason: #"key "zero" is not a token id"#)) {
            try TrajectoryFile.decode(badKey)
        }
        let badMask = line.replacingOccurrences(of: #""mask_token_id":9"#, with: #""mask_token_id":-1"#)
        #expect(throws: TrajectoryFileError.invalid(line: 1, field: "mask_token_id", reason: "-1 is not a token id")) {
            try TrajectoryFile.decode(badMask)
        }
    }

    @Test func textComesFromTheFileThenTheTokenizerElseIds() throws {
        let fromFile = TrajectoryVocabulary(header: header(mask: 9, text: [0: "a"]))
        #expect(fromFile.source == .file && fromFile.render([0, 9, 5, 0]) == "a░⟨5⟩a")

        let dir = FileManager.default.temporaryDirectory.path + "/unmask-vocab-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try TokenizerFile.write(try VocabularyTokenizer(tokens: ["x", "y", "\n"]), to: dir + "/tokenizer.json")
        let fromTokenizer = TrajectoryVocabulary(header: header(tokenizer: "tokenizer.json"), directory: dir)
        #expect(fromTokenizer.source == .tokenizer(dir + "/tokenizer.json"))
        #expect(fromTokenizer.maskTokenId == 3 && fromTokenizer.render([0, 3, 2, 1]) == "x░␊y")

        let none = TrajectoryVocabulary(header: header(tokenizer: "missing/tokenizer.json"), directory: dir)
        #expect(none.source == .none && none.maskTokenId == nil && none.render([0, 1]) == "⟨0⟩⟨1⟩")
    }

    @Test func theCommittedRecordingFollowsLLaDAsSchedule() throws {
        let t = try TrajectoryFile.read(from: Self.root + "Examples/recorders/tiny-llada.trajectory.jsonl")
        let h = t.header
        #expect(h.rows == 2 && h.seqLen == 20 && h.problem.promptLength == 4 && h.maskTokenId == 23)
        #expect(
            h.sampler.strategy == .llada && h.sampler.blockLength == 8 && h.sampler.steps == 8
                && h.sampler.remasking == .lowConfidence)
        #expect(t.steps.map(\.index) == Array(0..<8) && t.steps.last?.rows.map(\.nfe) == [8, 8])
        var previous = h.initialTokens
        for step in t.steps {
            for (r, row) in step.rows.enumerated() {
                let block = 4 + 8 * row.block
                #expect(row.commits.count == 2 && row.commits.allSatisfy { (block..<block + 8).contains($0.position) })
                var expected = previous[r]
                for c in row.commits {
                    #expect(expected[c.position] == 23, "a position is committed once")
                    #expect(c.candidates.first?.token == c.token && c.candidates.first?.probability == c.confidence, "greedy")
                    expected[c.position] = c.token
                }
                #expect(row.tokens == expected)
            }
            previous = step.rows.map(\.tokens)
        }
        #expect(t.finalTokens.allSatisfy { !$0.contains(23) })
        let vocabulary = TrajectoryVocabulary(header: h)
        #expect(vocabulary.source == .file && vocabulary.render(t.finalTokens[0]) == "abcdhqrnrklqrlkukqrh")
    }
}
