import Foundation
import MaskedDiffusion
import RunLog
import Terminal

/// One parser the fuzzer feeds: it is given a file holding the input (every reader here is
/// path-based, as users meet them) and must return or throw — never trap, hang or leak.
struct FuzzTarget: Sendable {
    let name: String
    /// File name the input is written under (`config.json` for checkpoint folders).
    let fileName: String
    let run: @Sendable (_ path: String, _ folder: String) -> Void

    static let all: [FuzzTarget] = [
        FuzzTarget(name: "safetensors", fileName: "model.safetensors") { path, _ in
            guard let file = try? SafetensorsFile(contentsOf: path) else { return }
            for name in file.names { _ = try? file.tensor(name).floats() }
        },
        FuzzTarget(name: "config", fileName: "config.json") { path, folder in
            _ = try? Checkpoint(directory: folder).loadConfig()
            _ = try? HFModelConfig.read(from: path)
        },
        FuzzTarget(name: "tokenizer", fileName: "tokenizer.json") { path, _ in
            guard case .text(let t)? = try? ModelTokenizer.load(from: path) else { return }
            let ids = (try? t.encode("abc 12+3=15 <answer>")) ?? []
            _ = t.decode(ids)
            for id in 0..<Swift.min(t.vocabSize + 2, 512) { _ = t.display(Int32(id)) }
        },
        FuzzTarget(name: "trajectory", fileName: "trajectory.jsonl") { path, _ in
            _ = try? TrajectoryFile.read(from: path)
        },
        FuzzTarget(name: "theme", fileName: "theme.toml") { path, _ in
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
            _ = try? ThemeParser.parse(text, file: path)
        },
        FuzzTarget(name: "events", fileName: "events.out.tfevents.1.fuzz") { path, _ in
            _ = try? EventFileReader(path: path).poll()
        },
        FuzzTarget(name: "metrics", fileName: "metrics.jsonl") { path, _ in
            _ = try? MetricsReader(path: path).poll()
        },
        FuzzTarget(name: "trainer-state", fileName: "trainer_state.json") { path, _ in
            _ = try? TrainerStateReader(path: path).poll()
        }
    ]

    static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }

    /// Writes `bytes` where the target reads its input (a fresh folder per process) and runs it.
    func feed(_ bytes: UnsafeRawBufferPointer, in folder: String) {
        let path = folder + "/" + fileName
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        run(path, folder)
    }
}
