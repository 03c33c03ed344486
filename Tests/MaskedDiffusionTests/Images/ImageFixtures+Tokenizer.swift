@testable import MaskedDiffusion

extension ImageFixtures {
    /// P = 2, K = 64 on 500 training glyphs.
    static let tokenizer: ImagePatchTokenizer = try! ImagePatchTokenizer.fit(
        images: generator.images(0..<500).map(\.image), classNames: GlyphGenerator.classNames, seed: 7)
}
