import Foundation
import MaskedDiffusion
import Testing

@testable import Workbench

/// The protocol's lines both ways (docs/backend-protocol.md): what the workbench writes, what it
/// accepts, and the message each kind of bad line gets.
struct BackendCodecTests {
    /// A hello as a backend writes it; `fields` replaces or adds keys.
    static func helloLine(_ fields: [String: Any] = [:]) -> String {
        var hello: [String: Any] = [
            "type": "hello", "protocol": 1, "model": "tiny", "family": "fake", "vocab_size": 4, "mask_token_id": 4,
            "max_length": 16, "device": "cpu", "parameters": 1000,
            "capabilities": ["strategies": ["llada"], "remasking": ["low-confidence"], "elbo": ["espo"], "guidance": false],
            "token_text": ["a", "b", "\n", " "], "prompt": [0, 1], "prompt_text": "ab",
            "sampler": ["generation_length": 6, "steps": 6, "candidates": 3]
        ]
        for (k, v) in fields { hello[k] = v }
        let data = try! JSONSerialization.data(withJSONObject: hello, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    static func hello(_ fields: [String: Any] = [:]) -> BackendHello {
        guard case let .hello(h)? = try? BackendCodec.decode(Substring(helloLine(fields)), lineNumber: 1) else {
            fatalError("the test hello does not decode")
        }
        return h
    }

    func object(_ command: BackendCommand) throws -> [String: Any] {
        let line = BackendCodec.encode(command)
        #expect(line.last == 0x0A)
        #expect(!line.dropLast().contains(0x0A), "one line per command")
        return try #require(JSONSerialization.jsonObject(with: line) as? [String: Any])
    }

    @Test func aSampleCarriesTheProblemTheSettingsAndTheStart() throws {
        var config = SamplerConfig()
        config.steps = 3
        config.blockLength = 2
        let problem = SamplingProblem(rows: 1, prompt: [1, 2], fixed: [FixedToken(offset: 1, token: 3)])
        let start = SamplingStart(tokens: [[1, 2, 4, 3]], nfe: [2], firstStep: 2)
        let o = try object(.sample(id: 7, problem: problem, sampler: config, seed: 9, start: start))
        #expect(o["type"] as? String == "sample")
        #expect(o["id"] as? Int == 7)
        #expect(o["seed"] as? Int == 9)
        let p = try #require(o["problem"] as? [String: Any])
        #expect(p["prompts"] as? [[Int]] == [[1, 2]])
        let sampler = try #require(o["sampler"] as? [String: Any])
        #expect(sampler["steps"] as? Int == 3)
        #expect(sampler["block_length"] as? Int == 2)
        #expect(sampler["remasking"] as? String == "low-confidence")
        let s = try #require(o["start"] as? [String: Any])
        #expect(s["tokens"] as? [[Int]] == [[1, 2, 4, 3]])
        #expect(s["nfe"] as? [Int] == [2])
        #expect(s["first_step"] as? Int == 2)
        #expect(try object(.sample(id: 1, problem: problem, sampler: config, seed: 0, start: nil))["start"] == nil)
    }

    @Test func predictElboCancelAndPingLines() throws {
        let p = try object(.predict(id: 3, tokens: [0, 4], k: 5))
        #expect(p["type"] as? String == "predict" && p["tokens"] as? [Int] == [0, 4] && p["k"] as? Int == 5)
        let e = try object(.elbo(id: 4, tokens: [0, 1, 2], prefix: 1, estimator: .llada, units: 64, seed: 0))
        #expect(e["estimator"] as? String == "llada" && e["prefix"] as? Int == 1 && e["units"] as? Int == 64)
        #expect(try object(.cancel(id: 4))["type"] as? String == "cancel")
        #expect(try object(.ping(id: 5))["id"] as? Int == 5)
    }

    @Test func helloStepDoneAndErrorLinesDecode() throws {
        let hello = Self.hello()
        #expect(hello.vocabSize == 4 && hello.maskTokenId == 4 && hello.prompt == [0, 1] && hello.sampler?.steps == 6)
        let step = try BackendCodec.decode(
            #"{"type":"step","id":2,"step":0,"t":1,"rows":[{"tokens":[0,1,4,2],"commits":[{"pos":3,"token":2,"conf":0.5,"top":[[2,0.5],[1,0.25]]}],"block":0,"nfe":1}]}"#,
            lineNumber: 2)
        guard case let .step(id, s) = step else { Issue.record("not a step: \(step)"); return }
        #expect(id == 2 && s.rows[0].commits[0].candidates[1] == Candidate(token: 1, probability: 0.25))
        guard
            case let .done(_, summary) = try BackendCodec.decode(
                #"{"type":"done","id":2,"seconds":1.5,"network_calls":3}"#, lineNumber: 3)
        else { Issue.record("not done"); return }
        #expect(summary.seconds == 1.5 && summary.statistics.networkCalls == 3)
        #expect(
            try BackendCodec.decode(#"{"type":"error","id":null,"code":"bad_json","message":"x"}"#, lineNumber: 4)
                == .error(id: nil, code: "bad_json", message: "x"))
    }

    /// Every bad line gets a message naming the line and what is wrong.
    @Test(arguments: [
        ("nonsense", "backend stdout line 5: not a JSON object"),
        (#"{"type":"bogus","id":1}"#, "backend stdout line 5: unknown message type 'bogus'"),
        (#"{"type":"step","step":0,"t":1,"rows":[]}"#, "backend stdout line 5: 'step' without an 'id'"),
        (#"{"type":"step","id":1,"t":1,"rows":[]}"#, "backend stdout line 5: missing field 'step'"),
        (#"{"type":"predictions","id":1,"top":"x"}"#, "backend stdout line 5: field 'top'"),
        (#"{"id":1}"#, "backend stdout line 5: missing field 'type'")
    ])
    func badLinesAreNamed(line: String, message: String) {
        #expect(throws: BackendProtocolError.self) { try BackendCodec.decode(Substring(line), lineNumber: 5) }
        do {
            _ = try BackendCodec.decode(Substring(line), lineNumber: 5)
        } catch {
            #expect(error.description.hasPrefix(message), "\(error.description)")
        }
    }

    @Test func anotherProtocolVersionOrAnInconsistentHelloIsRefused() {
        func failure(_ fields: [String: Any]) -> String {
            do {
                _ = try BackendCodec.decode(Substring(Self.helloLine(fields)), lineNumber: 1)
                return ""
            } catch { return error.description }
        }
        #expect(failure(["protocol": 2]).contains("the backend speaks protocol 2, this unmask speaks 1"))
        #expect(failure(["token_text": ["a"]]).contains("token_text has 1 entries for a vocab_size of 4"))
        #expect(failure(["prompt": [9]]).contains("prompt token 9 outside 0..<4"))
        #expect(failure(["vocab_size": "four"]).contains("field 'vocab_size'"))
        #expect(failure([:]).isEmpty)
    }

    @Test func capabilitiesRefuseWhatTheBackendDoesNotRun() {
        let c = Self.hello().capabilities
        var config = SamplerConfig()
        #expect(c.problems(config).isEmpty)
        config.remasking = .random
        #expect(c.problems(config) == ["the backend remasks by low-confidence, not random"])
        config = .defaults(for: .radd)
        #expect(c.problems(config).first == "the backend samples llada, not radd")
        config = SamplerConfig()
        config.cfgScale = 1
        #expect(c.problems(config).first?.contains("no classifier-free guidance") == true)
        config = SamplerConfig()
        config.cache = .prefix
        #expect(c.problems(config) == ["the backend has no key/value cache (cache must be none)"])
    }

    @Test(arguments: [
        ("python3 serve_torch.py", "local pipe"),
        ("ssh gpu1 python serve_torch.py", "ssh gpu1"),
        ("ssh -T -p 2222 -i key me@gpu2 python x.py", "ssh me@gpu2"),
        ("ssh -o BatchMode=yes gpu3", "ssh gpu3")
    ])
    func theTitleSaysWhereTheCommandRuns(command: String, location: String) {
        #expect(BackendState.location(of: command) == location)
    }

    /// The vocabulary's text shows as a replay shows it: control characters visible, spaces
    /// between multi-character tokens marked.
    @Test func aBackendModelReadsItsTokensFromTheHello() {
        let model = WorkbenchModel(backend: Self.hello())
        #expect(model.display([0, 2, 4]) == ["a", "␊", "░"])
        #expect(model.label(9) == "⟨9⟩")
        #expect(model.canSample && model.loaded == nil)
        #expect(model.problem(prompt: 0, text: "", generationLength: 6).prompts == [[0, 1]])
        var long = SamplerConfig()
        long.generationLength = 15
        long.steps = 15
        let problems = model.problems(config: long, problem: model.problem(prompt: 0, text: "", generationLength: 15))
        #expect(problems.contains { $0.contains("exceeds the model's 16 positions") }, "\(problems)")
    }
}
