import Foundation
import Testing

/// Values a user can mistype, each met as the binary meets it: a one-line reason naming the flag
/// (or the file and field) and status 2, never a trap, a failed allocation or the OOM killer, and
/// no run folder left behind. Each case once crashed or misled (a new user's try-out, session 8).
struct BadValueCLITests {
    static let demo = SampleEvalELBOCLITests.demo

    /// (arguments, what stderr must say).
    static let cases: [([String], String)] = [
        (["sample", "--model", demo("countdown"), "--threads", "0"], "--threads must be in 1…256 (got 0)"),
        (["sample", "--model", demo("countdown"), "--threads", "100000"], "--threads must be in 1…256 (got 100000)"),
        (["eval", "--model", demo("countdown"), "--threads", "0"], "--threads must be in 1…256"),
        (["elbo", "--model", demo("countdown"), "--text", "1", "--threads", "0"], "--threads must be in 1…256"),
        (["eval", "--model", demo("countdown"), "--batch", "0"], "--batch must be ≥ 1"),
        (["elbo", "--model", demo("countdown"), "--text", ""], "--text is empty"),
        (
            ["elbo", "--model", demo("text"), "--text", String(repeating: "a", count: 500)],
            "--text is 500 tokens; the model takes at most 64"
        ),
        (
            ["elbo", "--model", demo("countdown"), "--text", "1", "--group", "100000000"],
            "--group must be in 1…4096 (got 100000000)"
        ),
        (["sample", "--model", demo("countdown"), "--rows", "100000000"], "a network for 100000000 sequences of 27 positions"),
        (["eval", "--model", demo("countdown"), "--batch", "100000000"], "more than this machine's"),
        (
            ["sample", "--model", demo("countdown"), "--class", "3"],
            "--class is for image models; a countdown task model takes --prompt"
        ),
        (["sample", "--model", demo("text"), "--class", "3"], "--class is for image models; a text model takes --prompt"),
        (["sample", "--model", demo("glyphs"), "--prompt", "x"], "--prompt is for text models"),
        (["sample", "--model", demo("glyphs"), "--cfg", "2"], "--cfg guides toward a class: give --class"),
        (
            ["sample", "--model", demo("glyphs"), "--class", "1", "--cfg", "2", "--rows", "9223372036854775807"],
            "--rows 9223372036854775807 is too large"
        ),
        (
            [
                "sample", "--model", demo("countdown"), "--cfg", "1e38", "--out",
                NSTemporaryDirectory() + "unmask-cfg-\(UUID()).jsonl"
            ],
            "cfg_scale must be in 0…100"
        ),
        (
            ["train", "--task", "text", ReplayCLITests.root + "Examples/data/corpus.txt", "--seq-len", "60000"]
                + ["--out", "\(missingFolder)/run"],
            "tokens are too few for windows of 60000 on both sides of the held-out split"
        ),
        (
            ["train", "--task", "text", ReplayCLITests.root + "Examples/data/corpus.txt", "--seq-len", "1000000000000000000"]
                + ["--out", "\(missingFolder)/run"],
            "--seq-len must be in 2…65536 (got 1000000000000000000)"
        ),
        (["train", "--task", "text", NSTemporaryDirectory(), "--out", "\(missingFolder)/run"], "not a regular file"),
        (
            ["eval", "--model", demo("countdown"), "--items", "4", "--samples", "3", "--completions", "\(missingFolder)/x.jsonl"],
            "--completions \(missingFolder)/x.jsonl is in a folder that does not exist (\(missingFolder))"
        ),
        (["eval", "--model", demo("countdown"), "--samples", "3", "--completions", NSTemporaryDirectory()], "needs a file name"),
        (
            ["eval", "--model", demo("countdown"), "--completions", "x.jsonl"],
            "--completions writes the completions of --samples N"
        ),
        (
            ["eval", "--model", demo("countdown"), "--samples", "3", "--group", "100"],
            "--group (100) needs --samples of at least 100"
        ),
        (["sample", "--model", demo("countdown"), "--out", "/dev/null/x.jsonl"], "is inside a file, not a folder (/dev/null)"),
        (["sample", "--model", demo("countdown"), "--strategy", "eb", "--steps", "16"], "--steps is not used by --strategy eb"),
        (["eval", "--model", demo("countdown"), "--gamma", "1"], "--gamma is not used by --strategy llada"),
        (
            ["eval", "--model", demo("countdown"), "--length", "20"],
            "--length 20: eval decodes countdown's completions of 16 tokens (leave --length out)"
        ),
        (
            ["train", "--task", "arith", "--batch", "-1", "--out", "\(missingFolder)/run"],
            "--batch (batch_size) must be ≥ 1 (got -1)"
        ),
        // Flags the chosen mode does not read: once accepted and ignored.
        (
            ["train", "--task", "arith", "--loss", "sft", "--weighted", "--out", "\(missingFolder)/run"],
            "--weighted applies only to the eMIGM loss (--loss emigm)"
        ),
        (
            ["train", "--task", "countdown", "--seq-len", "32", "--out", "\(missingFolder)/run"],
            "--seq-len applies only to --task text"
        ),
        (["elbo", "--model", demo("text"), "--text", "hello", "--items", "5"], "--items applies only to --data test"),
        (["elbo", "--model", demo("text"), "--text", "hello", "--samples", "1"], "--samples must be ≥ 2 (got 1)"),
        (["espo", "--model", demo("countdown"), "--out", "\(missingFolder)/rl", "--mc", "0"], "--mc must be ≥ 1 (got 0)"),
        (["train", "--task", "mnist", missingFolder, "--out", "\(missingFolder)/run"], "--task mnist: no folder \(missingFolder)")
    ]

