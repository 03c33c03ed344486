import ArgumentParser
import MaskedDiffusion

/// `unmask`: the command-line entry point. Commands only parse and wire; logic lives in the libraries.
struct Unmask: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unmask",
        abstract: "A terminal workbench for masked (discrete) diffusion models.",
        version: unmaskVersion + "\n"
            + BLASKernels.report(
                threads: "commands take --threads (engine workers, default 1–2); OpenBLAS runs 1 thread in each"),
        subcommands: [
            TUICommand.self, TrainCommand.self, SampleCommand.self, EvalCommand.self, ELBOCommand.self, ESPOCommand.self,
            WatchCommand.self,
            ImportCommand.self, ReplayCommand.self
        ],
        // No arguments opens the terminal UI, so `make run` lands in it.
        defaultSubcommand: TUICommand.self)
}
