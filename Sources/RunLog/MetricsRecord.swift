/// One row of a run's metric stream: an optimizer step, its wall-clock time and named scalars.
///
/// On disk (metrics.jsonl) a record is one JSON object per line:
/// `{"step": 12, "wall_time": 1764400000.25, "loss": 2.31, "lr": 0.0003, …}`.
/// Non-finite values are written as `null` (JSON has no NaN) and read back as NaN.
public struct MetricsRecord: Sendable, Equatable {
    public var step: Int
    /// Seconds since the Unix epoch (TensorBoard's convention).
    public var wallTime: Double
    /// Metric name → value, in the order they were added.
    public var values: [(name: String, value: Double)]

    public init(step: Int, wallTime: Double, values: [(String, Double)]) {
        self.step = step
        self.wallTime = wallTime
        self.values = values.map { (name: $0.0, value: $0.1) }
    }

    public subscript(name: String) -> Double? { values.first { $0.name == name }?.value }

    public static func == (a: MetricsRecord, b: MetricsRecord) -> Bool {
        a.step == b.step && a.wallTime == b.wallTime && a.values.count == b.values.count
            && zip(a.values, b.values).allSatisfy {
                $0.name == $1.name && ($0.value == $1.value || ($0.value.isNaN && $1.value.isNaN))
            }
    }

    /// The record as one line of JSON (no trailing newline).
    public var jsonLine: String {
        var s = "{\"step\": \(step), \"wall_time\": \(jsonNumber(wallTime))"
        for (name, value) in values { s += ", \(jsonString(name)): \(jsonNumber(value))" }
        return s + "}"
    }
}

func jsonNumber(_ x: Double) -> String {
    guard x.isFinite else { return "null" }
    if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
}

func jsonString(_ s: String) -> String {
    var out = "\""
    for ch in s.unicodeScalars {
        switch ch {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            if ch.value < 0x20 {
                let hex = String(ch.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(ch)
            }
        }
    }
    return out + "\""
}
