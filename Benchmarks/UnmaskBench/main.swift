import MaskedDiffusion

/// `unmask-bench [engine|terminal|compare …]`: speed figures for `make bench` / `make bench-compare`.
/// Each suite lives in its own file; this file only dispatches.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
default:
    print("unmask-bench \(unmaskVersion)")
}
