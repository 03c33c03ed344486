/// Procedural class-labelled digit images: the stroke font under random affine jitter, a random
/// pen width and pixel noise, rasterised with anti-aliasing into `size`×`size` pixels in [0, 1].
///
/// Image `n` of a split is a pure function of `(seed, split, n)`: its randomness is the `.data`
/// stream of `RNG` on the path `[glyphs tag, split, n]`, so any image can be regenerated alone,
/// in any order, on any thread, and train and test never share an image (see `ImageSplit`).
/// Labels cycle `n % 10`, so every run of ten consecutive indices covers each digit once and the
/// test set is class-balanced.
public struct GlyphGenerator: Sendable, Equatable {
    /// Ranges of the per-image random variation (each drawn uniformly).
    public struct Style: Sendable, Equatable {
        /// Maximum rotation either way, radians.
        public var rotation = 0.22
        /// Overall scale of the glyph relative to its nominal height (0.72 of the image).
        public var scale: ClosedRange<Double> = 0.85...1.08
        /// Maximum log-aspect change either way (width ×e^a, height ×e^−a).
        public var aspect = 0.12
        /// Maximum horizontal shear either way (x += shear·y, italic slant).
        public var shear = 0.25
        /// Maximum translation either way, pixels.
        public var translation = 1.0
        /// Pen width, pixels.
        public var penWidth: ClosedRange<Double> = 1.1...2.2
        /// Maximum standard deviation of the additive Gaussian pixel noise (clamped to [0, 1] after).
        public var noise = 0.08

        public init() {}
    }

    public static let classCount = 10
    public static var classNames: [String] { GlyphStrokeFont.classNames }
    /// Separates glyph randomness from any other user of the `.data` stream with the same seed.
    static let pathTag: UInt64 = 0x474C_5950_4853  // "GLYPHS"

    public var seed: UInt64
    public var size: Int
    public var style: Style

    public init(seed: UInt64, size: Int = 16, style: Style = Style()) {
        precondition(size >= 8, "GlyphGenerator: images smaller than 8×8 cannot hold a digit")
        self.seed = seed
        self.size = size
        self.style = style
    }

    /// The class of image `n` (the same rule in both splits).
    public func label(_ n: Int) -> Int { n % Self.classCount }

    /// Image `n` (n ≥ 0) of `split`.
    public func image(_ n: Int, split: ImageSplit = .train) -> LabeledImage {
        precondition(n >= 0, "GlyphGenerator: negative index \(n)")
        var rng = RNG(seed: seed, stream: .data, path: [Self.pathTag, split.rawValue, UInt64(n)])
        let label = label(n)
        func uniform(_ r: ClosedRange<Double>) -> Double {
            r.lowerBound + (r.upperBound - r.lowerBound) * rng.uniformDouble()
        }
        func symmetric(_ m: Double) -> Double { uniform(-m...m) }

        let s = Double(size)
        let height = 0.72 * s * uniform(style.scale)
        let logAspect = symmetric(style.aspect)
        let sx = height * _exp(logAspect), sy = height * _exp(-logAspect)
        let k = symmetric(style.shear)
        let theta = symmetric(style.rotation)
        let (c, sn) = (_cos(theta), _sin(theta))
        let centre = SIMD2(s / 2 + symmetric(style.translation), s / 2 + symmetric(style.translation))
        let pen = uniform(style.penWidth)
        let sigma = style.noise * rng.uniformDouble()

        // Unit box → pixels: centre + Rotate · Shear · Scale · (q − ½).
        let strokes = GlyphStrokeFont.digits[label].map { line in
            line.map { q -> SIMD2<Double> in
                let u = (q - 0.5) * SIMD2(sx, sy)
                let v = SIMD2(u.x + k * u.y, u.y)
                return centre + SIMD2(c * v.x - sn * v.y, sn * v.x + c * v.y)
            }
        }
        var pixels = StrokeRasterizer.draw(strokes, penWidth: pen, width: size, height: size)
        if sigma > 0 {
            for i in pixels.indices {
                pixels[i] = Float(Swift.min(1, Swift.max(0, Double(pixels[i]) + sigma * rng.normal())))
            }
        }
        return LabeledImage(image: GrayImage(width: size, height: size, pixels: pixels), label: label)
    }

    /// Images `range` of `split`, in order.
    public func images(_ range: Range<Int>, split: ImageSplit = .train) -> [LabeledImage] {
        range.map { image($0, split: split) }
    }
}
