import Foundation
import Testing

/// The short deterministic fuzz run of `make test`: every parser (safetensors, config.json,
/// tokenizer.json, trajectory JSONL, theme TOML, TensorBoard records, metrics.jsonl,
/// trainer_state.json) gets its committed seeds and 300 mutations of each; a trap in any parser
/// kills the process and fails this test. `make fuzz` runs the same targets under libFuzzer.
struct FuzzReplayTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/Corpus").path

    @Test func everyParserSurvivesItsMutatedCorpus() throws {
        let r = try runUnmask([Self.corpus, "--mutations", "300"], executable: "unmask-fuzz")
        #expect(r.status == 0, "\(r.stderr)")
        for target in ["safetensors", "config", "tokenizer", "trajectory", "theme", "events", "metrics", "trainer-state"] {
            #expect(r.stdout.contains("\(target): "), "no run of \(target)")
        }
    }
}
