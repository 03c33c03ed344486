import Foundation
import MaskedDiffusion

/// `unmask-bench compare`: the engine and Benchmarks/reference/torch_ref.py, alternated step by
/// step in one run, reported as Unmask/PyTorch ratios.
///
/// This project's machines change clock state between runs and within them (the same product at
/// ~90 or ~150 GFLOP/s, minutes apart), which moved ratios of whole-run figures by up to 40%. So
/// PyTorch runs as a server in lockstep (`torch_ref.py --serve`): each of its training steps,
/// forward passes or sampling runs is paired with one of the engine's, taken right before or after
/// it (the order alternates), and the ratio is taken within each pair.
enum CompareBench {
    struct Options {
        var python = "python3"
        var torchRef = "Benchmarks/reference/torch_ref.py"
        /// Pairs of training steps, and of forward passes.
        var pairs = 20
        /// Pairs of whole sampling runs, per batch size.
        var samplePairs = 6
        var threads = [1, 2]
        var presets = EnginePreset.all

        init(arguments: [String]) throws {
            var it = arguments.makeIterator()
            func count(_ flag: String) throws -> Int {
                let v = try value(flag, it.next())
                guard let n = Int(v), n >= 1 else { throw BenchError("\(flag) needs a positive integer, got '\(v)'") }
                return n
            }
            while let a = it.next() {
                switch a {
                case "--torch-python": python = try value(a, it.next())
                case "--torch-ref": torchRef = try value(a, it.next())
                case "--pairs": pairs = try count(a)
                case "--sample-pairs": samplePairs = try count(a)
                case "--threads":
                    let v = try value(a, it.next())
                    threads = try v.split(separator: ",").map {
                        guard let n = Int($0), n >= 1 else { throw BenchError("--threads takes counts like 1,2, got '\(v)'") }
                        return n
                    }
                case "--presets":
                    presets = try value(a, it.next()).split(separator: ",").map { try EnginePreset.named(String($0)) }
                default: throw BenchError("unknown option \(a)")
                }
            }
        }
    }

    /// One figure of both programs, measured pair by pair: larger is faster.
    struct Row {
        let name: String
        let ours, theirs: [Double]
    }

    static func run(arguments: [String]) throws {
        let o = try Options(arguments: arguments)
        // A server that died is reported by the next read (`TorchServer`), not by a SIGPIPE ending this process.
        signal(SIGPIPE, SIG_IGN)
        emit(
            "compare: Unmask engine vs PyTorch (\(o.torchRef) --serve), RMSNorm/SwiGLU/RoPE, alternated step by step: "
                + "\(o.pairs) pairs of training steps and of forward passes, \(o.samplePairs) of sampling runs")
        emit("ratio: the median of the pairs' Unmask/PyTorch ratios [25th–75th percentile]; Unmask, PyTorch: medians")
        emit(pad("preset", 8) + pad("threads", 9) + pad("figure", 15) + pad("Unmask", 10) + pad("PyTorch", 10) + "ratio")
        for preset in o.presets {
            for threads in o.threads {
                let torch = try TorchServer(python: o.python, script: o.torchRef, preset: preset, threads: threads)
                for row in try rows(preset, threads: threads, torch: torch, o) {
                    let mu = median(row.ours), mp = median(row.theirs)
                    emit(
                        pad(preset.name, 8) + pad("\(threads)", 9) + pad(row.name, 15) + pad(fmt(mu, mu < 100 ? 1 : 0), 10)
                            + pad(fmt(mp, mp < 100 ? 1 : 0), 10) + ratio(row.ours, row.theirs))
                }
            }
        }
    }

    /// Training and forward tokens/s, then sampling steps/s at batch 1 and 8 (with the ceiling of
    /// the engine's kernels on one thread, and that of the core: the step's products at the FMA
    /// peak measured beside each run), each measured in pairs with `torch`.
    static func rows(_ preset: EnginePreset, threads: Int, torch: TorchServer, _ o: Options) throws -> [Row] {
        let tokens = Double(preset.batch * preset.seqLen)
        let training = TrainingSteps(preset, threads: threads)
        let train = try paired(o.pairs, warmup: 3, ours: training.once, theirs: { try torch.time("train") })
        let passes = ForwardPasses(training, threads: threads)
        let forward = try paired(o.pairs, warmup: 3, ours: passes.once, theirs: { try torch.time("forward") })
        var rows = [
            Row(name: "train tok/s", ours: train.ours.map { tokens / $0 }, theirs: train.theirs.map { tokens / $0 }),
            Row(name: "fwd tok/s", ours: forward.ours.map { tokens / $0 }, theirs: forward.theirs.map { tokens / $0 })
        ]
        for batch in [1, 8] {
            let sampling = SamplingRuns(preset, batch: batch, threads: threads)
            // One thread: the most a full-step sampler could reach with these kernels, a floor pass
            // (`SamplingBench.projectionFloor`) right after each of the engine's runs.
            let floor = threads == 1 ? ProductFloor(preset, batch: batch, inference: true) : nil
            var theirSteps = 0, floors: [Double] = [], peaks: [Double] = []
            let runs = try paired(
                o.samplePairs, warmup: 1,
                ours: {
                    let seconds = sampling.once()
                    if let floor {
                        floors.append(floor.milliseconds())
                        peaks.append(FMAPeak.measure().gflops / floor.gflop)
                    }
                    return seconds
                },
                theirs: {
                    let run = try torch.sample(batch: batch)
                    theirSteps = run.steps
                    return run.seconds
                })
            let theirs = runs.theirs.map { Double(theirSteps) / $0 }
            rows.append(Row(name: "sample b\(batch) st/s", ours: runs.ours.map { Double(sampling.steps) / $0 }, theirs: theirs))
            if floor != nil {
                let ceilings = floors.suffix(o.samplePairs).map { 1000 / $0 }  // after the warm-up pair's
                rows.append(Row(name: "  ceiling b\(batch)", ours: ceilings, theirs: theirs))
                if peaks.allSatisfy({ $0 > 0 }) {  // a CPU without FMA has no peak row
                    rows.append(Row(name: "  FMA peak b\(batch)", ours: Array(peaks.suffix(o.samplePairs)), theirs: theirs))
                }
            }
        }
        return rows
    }

    /// `count` pairs of one timing each from `ours` and `theirs`, after `warmup` untimed pairs;
    /// within a pair the two run back to back, and which goes first alternates.
    static func paired(
        _ count: Int, warmup: Int, ours: () -> Double, theirs: () throws -> Double
    ) throws -> (ours: [Double], theirs: [Double]) {
        for _ in 0..<warmup {
            _ = try theirs()
            _ = ours()
        }
        var a: [Double] = [], b: [Double] = []
        for i in 0..<count {
            if i % 2 == 0 {
                b.append(try theirs())
                a.append(ours())
            } else {
                a.append(ours())
                b.append(try theirs())
            }
        }
        return (a, b)
    }

    /// "1.23× [1.10–1.31]": the median of the pairs' ratios and their 25th–75th percentiles (of
    /// n pairs, the ⌊(n−1)/4⌋-th from each end: of 20, the 5th and 16th; of 6, the 2nd and 5th).
    static func ratio(_ ours: [Double], _ theirs: [Double]) -> String {
        precondition(ours.count == theirs.count && !ours.isEmpty, "one figure per pair")
        let each = zip(ours, theirs).map { $0 / $1 }.sorted()
        let q = (each.count - 1) / 4
        return fmt(median(each), 2) + "× [" + fmt(each[q], 2) + "–" + fmt(each[each.count - 1 - q], 2) + "]"
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
