import Foundation

/// torch_ref.py in lockstep mode (`--serve`): one PyTorch process per preset and thread count,
/// kept alive so the engine and PyTorch can alternate step by step. Each command runs one training
/// step, one forward pass or one whole sampling run there and answers with its own timing.
final class TorchServer {
    private let process = Process()
    private let commands = Pipe()
    private let replies = Pipe()
    private var buffered = Data()

    /// Starts torch_ref.py with the preset's architecture (RMSNorm, SwiGLU, RoPE) on `threads`.
    init(python: String, script: String, preset: EnginePreset, threads: Int) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            python, script, "--preset", preset.name, "--norm", "rmsnorm", "--mlp", "swiglu", "--pos", "rope",
            "--threads", "\(threads)", "--serve"
        ]
        process.standardInput = commands
        process.standardOutput = replies
        process.standardError = FileHandle.nullDevice
        // A server that died is reported by the next read, not by a SIGPIPE ending this process.
        signal(SIGPIPE, SIG_IGN)
        try process.run()
    }

    deinit {
        try? commands.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    /// Seconds of one training step (`train`), forward pass (`forward`) or whole sampling run at
    /// batch b (`sample b`), timed by torch_ref.py; with the run's denoise steps for `sample`.
    func time(_ command: String) throws -> (seconds: Double, steps: Int) {
        do {
            try commands.fileHandleForWriting.write(contentsOf: Data((command + "\n").utf8))
        } catch {
            _ = try nextLine()  // the server is gone: say how it ended
        }
        let line = try nextLine()
        guard let json = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
            let seconds = (json["seconds"] as? NSNumber)?.doubleValue
        else {
            throw BenchError("torch_ref.py --serve answered '\(command)' with: \(String(decoding: line, as: UTF8.self))")
        }
        return (seconds, (json["steps"] as? NSNumber)?.intValue ?? 1)
    }

    private func nextLine() throws -> Data {
        while true {
            if let end = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffered[buffered.startIndex..<end]
                buffered = Data(buffered[(end + 1)...])
                return Data(line)
            }
            let more = replies.fileHandleForReading.availableData
            guard !more.isEmpty else {
                process.waitUntilExit()
                throw BenchError("torch_ref.py --serve ended (exit \(process.terminationStatus)); run it by hand to see why")
            }
            buffered.append(more)
        }
    }
}
