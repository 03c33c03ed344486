import Foundation

/// torch_ref.py in lockstep mode (`--serve`): one PyTorch process per preset and thread count,
/// kept alive so the engine and PyTorch can alternate step by step. Each command runs one training
/// step, one forward pass or one whole sampling run there and answers with its own timing.
final class TorchServer {
    private let process = Process()
    private let commands = Pipe()
    private let replies = Pipe()
    private var buffered = Data()

    /// Starts torch_ref.py with the preset's architecture (RMSNorm, SwiGLU, RoPE) on `threads`,
    /// clipping the gradient to norm 1 as the engine's training step does. Its stderr is this
    /// process's, so a failure to start (no torch, a wrong path) shows its own message.
    init(python: String, script: String, preset: EnginePreset, threads: Int) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            python, script, "--preset", preset.name, "--norm", "rmsnorm", "--mlp", "swiglu", "--pos", "rope",
            "--clip", "1", "--threads", "\(threads)", "--serve"
        ]
        process.standardInput = commands
        process.standardOutput = replies
        try process.run()
    }

    deinit {
        try? commands.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    /// Seconds of one training step (`train`) or forward pass (`forward`), timed by torch_ref.py.
    func time(_ command: String) throws -> Double {
        try reply(to: command).seconds
    }

    /// Seconds of one whole sampling run at batch `batch`, and its denoise steps.
    func sample(batch: Int) throws -> (seconds: Double, steps: Int) {
        let answer = try reply(to: "sample \(batch)")
        guard let steps = answer.steps else { throw BenchError("torch_ref.py --serve gave no steps for a sampling run") }
        return (answer.seconds, steps)
    }

    private func reply(to command: String) throws -> (seconds: Double, steps: Int?) {
        do {
            try commands.fileHandleForWriting.write(contentsOf: Data((command + "\n").utf8))
        } catch {
            throw ended()
        }
        let line = try nextLine()
        guard let json = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
            let seconds = (json["seconds"] as? NSNumber)?.doubleValue
        else {
            throw BenchError("torch_ref.py --serve answered '\(command)' with: \(String(decoding: line, as: UTF8.self))")
        }
        return (seconds, (json["steps"] as? NSNumber)?.intValue)
    }

    private func nextLine() throws -> Data {
        while true {
            if let end = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffered[buffered.startIndex..<end]
                buffered = Data(buffered[(end + 1)...])
                return Data(line)
            }
            let more = replies.fileHandleForReading.availableData
            guard !more.isEmpty else { throw ended() }
            buffered.append(more)
        }
    }

    /// The error for a server that is gone, with its exit status and command line.
    private func ended() -> BenchError {
        process.waitUntilExit()
        let line = ([process.executableURL?.path ?? ""] + (process.arguments ?? [])).joined(separator: " ")
        return BenchError("torch_ref.py --serve ended (exit \(process.terminationStatus)): \(line)")
    }
}
