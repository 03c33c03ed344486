/// A colour ramp from a few stops, precomputed into 101 steps (btop's themes) so per-cell
/// lookups in heat maps and images are an array index.
public struct Gradient: Hashable, Sendable {
    public let stops: [Color]
    public let steps: [Color]

    public init(_ stops: [Color]) {
        let stops = stops.isEmpty ? [.default] : stops
        self.stops = stops
        steps = (0...100).map { i in
            let t = Double(i) / 100
            guard stops.count > 1 else { return stops[0] }
            let position = t * Double(stops.count - 1)
            let k = min(Int(position), stops.count - 2)
            return stops[k].mixed(with: stops[k + 1], position - Double(k))
        }
    }

    /// The colour at `t` in 0…1 (clamped; NaN maps to the start).
    @inlinable
    public func color(at t: Double) -> Color {
        guard t.isFinite else { return steps[0] }
        return steps[Int((min(max(t, 0), 1) * 100).rounded())]
    }
}
