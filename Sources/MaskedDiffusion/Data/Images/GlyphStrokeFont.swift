/// The digits 0–9 as pen strokes in a unit box (x right, y down, the glyph inside [0.2, 0.8] ×
/// [0.08, 0.92], roughly MNIST's proportions).
///
/// Each digit is a list of polylines; arcs are pre-sampled into polylines, so the rasteriser only
/// needs point-to-segment distances and any affine jitter maps strokes to strokes exactly.
/// Arc angles are in degrees with y down: 0° right, 90° bottom, 270° top, increasing clockwise
/// on screen; an arc may run either way (end < start is counter-clockwise).
enum GlyphStrokeFont {
    typealias Point = SIMD2<Double>
    typealias Polyline = [Point]

    static let classNames = (0...9).map(String.init)

    /// [10][strokes][points] in the unit box.
    static let digits: [[Polyline]] = [
        // 0: an upright ellipse.
        [arc(center: [0.5, 0.5], radii: [0.27, 0.41], from: 0, to: 360)],
        // 1: a stem with a short flag.
        [[[0.36, 0.22], [0.52, 0.08], [0.52, 0.92]]],
        // 2: a hook over the top, a diagonal, a base.
        [
            arc(center: [0.5, 0.31], radii: [0.25, 0.22], from: 200, to: 385)
                + [[0.24, 0.92], [0.8, 0.92]]
        ],
        // 3: two right-facing bowls meeting in the middle.
        [
            arc(center: [0.48, 0.29], radii: [0.23, 0.20], from: 210, to: 450),
            arc(center: [0.48, 0.70], radii: [0.27, 0.22], from: 270, to: 510)
        ],
        // 4: an open four: stem, diagonal, crossbar.
        [[[0.64, 0.92], [0.64, 0.08], [0.2, 0.64], [0.82, 0.64]]],
        // 5: top bar, short down-stroke, open bowl.
        [
            [[0.76, 0.08], [0.32, 0.08], [0.29, 0.45]]
                + arc(center: [0.49, 0.66], radii: [0.27, 0.26], from: 232, to: 500)
        ],
        // 6: a sweeping descender ending in a closed loop.
        [
            arc(center: [0.72, 0.62], radii: [0.46, 0.54], from: 250, to: 180),
            arc(center: [0.5, 0.7], radii: [0.24, 0.22], from: 0, to: 360)
        ],
        // 7: top bar and a long diagonal.
        [[[0.22, 0.08], [0.8, 0.08], [0.42, 0.92]]],
        // 8: a small upper loop on a larger lower loop.
        [
            arc(center: [0.5, 0.28], radii: [0.2, 0.2], from: 0, to: 360),
            arc(center: [0.5, 0.7], radii: [0.25, 0.22], from: 0, to: 360)
        ],
        // 9: a loop and a straight tail.
        [
            arc(center: [0.5, 0.31], radii: [0.24, 0.23], from: 0, to: 360),
            [[0.74, 0.3], [0.68, 0.92]]
        ]
    ]

    /// An elliptical arc as a polyline with one vertex every ≤ 12° (at 16 px the chord error is
    /// a few hundredths of a pixel).
    static func arc(center: Point, radii: Point, from start: Double, to end: Double) -> Polyline {
        let steps = Swift.max(2, Int((abs(end - start) / 12).rounded(.up)))
        return (0...steps).map { i in
            let a = (start + (end - start) * Double(i) / Double(steps)) * Double.pi / 180
            return center + radii * Point(_cos(a), _sin(a))
        }
    }
}
