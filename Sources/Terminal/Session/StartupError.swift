/// Why the terminal UI cannot start. Commands print `description` to stderr and exit with
/// status 2 (`exitCode`), the project's convention for "cannot run as asked".
public enum StartupError: Error, Equatable, CustomStringConvertible {
    case notATerminal(stdin: Bool, stdout: Bool)
    case noTerminalType
    case unknownTerminal(String)
    case noCursorAddressing(String)
    case cannotInitialise(String)

    public var exitCode: Int32 { 2 }

    public var description: String {
        switch self {
        case let .notATerminal(stdin, stdout):
            let which = [stdin ? "stdin" : nil, stdout ? "stdout" : nil].compactMap { $0 }.joined(separator: " and ")
            return
                "\(which) \(which.contains("and") ? "are" : "is") not a terminal; the terminal UI needs an interactive terminal"
        case .noTerminalType:
            return "TERM is not set; set it to your terminal's type (for example TERM=xterm-256color)"
        case let .unknownTerminal(name):
            return "unknown terminal type '\(name)' (no terminfo entry); try TERM=xterm-256color"
        case let .noCursorAddressing(name):
            return
                "terminal type '\(name)' cannot move the cursor (no 'cup' capability); the terminal UI needs a full-screen terminal"
        case let .cannotInitialise(name):
            return "could not initialise the terminal '\(name)'"
        }
    }
}
