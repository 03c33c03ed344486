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
        let dir = FileManager.default.temporaryDirectory.path + "/unmask-sampling-tests-\(UInt32.random(in: 0...UInt32.max))"
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
                == .invalid(
                    line: 3, field: "step", reason: "step 0 after step 0: steps count up by one (a line missing or out of order?)"
                ))
        // A step line lost from the middle of a file.
        let later = step.replacingOccurrences(of: #""step":0"#, with: #""step":2"#)
        #expect(
            error([header, step, later].joined(separator: "\n"))
                == .invalid(
                    line: 3, field: "step", reason: "step 2 after step 0: steps count up by one (a line missing or out of order?)"
                ))
        #expect(
            error([header, step.replacingOccurrences(of: #""t":"#, with: #""t":"x","old_t":"#)].joined(separator: "\n"))
                == .invalid(line: 2, field: "t", reason: "expected Double"))
        // Foundation calls a number its field cannot hold "not valid JSON", with no field.
        #expect(
            error([header, step.replacingOccurrences(of: #""step":0"#, with: #""step":1e300"#)].joined(separator: "\n"))
                == .invalid(line: 2, field: "step", reason: JSONMisfit.reason("1e300")))
        let shortTokens = step.replacingOccurrences(of: #""tokens":[1,"#, with: #""tokens":["#)
        let e = error([header, shortTokens].joined(separator: "\n"))
        #expect(e == .invalid(line: 2, field: "rows[0].tokens", reason: "14 tokens, the header's sequences have 15"))
        #expect(e?.description == "line 2, field rows[0].tokens: 14 tokens, the header's sequences have 15")
    }

    /// What `replay --check` once accepted and the viewer then trapped on (#16 item 9): each is
    /// refused naming its line and field, and a CRLF file reads like its LF twin.
    @Test func whatTheViewerIndexesWithIsChecked() throws {
        let t = try sample()
        func refusal(_ edit: (inout Trajectory) -> Void) -> String? {
            var u = t
            edit(&u)
            guard case .invalid(let line, let field, _)? = error(TrajectoryFile.text(u)) else { return nil }
            return "\(line) \(field)"
        }
        #expect(
            refusal { $0.header.problem.prompts = Array(repeating: Array(repeating: 1, count: 16), count: 2) }
                == "1 problem.prompts")
        #expect(refusal { $0.header.problem.fixed = [FixedToken(offset: 12, token: 3)] } == "1 problem.fixed[0].offset")
        #expect(
            refusal {
                $0.header.kind = .image; $0.header.shape = [2, 3, 5]
            } == "1 shape")
        #expect(refusal { $0.header.initialTokens[1][4] = -7 } == "1 initial_tokens[1][4]")
        #expect(refusal { $0.steps[2].rows[0].tokens[5] = -1 } == "4 rows[0].tokens[5]")
        #expect(refusal { $0.steps[0].rows[1].commits[0].confidence = 1.5 } == "2 rows[1].commits[0].conf")
        #expect(refusal { $0.steps[0].rows[0].commits[0].token += 1 } == "2 rows[0].commits[0].token")
        #expect(
            refusal { $0.steps[1].rows[0].commits[0].candidates = [Candidate(token: 2, probability: -0.5)] }
                == "3 rows[0].commits[0].top[0]")
        let crlf = TrajectoryFile.text(t).replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try TrajectoryFile.decode(crlf) == t)
    }

    /// A non-finite confidence (logits that overflowed) once trapped the writer and lost the
    /// sample: it is written as a string and read back, then refused by the check as any other
    /// confidence outside [0, 1], naming its line and field.
    @Test func nonFiniteNumbersAreWrittenAndNamedOnReading() throws {
        var t = try sample()
        t.steps[0].rows[0].commits[0].confidence = .nan
        let text = TrajectoryFile.text(t)
        #expect(text.contains(#""conf":"nan""#))
        #expect(
            throws: TrajectoryFileError.invalid(line: 2, field: "rows[0].commits[0].conf", reason: "nan is not a probability")
        ) {
            try TrajectoryFile.decode(text)
        }
        t.steps[0].t = .infinity
        #expect(TrajectoryFile.line(for: t.steps[0]).contains(#""t":"inf""#))
    }

    @Test func writingIntoAMissingFolderFailsCleanly() throws {
        #expect(throws: TrajectoryFileError.self) { try TrajectoryFile.write(try sample(), to: "\(missingFolder)/x.jsonl") }
    }

    /// Against a model, candidate and belief ids must be real tokens too: `replay --check` once
    /// passed a candidate 99999, which `p` then pinned into a branch that could never sample.
    @Test func candidateAndBeliefIdsAreCheckedAgainstTheModel() throws {
        let t = try sample(), V = SamplingFixtures.modelConfig.vocabSize, mask = Int32(V)
        #expect(t.problem(vocabSize: V, maskId: mask) == nil)
        let s = try #require(t.steps.firstIndex { !$0.rows[0].commits.isEmpty && ($0.rows[0].beliefs?.isEmpty == false) })
        var bad = t
        bad.steps[s].rows[0].commits[0].candidates[1].token = 99999
        #expect(bad.problem(vocabSize: V, maskId: mask)?.contains("rows[0].commits[0].top[1]: id 99999 is not a token") == true)
        bad = t
        bad.steps[s].rows[0].beliefs![0].token = mask  // the mask is no belief's argmax
        #expect(bad.problem(vocabSize: V, maskId: mask)?.contains("rows[0].beliefs[0]: id \(mask) is not a token") == true)
    }
}
