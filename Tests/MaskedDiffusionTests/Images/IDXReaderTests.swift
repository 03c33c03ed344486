import Testing

@testable import MaskedDiffusion

struct IDXReaderTests {
    /// Three 28×28 images whose pixel (r, c) of image n is (50n + r + c) % 256, labels 7, 0, 3.
    static let pixelValues = (0..<3).flatMap { n in (0..<28).flatMap { r in (0..<28).map { c in UInt8((n * 50 + r + c) % 256) } }
    }
    static let images = ImageFixtures.idx(dims: [3, 28, 28], values: pixelValues)
    static let labels = ImageFixtures.idx(dims: [3], values: [7, 0, 3])

    /// Writes `images` and `labels` files and returns their paths.
    func files(images: [UInt8] = Self.images, labels: [UInt8] = Self.labels) throws -> (String, String) {
        let dir = try ImageFixtures.temporaryDirectory()
        try ImageFixtures.write(images, to: dir + "/images-idx3-ubyte")
        try ImageFixtures.write(labels, to: dir + "/labels-idx1-ubyte")
        return (dir + "/images-idx3-ubyte", dir + "/labels-idx1-ubyte")
    }

    @Test func readsAValidPair() throws {
        let (imagesPath, labelsPath) = try files()
        let items = try IDXReader.readLabeled(images: imagesPath, labels: labelsPath)
        #expect(items.map(\.label) == [7, 0, 3])
        #expect(items.allSatisfy { $0.image.width == 28 && $0.image.height == 28 })
        #expect(items[1].image[2, 5] == Float(50 + 2 + 5) / 255)
        #expect(items[2].image[27, 27] == Float((100 + 54) % 256) / 255)
    }

    /// Every malformed file fails with its own error, and the message names the faulty file.
    @Test(
        arguments: [
            ("bad magic (gzip)", [0x1F, 0x8B, 0x08, 0x03] + Array(images.dropFirst(4)), labels, "badMagic", "images"),
            ("float type", [0, 0, 0x0D] + Array(images.dropFirst(3)), labels, "unsupportedType", "images"),
            ("labels as images", labels, labels, "wrongRank", "images"),
            ("truncated images", Array(images.dropLast(10)), labels, "wrongSize", "images"),
            ("trailing bytes", images + [1, 2], labels, "wrongSize", "images"),
            ("short header", [0, 0, 8], labels, "wrongSize", "images"),
            ("zero images", ImageFixtures.idx(dims: [0, 28, 28], values: []), labels, "empty", "images"),
            ("truncated labels", images, Array(labels.dropLast()), "wrongSize", "labels"),
            ("count mismatch", images, ImageFixtures.idx(dims: [2], values: [1, 2]), "countMismatch", "labels"),
            ("label out of range", images, ImageFixtures.idx(dims: [3], values: [1, 10, 2]), "labelOutOfRange", "labels")
        ] as [(String, [UInt8], [UInt8], String, String)])
    func rejectsMalformedFiles(_ name: String, images: [UInt8], labels: [UInt8], expected: String, faulty: String) throws {
        let (imagesPath, labelsPath) = try files(images: images, labels: labels)
        do {
            _ = try IDXReader.readLabeled(images: imagesPath, labels: labelsPath)
            Issue.record("\(name): no error")
        } catch {
            #expect(Self.caseName(error) == expected, "\(name): got \(error)")
            #expect(error.description.contains(faulty == "images" ? imagesPath : labelsPath), "\(name): \(error)")
        }
    }

    static func caseName(_ error: IDXError) -> String {
        switch error {
        case .unreadable: "unreadable"
        case .badMagic: "badMagic"
        case .unsupportedType: "unsupportedType"
        case .wrongRank: "wrongRank"
        case .wrongSize: "wrongSize"
        case .countMismatch: "countMismatch"
        case .labelOutOfRange: "labelOutOfRange"
        case .empty: "empty"
        }
    }

    @Test func errorMessagesSayWhatIsWrong() {
        #expect(
            IDXError.wrongSize(file: "a", expected: 10, actual: 4).description
                == "a: truncated: header promises 10 bytes, file has 4")
        #expect(IDXError.badMagic(file: "a", found: 0x1F8B_0803).description.contains("0x1F8B0803"))
        #expect(
            IDXError.countMismatch(imagesFile: "i", images: 3, labelsFile: "l", labels: 2).description
                == "i holds 3 images but l holds 2 labels")
    }

    /// Unreadable files say why in words (Foundation's error on Linux once read "The operation
    /// could not be completed. (NSCocoaErrorDomain error 256.)").
    @Test func anUnreadableFileSaysWhy() {
        for (path, reason) in [("\(missingFolder)/x", "No such file or directory"), ("/tmp", "a folder, not a file")] {
            do { _ = try IDXReader.readImages(at: path) } catch {
                #expect(error.description == "\(path): cannot read (\(reason))")
                continue
            }
            Issue.record("\(path) was read")
        }
    }
}
