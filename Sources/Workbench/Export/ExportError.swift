/// Why an export could not be written; always names the file the user asked for.
public struct ExportError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): cannot export (\(reason))" }
}
