import Foundation
import MaskedDiffusion

/// `unmask-bench compare`: the engine and Benchmarks/reference/torch_ref.py, alternated in one run
/// (machines drift up to ~12% between runs), reported as Unmask/PyTorch ratios.
enum CompareBench {
    struct Options {
        var python = "python3"
        var torchRef = "Benchmarks/reference/torch_ref.py"
        var rounds = 2
        var threads = [1, 2]

        init(arguments: [String]) throws {
            var it = arguments.makeIterator()
            while let a = it.next() {
                switch a {
                case "--torch-python": python = try value(a, it.next())
                case "--torch-ref": torchRef = try value(a, it.next())
                case "--rounds": rounds = Int(try value(a, it.next())) ?? rounds
                case "--threads": threads = try value(a, it.next()).split(separator: ",").compactMap { Int($0) }
                default: throw BenchError("unknown option \(a)")
                }
            }
        }
    }

    static func run(arguments: [String]) throws {
        let o = try Options(arguments: arguments)
        emit("compare: Unmask engine vs PyTorch (\(o.torchRef)), RMSNorm/SwiGLU/RoPE, \(o.rounds) alternating rounds, medians")
        // A CPU whose clock changes state between runs moves both programs' figures together within
        // a round, so each round's own ratio is steadier than a ratio of medians taken across rounds.
        emit("ratio: the median of each round's Unmask/PyTorch ratio, [lowest–highest] over rounds")
        emit(pad("preset", 8) + pad("threads", 9) + pad("figure", 14) + pad("Unmask", 10) + pad("PyTorch", 10) + "ratio")
        for preset in EnginePreset.all {
            for threads in o.threads {
                var ours: [EngineFigures] = [], theirs: [[String: Any]] = []
                for _ in 0..<o.rounds {
                    theirs.append(try torch(preset, threads: threads, o))
                    ours.append(EngineBench.measure(preset, threads: threads))
                }
                var rows: [(String, [Double], [Double])] = [
                    ("train tok/s", ours.map(\.trainTokensPerSecond), theirs.map { number($0, "train", "tokens_per_s") }),
                    ("fwd tok/s", ours.map(\.forwardTokensPerSecond), theirs.map { number($0, "forward", "tokens_per_s") }),
                    ("train GFLOP/s", ours.map(\.trainGFLOPs), theirs.map { number($0, "train", "gflops") })
                ]
                for batch in [1, 8] {
                    var ourSteps: [Double] = [], theirSteps: [Double] = []
                    for _ in 0..<o.rounds {
                        let json = try torch(preset, threads: threads, o, sampleBatch: batch)
                        theirSteps.append(1e3 / number(json, "sample", "ms_per_denoise_step"))
                        ourSteps.append(SamplingBench.stepsPerSecond(preset, batch: batch, threads: threads))
                    }
                    rows.append(("sample b\(batch) st/s", ourSteps, theirSteps))
                    if threads == 1 {
                        // The most a full-step sampler could reach with these kernels (SamplingBench.projectionFloor).
                        let ceiling = 1000 / SamplingBench.projectionFloor(preset, batch: batch)
                        rows.append(("  ceiling b\(batch)", [ceiling], theirSteps))
                    }
                }
                for (name, u, p) in rows {
                    let mu = median(u), mp = median(p)
                    emit(
                        pad(preset.name, 8) + pad("\(threads)", 9) + pad(name, 14) + pad(fmt(mu, mu < 100 ? 1 : 0), 10)
                            + pad(fmt(mp, mp < 100 ? 1 : 0), 10) + ratio(u, p))
                }
            }
        }
    }

    /// "1.23× [1.10–1.31]": the median of the rounds' paired ratios and their range; a figure
    /// measured once (a ceiling) is divided by the median of the other side.
    static func ratio(_ ours: [Double], _ theirs: [Double]) -> String {
        guard ours.count == theirs.count, ours.count > 1 else { return fmt(median(ours) / median(theirs), 2) + "×" }
        let each = zip(ours, theirs).map { $0 / $1 }
        return fmt(median(each), 2) + "× [" + fmt(each.min()!, 2) + "–" + fmt(each.max()!, 2) + "]"
    }

    /// One run of torch_ref.py with the preset's architecture; its JSON result.
    /// With `sampleBatch`, only its LLaDA sampling run (`--sample-batch`), else training and forward.
    static func torch(_ preset: EnginePreset, threads: Int, _ o: Options, sampleBatch: Int? = nil) throws -> [String: Any] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            o.python, o.torchRef, "--preset", preset.name, "--norm", "rmsnorm", "--mlp", "swiglu",
            "--pos", "rope", "--threads", "\(threads)"
        ]
        if let b = sampleBatch {
            p.arguments! += ["--train-steps", "0", "--fwd-steps", "0", "--sample-runs", "2", "--sample-batch", "\(b)"]
        } else {
            p.arguments! += ["--sample-runs", "0"]
        }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0,
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            throw BenchError("torch_ref.py failed (exit \(p.terminationStatus)) for \(preset.name)")
        }
        return json
    }

    static func number(_ json: [String: Any], _ section: String, _ key: String) -> Double {
        ((json[section] as? [String: Any])?[key] as? NSNumber)?.doubleValue ?? .nan
    }

    static func value(_ flag: String, _ v: String?) throws -> String {
        guard let v else { throw BenchError("\(flag) needs a value") }
        return v
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
