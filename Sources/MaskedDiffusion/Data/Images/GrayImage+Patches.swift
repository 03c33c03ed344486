extension GrayImage {
    /// The image cut into non-overlapping `size`×`size` patches: [patchCount, size²], patches in
    /// row-major grid order (left to right, then down), pixels row-major within a patch.
    /// Width and height must be multiples of `size`.
    public func patches(size p: Int) -> [Float] {
        precondition(width % p == 0 && height % p == 0, "GrayImage: \(height)×\(width) is not a grid of \(p)×\(p) patches")
        var out: [Float] = []
        out.reserveCapacity(pixels.count)
        for gridRow in 0..<(height / p) {
            for gridColumn in 0..<(width / p) {
                for r in 0..<p {
                    let start = (gridRow * p + r) * width + gridColumn * p
                    out.append(contentsOf: pixels[start..<start + p])
                }
            }
        }
        return out
    }

    /// The inverse of `patches(size:)`: an image from [patchCount, size²] patch values.
    public init(patches: [Float], size p: Int, width: Int, height: Int) {
        precondition(width % p == 0 && height % p == 0 && patches.count == width * height)
        var pixels = [Float](repeating: 0, count: width * height)
        let columns = width / p
        for index in 0..<(patches.count / (p * p)) {
            let (gridRow, gridColumn) = index.quotientAndRemainder(dividingBy: columns)
            for r in 0..<p {
                for c in 0..<p {
                    pixels[(gridRow * p + r) * width + gridColumn * p + c] = patches[index * p * p + r * p + c]
                }
            }
        }
        self.init(width: width, height: height, pixels: pixels)
    }
}
