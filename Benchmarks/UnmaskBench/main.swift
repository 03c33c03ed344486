import Foundation
import MaskedDiffusion

/// `unmask-bench [engine|terminal|workbench|preempt|tokenizers|compare …|sample …|train …|cache …|shutdown …|keystorm …]`: speed figures for `make bench` / `make bench-compare`.
/// Each suite lives in its own file; this file only dispatches.
BLASKernels.selectFastestCore()
let arguments = Array(CommandLine.arguments.dropFirst())

/// Runs a suite that takes the remaining arguments; an error is printed and ends with status 2.
func withArguments(_ name: String, _ suite: ([String]) throws -> Void) {
    do {
        try suite(Array(arguments.dropFirst()))
    } catch {
        emit("unmask-bench \(name): \(error)")
        exit(2)
    }
}
emit(BLASKernels.report(threads: "as each figure states (engine worker threads, OpenBLAS 1 thread each)"))
switch arguments.first {
case "engine":
    EngineBench.run()
case "terminal":
    TerminalBench.run()
case "workbench":
    WorkbenchBench.run()
case "preempt":
    PreemptionBench.run()
case "tokenizers":
    TokenizerBench.run()
case "cache":
    withArguments("cache", CacheBench.run(arguments:))
case "shutdown":
    withArguments("shutdown", ShutdownBench.run(arguments:))
case "keystorm":
    withArguments("keystorm", KeyStormBench.run(arguments:))
case "sample":
    withArguments("sample", SamplingBench.run(arguments:))
case "train":
    withArguments("train", TrainingSteps.run(arguments:))
case "forward":
    withArguments("forward", ForwardPasses.run(arguments:))
case "compare":
    withArguments("compare", CompareBench.run(arguments:))
default:
    emit("unmask-bench \(unmaskVersion)")
    EngineBench.run()
    TerminalBench.run()
    WorkbenchBench.run()
    PreemptionBench.run()
    TokenizerBench.run()
}
