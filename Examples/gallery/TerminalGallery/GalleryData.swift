import Terminal

#if canImport(Glibc)
    import Glibc
#endif

/// Deterministic synthetic data for the gallery (no randomness, so a frame number fully
/// determines the screen: snapshot tests and benchmarks are repeatable).
public enum GalleryData {
    /// Hash noise in −0.5…0.5.
    static func noise(_ n: Int, seed: Double = 0) -> Double {
        let v = sin(Double(n) * 12.9898 + seed * 78.233) * 43758.5453
        return v - v.rounded(.down) - 0.5
    }

    /// Three training-like curves over steps `first ..< first + count`.
    public static func curves(first: Int, count: Int) -> [(name: String, values: [(x: Double, y: Double)])] {
        let steps = (first..<first + count).map { $0 }
        func curve(_ f: (Double, Int) -> Double) -> [(x: Double, y: Double)] { steps.map { (Double($0), f(Double($0), $0)) } }
        return [
            ("loss", curve { s, n in 2.2 * exp(-s / 260) + 0.35 + 0.22 * noise(n) }),
            ("val loss", curve { s, n in 2.3 * exp(-s / 300) + 0.45 + 0.08 * noise(n, seed: 1) }),
            ("reward", curve { s, n in 1.6 * (1 - exp(-s / 380)) + 0.18 * noise(n, seed: 2) })
        ]
    }

    /// A `size`×`size` grayscale ripple that moves with `phase`.
    public static func ripple(size: Int, phase: Double) -> [Double] {
        var pixels = [Double](repeating: 0, count: size * size)
        let c = Double(size - 1) / 2
        for y in 0..<size {
            for x in 0..<size {
                let dx = Double(x) - c, dy = Double(y) - c
                let r = (dx * dx + dy * dy).squareRoot()
                let v = 0.5 + 0.5 * sin(r / 1.7 - phase) * exp(-r / Double(size))
                pixels[y * size + x] = v
            }
        }
        return pixels
    }

    /// Throughput-like values for a sparkline.
    public static func throughput(last: Int, count: Int) -> [Double] {
        (last - count + 1...last).map { 40 + 25 * sin(Double($0) / 9) + 18 * noise($0, seed: 3) }
    }
}