    @Test(arguments: cases) func isRefusedWithItsReason(arguments: [String], reason: String) throws {
        let r = try runUnmask(arguments)
        #expect(r.status == 2, "\(arguments): \(r.stderr)")
        #expect(r.stderr.contains(reason), "\(arguments): \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count <= 3, "a reason, not a crash report: \(r.stderr)")
    }

    /// Settings ESPO cannot run are refused before the run folder exists: `--beta nan` once ran a
    /// round, failed to save it, and left a folder that neither a new run nor --resume accepted.
    @Test(arguments: [
        (["--beta", "nan"], "--beta must be finite and ≥ 0 (got nan)"),
        (["--temperature", "nan"], "--temperature must be finite and ≥ 0 (got nan)"),
        (["--lr", "1e30"], "--lr must be in (0, 1]"),
        (["--eval-items", "0"], "--eval-items must be ≥ 1"),
        (["--prompts", "100000000", "--micro-batch", "6"], "600000000 rollouts (100000000 prompts × 6)"),
        (["--epsilon", "-1"], "--epsilon must be in [0, 1] (got -1.0)"),
        // Each names its one flag (these once shared "--warmup, --weight-decay and --clip must be…").
        (["--clip", "-1"], "--clip must be finite and ≥ 0 (got -1.0)"),
        (["--epsilon-high", "nan"], "--epsilon-high must be finite and ≥ 0 (got nan)"),
        (
            ["--gen-steps", "100"],
            "rollout sampler (--gen-steps, --block; completions of 16 tokens): steps (100) must be ≤ generation_length (16)"
        )
    ])
    func espoRefusesBeforeTheFolderExists(flags: [String], reason: String) throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("espo-bad-\(UUID().uuidString)").path
        let r = try runUnmask(["espo", "--model", Self.demo("countdown"), "--rounds", "1", "--out", out] + flags)
        #expect(r.status == 2, "\(flags): \(r.stderr)")
        #expect(r.stderr.contains(reason), "\(flags): \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out), "\(flags): no run folder is left")
    }

    /// A tokenizer.json that cannot be used is named with what is wrong in it.
    @Test(arguments: [
        ("garbage", "tokenizer.json: not valid JSON"), ("{}", "tokenizer.json: missing field 'kind'"),
        (#"{"kind":"bogus"}"#, #"tokenizer.json: unsupported tokenizer kind "bogus""#)
    ])
    func aBrokenTokenizerNamesItsFile(content: String, reason: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("badtok-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: Self.demo("countdown"), toPath: folder)
        try content.write(toFile: folder + "/tokenizer.json", atomically: true, encoding: .utf8)
        let r = try runUnmask(["sample", "--model", folder])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("unmask sample: \(folder)/\(reason)"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }
}
