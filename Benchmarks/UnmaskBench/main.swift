import Foundation
import MaskedDiffusion

/// `unmask-bench [engine|terminal|workbench|tokenizers|compare …|cache …|shutdown …]`: speed figures for `make bench` / `make bench-compare`.
/// Each suite lives in its own file; this file only dispatches.
BLASKernels.selectFastestCore()
let arguments = Array(CommandLine.arguments.dropFirst())
emit(BLASKernels.report(threads: "as each figure states (engine worker threads, OpenBLAS 1 thread each)"))
switch arguments.first {
case "engine":
    EngineBench.run()
case "terminal":
    TerminalBench.run()
case "workbench":
    WorkbenchBench.run()
case "tokenizers":
    TokenizerBench.run()
case "cache":
    do {
        try CacheBench.run(arguments: Array(arguments.dropFirst()))
    } catch {
        emit("unmask-bench cache: \(error)")
        exit(2)
    }
case "shutdown":
    do {
        try ShutdownBench.run(arguments: Array(arguments.dropFirst()))
    } catch {
        emit("unmask-bench shutdown: \(error)")
        exit(2)
    }
case "compare":
    do {
        try CompareBench.run(arguments: Array(arguments.dropFirst()))
    } catch {
        emit("unmask-bench compare: \(error)")
        exit(2)
    }
default:
    emit("unmask-bench \(unmaskVersion)")
    EngineBench.run()
    TerminalBench.run()
    WorkbenchBench.run()
    TokenizerBench.run()
}
