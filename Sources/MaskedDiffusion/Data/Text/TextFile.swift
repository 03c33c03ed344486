/// Reads a user's text file strictly: invalid UTF-8 is an error that says where, rather than
/// being silently replaced by U+FFFD (which would then become a token of its own).
///
/// The text is read as written, every character a token to a character model: a byte-order mark
/// and the CR of Windows line ends included, because a run's windows and held-out split follow
/// the file's characters and must stay where they were when it resumes. `notes` says when a file
/// holds either, for the command that starts a run to tell the user.
public enum TextFile {
    public static func read(_ path: String) throws(TokenizerError) -> String {
        let bytes = try open(path).copied
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput:
                guard !bytes.isEmpty else { throw .unreadable(path: path, reason: "the file holds no text") }
                return String(decoding: bytes, as: UTF8.self)
            case .error: throw .invalidUTF8(path: path, byteOffset: offset)
            }
        }
    }

    /// What in `text` becomes tokens a user may not expect: a leading byte-order mark, CR LF line
    /// ends. Both once entered a character model's vocabulary without a word.
    public static func notes(_ text: String) -> [String] {
        var notes: [String] = []
        if text.unicodeScalars.first == "\u{FEFF}" {
            notes.append("it starts with a byte-order mark (U+FEFF), a token of its own")
        }
        if text.utf8.contains(0x0D) && text.contains("\r\n") {
            notes.append("it has Windows line ends (CR LF): each CR is a token (dos2unix converts the file to LF)")
        }
        return notes
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
