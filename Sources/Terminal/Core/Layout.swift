/// How much of a split one part asks for (ratatui's constraints, solved greedily rather than with
/// Cassowary: fixed sizes first, then percentages/ratios, then minimums, then fills share the rest).
public enum Constraint: Hashable, Sendable {
    /// Exactly `n` cells (less if there is not enough room).
    case length(Int)
    /// `p` percent of the whole.
    case percentage(Int)
    /// `num/den` of the whole.
    case ratio(Int, Int)
    /// At least `n` cells, then a share of what is left (weight 1).
    case min(Int)
    /// A share of what is left, proportional to the weight.
    case fill(Int)
}

public enum Direction: Sendable {
    case horizontal
    case vertical
}

extension Rect {
    /// Splits into consecutive parts along `direction`. The parts always tile the rectangle
    /// exactly when at least one part can grow (`min`/`fill`); rounding leftovers go to the last grower.
    public func split(_ direction: Direction, _ constraints: [Constraint]) -> [Rect] {
        let total = direction == .horizontal ? width : height
        var sizes = [Int](repeating: 0, count: constraints.count)
        var remaining = total
        for (i, c) in constraints.enumerated() {
            let want: Int
            switch c {
            case let .length(n): want = n
            case let .percentage(p): want = total * p / 100
            case let .ratio(n, d): want = d == 0 ? 0 : total * n / d
            case let .min(n): want = n
            case .fill: want = 0
            }
            sizes[i] = Swift.max(0, Swift.min(want, remaining))
            remaining -= sizes[i]
        }
        let weights = constraints.map { c -> Int in
            switch c {
            case .min: return 1
            case let .fill(w): return Swift.max(w, 0)
            default: return 0
            }
        }
        let weightSum = weights.reduce(0, +)
        if weightSum > 0, remaining > 0 {
            var handed = 0
            var lastGrower = 0
            for i in constraints.indices where weights[i] > 0 {
                let share = remaining * weights[i] / weightSum
                sizes[i] += share
                handed += share
                lastGrower = i
            }
            sizes[lastGrower] += remaining - handed
        }
        var offset = direction == .horizontal ? x : y
        return sizes.map { s in
            defer { offset += s }
            return direction == .horizontal
                ? Rect(x: offset, y: y, width: s, height: height)
                : Rect(x: x, y: offset, width: width, height: s)
        }
    }
}
