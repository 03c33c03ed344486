/// Reads a user's text file strictly: invalid UTF-8 is an error that says where, rather than
/// being silently replaced by U+FFFD (which would then become a token of its own).
///
/// Two things in a file are not its text: a leading byte-order mark (U+FEFF, which some editors
/// write first) is dropped, and Windows line ends (CR LF) read as LF. Both once became
/// vocabulary tokens of a character model without a word ('\r' after every line).
public enum TextFile {
    /// `asWritten`: keep the mark and the CRs (a text run trained before they were dropped has
    /// them in its vocabulary, and its windows and held-out split must stay where they were).
    public static func read(_ path: String, asWritten: Bool = false) throws(TokenizerError) -> String {
        let bytes = try open(path).copied
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput:
                let bom: [UInt8] = [0xEF, 0xBB, 0xBF], marked = !asWritten && bytes.starts(with: bom)
                let text = String(decoding: marked ? bytes.dropFirst(3) : bytes[...], as: UTF8.self)
                guard !text.isEmpty else { throw .unreadable(path: path, reason: "the file holds no text") }
                return asWritten || !bytes.contains(0x0D) ? text : text.replacing("\r\n", with: "\n")
            case .error: throw .invalidUTF8(path: path, byteOffset: offset)
            }
        }
    }

    /// Throws unless `path` is a readable file, without reading it (it is mapped, not copied):
    /// for a command's checks before its work.
    public static func checkReadable(_ path: String) throws(TokenizerError) { _ = try open(path) }

    /// The reason in words ("No such file or directory", "not a regular file"): Foundation's
    /// error on Linux once read "Error Domain=NSCocoaErrorDomain Code=256 "(null)"…".
    private static func open(_ path: String) throws(TokenizerError) -> FileBytes {
        try FileBytes(contentsOf: path) { TokenizerError.unreadable(path: path, reason: $0) }
    }
}
