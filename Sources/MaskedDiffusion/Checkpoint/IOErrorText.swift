import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The reason an I/O error gives, in the words `strerror` uses ("No such file or directory"),
/// instead of Foundation's `Error Domain=NSCocoaErrorDomain Code=260 …` dump.
public func ioErrorText(_ error: any Error) -> String {
    let ns = error as NSError
    if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(underlying.code)))
    }
    if ns.domain == NSCocoaErrorDomain {
        switch CocoaError.Code(rawValue: ns.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return "No such file or directory"
        case .fileReadNoPermission, .fileWriteNoPermission: return "Permission denied"
        case .fileReadInapplicableStringEncoding: return "not UTF-8 text"
        default: break
        }
    }
    return "\(error)"
}
