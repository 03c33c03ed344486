import Foundation  // JSONSerialization, to inspect and edit documents independently of the Codable types
import Testing

@testable import MaskedDiffusion

struct ImagePatchTokenizerTests {
    let tokenizer = ImageFixtures.tokenizer

    @Test func layoutIsClassTokenThenPatchCodes() {
        #expect(tokenizer.patchSize == 2 && tokenizer.codebookSize == 64 && tokenizer.classCount == 10)
        #expect(tokenizer.vocabSize == 74 && tokenizer.maskTokenId == 74)
        #expect(tokenizer.patchCount == 64 && tokenizer.sequenceLength == 65 && tokenizer.prefixLength == 1)
        let item = ImageFixtures.generator.image(13)
        let tokens = tokenizer.encode(item.image, label: item.label)
        #expect(tokens.count == 65)
        #expect(tokens[0] == 64 + 3)
        #expect(tokens.dropFirst().allSatisfy { $0 >= 0 && $0 < 64 })
        #expect(tokenizer.encode(item.image, label: nil)[0] == tokenizer.maskTokenId)
        #expect(tokenizer.label(of: 67) == 3 && tokenizer.label(of: 63) == nil && tokenizer.label(of: 74) == nil)
    }

    /// decode(encode(x)) is x with every patch replaced by its nearest centroid, computed here
    /// by brute force, independently of the tokenizer.
    @Test func decodeOfEncodeIsTheQuantisedImage() {
        let book = tokenizer.codebook
        for item in ImageFixtures.generator.images(0..<20, split: .test) {
            let decoded = tokenizer.decode(tokenizer.encode(item.image, label: item.label))
            var expected = item.image
            for gr in 0..<8 {
                for gc in 0..<8 {
                    let patch = [
                        item.image[2 * gr, 2 * gc], item.image[2 * gr, 2 * gc + 1],
                        item.image[2 * gr + 1, 2 * gc], item.image[2 * gr + 1, 2 * gc + 1]
                    ]
                    let errors = (0..<book.count).map { j in
                        zip(book.centroid(j), patch).reduce(Float(0)) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
                    }
                    let c = Array(book.centroid(errors.firstIndex(of: errors.min()!)!))
                    (expected[2 * gr, 2 * gc], expected[2 * gr, 2 * gc + 1]) = (c[0], c[1])
                    (expected[2 * gr + 1, 2 * gc], expected[2 * gr + 1, 2 * gc + 1]) = (c[2], c[3])
                }
            }
            #expect(decoded.image == expected)
            #expect(decoded.image == tokenizer.quantized(item.image))
            #expect(decoded.label == item.label)
            #expect(!decoded.maskedPatches.contains(true))
        }
    }

    @Test func maskedPatchesAreFlaggedAndFilled() {
        var tokens = tokenizer.encode(ImageFixtures.generator.image(4).image, label: 4)
        let mask = tokenizer.maskTokenId
        tokens[0] = mask  // null class
        tokens[1] = mask  // patch (0, 0)
        tokens[1 + 8 + 3] = mask  // patch (1, 3)
        tokens[64] = 70  // a class id where a code belongs: nothing to draw
        let decoded = tokenizer.decode(tokens, maskFill: 0.5)
        #expect(decoded.label == nil)
        let flagged = decoded.maskedPatches.enumerated().filter(\.element).map(\.offset)
        #expect(flagged == [0, 11, 63])
        #expect(tokenizer.maskedPatches(tokens) == decoded.maskedPatches)
        #expect(
            decoded.isMasked(row: 1, column: 1) && decoded.isMasked(row: 3, column: 6) && !decoded.isMasked(row: 3, column: 8))
        #expect(decoded.image[0, 0] == 0.5 && decoded.image[3, 7] == 0.5 && decoded.image[15, 15] == 0.5)
        let clean = tokenizer.decode(tokenizer.encode(ImageFixtures.generator.image(4).image, label: 4))
        #expect(decoded.image[8, 8] == clean.image[8, 8])
    }

    @Test func tokenizerJSONRoundTripsExactlyAndAtomically() throws {
        let dir = try ImageFixtures.temporaryDirectory()
        let path = dir + "/tokenizer.json"
        try tokenizer.save(to: path)
        try tokenizer.save(to: path)  // overwriting is fine
        #expect(try ImagePatchTokenizer.load(from: path) == tokenizer)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["tokenizer.json"])
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        #expect(object["kind"] as? String == "image_patches")
        #expect(object["patch_size"] as? Int == 2 && object["image_height"] as? Int == 16)
        #expect(object["vocab_size"] as? Int == 74 && object["mask_token_id"] as? Int == 74)
        #expect((object["codebook"] as? [[Double]])?.count == 64)
        #expect(object["class_names"] as? [String] == GlyphGenerator.classNames)
    }

    /// Edits `tokenizer.json` and returns the load error.
    func loadError(_ edit: (inout [String: Any]) -> Void) throws -> ImageTokenizerError? {
        var object = try JSONSerialization.jsonObject(with: tokenizer.jsonData()) as! [String: Any]
        edit(&object)
        do {
            _ = try ImagePatchTokenizer(jsonData: JSONSerialization.data(withJSONObject: object), path: "t.json")
            return nil
        } catch let error as ImageTokenizerError { return error }
    }

    @Test func badDocumentsAreRejectedWithReasons() throws {
        #expect(try loadError { $0["kind"] = "characters" } == .unsupportedKind(path: "t.json", kind: "characters"))
        let shortEntry = try loadError { o in
            var book = o["codebook"] as! [[Double]]
            book[5].removeLast()
            o["codebook"] = book
        }
        #expect(shortEntry?.description.contains("codebook entry 5 has 3 values") == true)
        #expect(try loadError { $0["vocab_size"] = 75 }?.description.contains("disagree") == true)
        #expect(try loadError { $0["image_width"] = 15 }?.description.contains("not a grid") == true)
        #expect(try loadError { $0["class_names"] = ["a", "a"] }?.description.contains("duplicate") == true)
        #expect(try loadError { $0.removeValue(forKey: "patch_size") } != nil)
        #expect(throws: ImageTokenizerError.self) { try ImagePatchTokenizer(jsonData: Data("[1,".utf8)) }
        #expect(throws: ImageTokenizerError.self) { try ImagePatchTokenizer.load(from: "\(missingFolder)/tokenizer.json") }
    }
}
