/// Reads a user's text file strictly: invalid UTF-8 is an error that says where, rather than
/// being silently replaced by U+FFFD (which would then become a token of its own).
public enum TextFile {
    public static func read(_ path: String) throws(TokenizerError) -> String {
        // The reason in words ("No such file or directory", "not a regular file"): Foundation's
        // error on Linux once read "Error Domain=NSCocoaErrorDomain Code=256 "(null)"…".
        let bytes = try FileBytes(contentsOf: path) { TokenizerError.unreadable(path: path, reason: $0) }.copied
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return String(decoding: bytes, as: UTF8.self)
            case .error: throw .invalidUTF8(path: path, byteOffset: offset)
            }
        }
    }
}
