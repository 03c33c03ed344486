extension [UInt8] {
    /// `withUnsafeBytes` for a typed-throws body (the standard one only rethrows `any Error`).
    func withRawBytes<E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> Void) throws(E) {
        try withUnsafeBytes { raw in Result { () throws(E) in try body(raw) } }.get()
    }
}
