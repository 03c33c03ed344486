import Foundation
import MaskedDiffusion

/// `unmask-bench [engine|terminal|workbench|compare …]`: speed figures for `make bench` / `make bench-compare`.
/// Each suite lives in its own file; this file only dispatches.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "engine":
    EngineBench.run()
case "terminal":
    TerminalBench.run()
case "workbench":
    WorkbenchBench.run()
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
}
