import ArgumentParser
import Foundation
import MaskedDiffusion

/// Process entry: argument errors exit with status 2 (the Unix convention for usage errors,
/// shared by every Unmask command) instead of ArgumentParser's default 64.
@main
enum Entry {
    static func main() {
        StopSignal.unblock()
        BLASKernels.selectFastestCore()
        var command: any ParsableCommand
        do {
            command = try Unmask.parseAsRoot()
        } catch {
            // A command line that does not parse: the message with the command's usage.
            if Unmask.exitCode(for: error) == .validationFailure {
                writeErr(Unmask.fullMessage(for: error) + "\n")
                exit(2)
            }
            Unmask.exit(withError: error)
        }
        // A value the command rejected after parsing: the reason, named by command, no usage.
        func usageError(_ message: String) -> Never {
            let name = type(of: command).configuration.commandName ?? "unmask"
            let prefix = name == "unmask" ? "unmask" : "unmask \(name)"
            writeErr("\(prefix): \(message)\n")
            exit(2)
        }
        do {
            try command.run()
        } catch let error as ValidationError {
            usageError(error.message)
        } catch let error as MemoryError {
            usageError(
                "\(error.description): ask for fewer sequences at once (--rows, --batch, --prompts × --group) or fewer --threads")
        } catch {
            Unmask.exit(withError: error)
        }
    }
}
