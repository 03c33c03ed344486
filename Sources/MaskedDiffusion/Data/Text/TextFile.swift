#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reads a user's text file strictly: invalid UTF-8 is an error that says where, rather than
/// being silently replaced by U+FFFD (which would then become a token of its own).
public enum TextFile {
    public static func read(_ path: String) throws(TokenizerError) -> String {
        guard fileExists(path) else { throw .unreadable(path: path, reason: "no such file") }
        let bytes: [UInt8]
        do { bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
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
