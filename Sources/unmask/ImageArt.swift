import MaskedDiffusion

/// Grayscale images for standard output: half-block cells (two pixel rows per character) in
/// 256-colour grays on a terminal, an ASCII ramp otherwise (two characters per pixel, so the
/// aspect ratio stays about square).
enum ImageArt {
    static func render(_ image: GrayImage, color: Bool) -> [String] {
        color ? halfBlocks(image) : ascii(image)
    }

    private static func gray(_ v: Float) -> Int { 232 + Int((max(0, min(1, v)) * 23).rounded()) }

    private static func halfBlocks(_ image: GrayImage) -> [String] {
        stride(from: 0, to: image.height, by: 2).map { y in
            var line = ""
            for x in 0..<image.width {
                let top = image[y, x]
                let bottom = y + 1 < image.height ? image[y + 1, x] : 0
                line += "\u{1B}[38;5;\(gray(top))m\u{1B}[48;5;\(gray(bottom))m▀"
            }
            return line + "\u{1B}[0m"
        }
    }

    private static func ascii(_ image: GrayImage) -> [String] {
        let ramp = Array(" .:-=+*#%@")
        return (0..<image.height).map { y in
            String(
                (0..<image.width).flatMap { x -> [Character] in
                    let c = ramp[min(ramp.count - 1, Int(max(0, image[y, x]) * Float(ramp.count)))]
                    return [c, c]
                })
        }
    }
}
