import Foundation
import Testing

/// `unmask train` end to end on a tiny config: files, errors, Ctrl-C and exact resume.
@Suite(.serialized) struct TrainCLITests {
    func tempDir() -> String { FileManager.default.temporaryDirectory.appendingPathComponent("train-\(UUID().uuidString)").path }

    let common = ["--task", "arith", "--preset", "nano", "--batch", "8", "--threads", "1", "--warmup", "5",
                  "--checkpoint-every", "200", "--seed", "3"]

    @Test func trainsWritesMetricsAndCheckpoint() throws {
        let out = tempDir()
        let r = try runUnmask(["train"] + common + ["--steps", "40", "--out", out, "--log-every", "20"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("step 40/40"))
        let lines = try String(contentsOfFile: out + "/metrics.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 40)
        #expect(lines[0].contains("\"step\": 0") && lines[0].contains("\"loss\"") && lines[0].contains("\"tokens_per_s\""))
        for file in ["config.json", "model.safetensors", "tokenizer.json", "optimizer.safetensors", "trainer_state.json"] {
            #expect(FileManager.default.fileExists(atPath: out + "/latest/" + file), "\(file)")
        }
        // A second start into the same folder is refused rather than overwriting it.
        let again = try runUnmask(["train"] + common + ["--steps", "40", "--out", out])
        #expect(again.status == 2 && again.stderr.contains("--resume"))
    }

    @Test func badArgumentsExitWithStatus2() throws {
        for args in [["--task", "bogus"], ["--task", "text"], ["--task", "text", "/no/such/file.txt"],
                     ["--task", "arith", "--preset", "huge"], ["--task", "arith", "--steps", "0"],
                     ["--task", "arith-noisy"], ["--task", "countdown-noisy:p=0.9,h=0.5"], ["--task", "sudoku-noisy:habit=odd"],
                     ["--task", "countdown", "--init", "/no/such/model"]] {
            let r = try runUnmask(["train"] + args + ["--out", tempDir()])
            #expect(r.status == 2, "\(args): \(r.stderr)")
            #expect(r.stderr.contains("Error:"), "\(args)")
        }
        let r = try runUnmask(["train", "--out", tempDir(), "--resume"])
        #expect(r.status == 2 && r.stderr.contains("no checkpoint"))
    }

    /// The RL-base recipe's shape: noisy-solver data, fine-tuning from a model (`--init`), which
    /// keeps that model's architecture and records the noisy dataset for `--resume`.
    @Test func noisyTaskFineTunesFromAnInitialModel() throws {
        let first = tempDir(), out = tempDir()
        let base = ["--preset", "nano", "--batch", "4", "--threads", "1", "--warmup", "1", "--steps", "3"]
        #expect(try runUnmask(["train", "--task", "countdown"] + base + ["--out", first]).status == 0)
        let r = try runUnmask(["train", "--task", "countdown-noisy:p=0.5,h=0.25", "--init", first, "--preset", "small"]
                              + base.dropFirst(2) + ["--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("training from \(first)"))
        let config = try String(contentsOfFile: out + "/latest/config.json", encoding: .utf8)
        #expect(config == (try String(contentsOfFile: first + "/latest/config.json", encoding: .utf8)), "--init keeps the architecture")
        let state = try String(contentsOfFile: out + "/latest/trainer_state.json", encoding: .utf8)
        #expect(state.contains("\"noisy-task\"") && state.contains("\"correct\" : 0.5"))
    }

    @Test func interruptedAndResumedRunEqualsAnUninterruptedOne() throws {
        let steps = ["--steps", "3000"]
        let straight = tempDir()
        #expect(try runUnmask(["train"] + common + steps + ["--out", straight]).status == 0)

        let out = tempDir()
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let p = Process()
        p.executableURL = products.appendingPathComponent("unmask")
        p.arguments = ["train"] + common + steps + ["--out", out]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        // Interrupt once training is under way.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let text = (try? String(contentsOfFile: out + "/metrics.jsonl", encoding: .utf8)) ?? ""
            if text.split(separator: "\n").count >= 20 { break }
            usleep(2000)
        }
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        #expect(p.terminationStatus == 130)
        let state = try String(contentsOfFile: out + "/latest/trainer_state.json", encoding: .utf8)
        #expect(!state.contains("\"step\" : 3000"), "the interruption came before the end")

        let resumed = try runUnmask(["train", "--out", out, "--resume", "--threads", "1"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("resuming"))
        let a = try Data(contentsOf: URL(fileURLWithPath: straight + "/latest/model.safetensors"))
        let b = try Data(contentsOf: URL(fileURLWithPath: out + "/latest/model.safetensors"))
        #expect(a == b, "resumed weights differ from the uninterrupted run")
    }
}
