/// One value of a metric at one optimizer step.
public struct MetricPoint: Sendable, Equatable {
    public var step: Int
    /// Seconds since the Unix epoch; NaN when the source has no clock (trainer_state.json).
    public var wallTime: Double
    public var value: Double

    public init(step: Int, wallTime: Double, value: Double) {
        self.step = step
        self.wallTime = wallTime
        self.value = value
    }
}

/// A metric's values over a run, merged from every file that logs it, ordered by step.
///
/// One point per step: the same step read again (a resumed run repeating steps, or the same
/// value in both an event file and trainer_state.json) replaces the earlier point, so a curve
/// never doubles back on itself.
public struct MetricSeries: Sendable, Equatable {
    /// The shared name (see `MetricAliases`).
    public let name: String
    /// The names the files used for this metric, in the order first seen.
    public private(set) var rawNames: [String] = []
    public private(set) var points: [MetricPoint] = []

    public init(name: String) { self.name = name }

    /// Adds `point` in step order (replacing a point of the same step); returns its index, from
    /// which on `points` changed.
    @discardableResult
    mutating func insert(_ point: MetricPoint, rawName: String) -> Int {
        if !rawNames.contains(rawName) { rawNames.append(rawName) }
        guard let last = points.last, point.step <= last.step else {
            points.append(point)
            return points.count - 1
        }
        var low = 0, high = points.count
        while low < high {
            let mid = (low + high) / 2
            if points[mid].step < point.step { low = mid + 1 } else { high = mid }
        }
        if points[low].step == point.step { points[low] = point } else { points.insert(point, at: low) }
        return low
    }

    /// Removes the points after `step`; returns the index from which `points` changed, or nil
    /// when none was removed.
    mutating func removeSteps(after step: Int) -> Int? {
        guard let first = points.firstIndex(where: { $0.step > step }) else { return nil }
        points.removeSubrange(first...)
        return first
    }
}
