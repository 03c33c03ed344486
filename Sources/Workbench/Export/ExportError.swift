/// Why an export could not be written; always names the file the user asked for.
struct ExportError: Error, Equatable, CustomStringConvertible {
    var path: String
    var reason: String

    init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    var description: String { "\(path): cannot export (\(reason))" }
}
