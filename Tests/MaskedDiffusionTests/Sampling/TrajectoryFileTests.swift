import Testing

@testable import MaskedDiffusion

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

@Suite(.serialized) struct TrajectoryFileTests {
    init() { BLAS.setThreads(1) }

    func sample() throws -> Trajectory {
        var c = SamplingFixtures.config(.llada)
        c.cfgScale = 0.5
        c.eosTokenIds = [12]
        c.eosConfidenceLast = true
        let s = try makeSampler(
            model: SamplingFixtures.model(), config: c,
            problem: SamplingProblem(rows: 2, prompt: SamplingFixtures.prompt, fixed: [FixedToken(offset: 1, token: 3)]),
            seed: 77)
        return s.run(model: "runs/tiny", tokenizer: "runs/tiny/tokenizer.json", kind: .text)
    }

    @Test func roundTripsThroughAFile() throws {
        let t = try sample()
        let dir = "/tmp/unmask-sampling-tests-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/run.trajectory.jsonl"
        try TrajectoryFile.write(t, to: path)
        let back = try TrajectoryFile.read(from: path)
        #expect(back == t)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 1 + t.steps.count)
        #expect(text.hasPrefix("{") && text.contains(#""format":"unmask-trajectory""#) && text.contains(#""version":1"#))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).count == 1)  // no temporary left behind
    }

    @Test func imageKindAndShapeRoundTrip() throws {
        var t = try sample()
        t.header.kind = .image
        t.header.shape = [2, 3, 4]
        #expect(try TrajectoryFile.decode(TrajectoryFile.text(t)) == t)
    }

    func error(_ text: String) -> TrajectoryFileError? {
        do { _ = try TrajectoryFile.decode(text); return nil } catch { return error }
    }

    @Test func errorsNameTheLineAndField() throws {
        let good = TrajectoryFile.text(try sample()).split(separator: "\n").map(String.init)
        let header = good[0], step = good[1]
        #expect(error("") == .empty)
        #expect(
            error(header.replacingOccurrences(of: #""version":1"#, with: #""version":2"#))
                == .unsupportedVersion(line: 1, found: 2, supported: 1))
        #expect(
            error(header.replacingOccurrences(of: #""seed":77,"#, with: ""))
                == .invalid(line: 1, field: "seed", reason: "missing"))
        #expect(
            error(header.replacingOccurrences(of: #""unmask-trajectory""#, with: #""other""#))
                == .invalid(line: 1, field: "format", reason: #""other" is not "unmask-trajectory""#))
        #expect(
            error([header, step, step].joined(separator: "\n"))
                == .invalid(line: 3, field: "step", reason: "step 0 does not follow step 0"))
        #expect(
            error([header, step.replacingOccurrences(of: #""t":"#, with: #""t":"x","old_t":"#)].joined(separator: "\n"))
                == .invalid(line: 2, field: "t", reason: "expected Double"))
        let shortTokens = step.replacingOccurrences(of: #""tokens":[1,"#, with: #""tokens":["#)
        let e = error([header, shortTokens].joined(separator: "\n"))
        #expect(e == .invalid(line: 2, field: "rows[0].tokens", reason: "14 tokens, the header's sequences have 15"))
        #expect(e?.description == "line 2, field rows[0].tokens: 14 tokens, the header's sequences have 15")
    }

    @Test func writingIntoAMissingFolderFailsCleanly() throws {
        #expect(throws: TrajectoryFileError.self) { try TrajectoryFile.write(try sample(), to: "/nonexistent-dir/x.jsonl") }
    }
}
