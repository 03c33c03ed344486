/// Sizes computed before anything is allocated, in overflow-checked arithmetic, so an absurd
/// config or flag value gets a message instead of a trap: nil on overflow (or a nil term).
public enum CheckedCount {
    public static func product(_ factors: Int?...) -> Int? {
        var result = 1
        for f in factors {
            guard let f else { return nil }
            let (r, o) = result.multipliedReportingOverflow(by: f)
            if o { return nil }
            result = r
        }
        return result
    }

    public static func sum(_ terms: Int?...) -> Int? {
        var total = 0
        for t in terms {
            guard let t else { return nil }
            let (r, o) = total.addingReportingOverflow(t)
            if o { return nil }
            total = r
        }
        return total
    }
}
