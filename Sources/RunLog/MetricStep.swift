/// The steps a run log may carry: integers within ±2⁵³. Beyond that a Double (JSON numbers,
/// chart axes) no longer holds every integer, and the difference of two steps could overflow
/// `Int`; NaN (`"step": null`), ±∞ and 1e300 name no step at all. Readers skip records whose
/// step falls outside and warn, naming the file and line.
enum MetricStep {
    static let limit = 1 << 53

    /// The step `x` names, or why it names none.
    static func from(_ x: Double) -> Result<Int, Problem> {
        guard x.isFinite else {
            return .failure(Problem("step is \(x.isNaN ? "null (NaN)" : x > 0 ? "∞" : "-∞"); record skipped"))
        }
        guard abs(x) <= Double(limit) else { return .failure(Problem("step \(x) is beyond ±2^53; record skipped")) }
        return .success(Int(x))
    }

    static func from(_ x: Int64) -> Result<Int, Problem> {
        guard x.magnitude <= UInt64(limit) else { return .failure(Problem("step \(x) is beyond ±2^53; record skipped")) }
        return .success(Int(x))
    }

    struct Problem: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }
}
