import ArgumentParser
import Foundation
import MaskedDiffusion

/// Process entry: argument errors exit with status 2 (the Unix convention for usage errors,
/// shared by every Unmask command) instead of ArgumentParser's default 64.
@main
enum Entry {
    static func main() {
        BLASKernels.selectFastestCore()
        do {
            var command = try Unmask.parseAsRoot()
            try command.run()
        } catch {
            if Unmask.exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((Unmask.fullMessage(for: error) + "\n").utf8))
                exit(2)
            }
            Unmask.exit(withError: error)
        }
    }
}
