#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `tokenizer.json` for image tokenizers:
///
///     {"kind": "image_patches", "image_height": 16, "image_width": 16, "patch_size": 2,
///      "codebook_size": 64, "codebook": [[p00, p01, p10, p11], ...],   // [K][P²], row-major
///      "class_names": ["0", ..., "9"], "class_token_offset": 64, "vocab_size": 74, "mask_token_id": 74}
///
/// The last three fields follow from the others; they are written so other tools can read the
/// layout without knowing the rule, and checked on load so a hand edit cannot make them lie.
extension ImagePatchTokenizer {
    static let kind = "image_patches"

    struct File: Codable {
        var kind: String
        var imageHeight: Int
        var imageWidth: Int
        var patchSize: Int
        var codebookSize: Int
        var codebook: [[Float]]
        var classNames: [String]
        var classTokenOffset: Int
        var vocabSize: Int
        var maskTokenId: Int

        enum CodingKeys: String, CodingKey {
            case kind, codebook
            case imageHeight = "image_height", imageWidth = "image_width", patchSize = "patch_size"
            case codebookSize = "codebook_size", classNames = "class_names"
            case classTokenOffset = "class_token_offset", vocabSize = "vocab_size", maskTokenId = "mask_token_id"
        }
    }

    /// The JSON document (UTF-8).
    public func jsonData() throws(ImageTokenizerError) -> Data {
        let dim = codebook.dimension
        let file = File(
            kind: Self.kind, imageHeight: imageHeight, imageWidth: imageWidth, patchSize: patchSize,
            codebookSize: codebookSize,
            codebook: (0..<codebookSize).map { Array(codebook.centroids[$0 * dim..<($0 + 1) * dim]) },
            classNames: classNames, classTokenOffset: codebookSize, vocabSize: vocabSize,
            maskTokenId: Int(maskTokenId))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do { return try encoder.encode(file) } catch {
            throw .invalid(path: "", reason: "cannot encode: \(error)")
        }
    }

    /// Parses a `tokenizer.json`; `path` only names the source in errors.
    public init(jsonData data: Data, path: String = "tokenizer.json") throws(ImageTokenizerError) {
        struct Kind: Decodable { var kind: String }
        func decode<T: Decodable>(_ type: T.Type) throws(ImageTokenizerError) -> T {
            do { return try JSONFile.decode(type, from: Array(data), path: path) } catch let error as CheckpointError {
                throw .invalid(path: path, reason: error.problem.description)
            } catch {
                throw .invalid(path: path, reason: "\(error)")
            }
        }
        let kind = try decode(Kind.self).kind
        guard kind == Self.kind else { throw .unsupportedKind(path: path, kind: kind) }
        let file = try decode(File.self)
        let dim = file.patchSize * file.patchSize
        func invalid(_ reason: String) -> ImageTokenizerError { .invalid(path: path, reason: reason) }
        guard file.patchSize > 0 else { throw invalid("patch_size must be ≥ 1") }
        guard !file.codebook.isEmpty, file.codebook.count == file.codebookSize else {
            throw invalid("codebook has \(file.codebook.count) entries, codebook_size says \(file.codebookSize)")
        }
        if let bad = file.codebook.firstIndex(where: { $0.count != dim }) {
            throw invalid(
                "codebook entry \(bad) has \(file.codebook[bad].count) values, a \(file.patchSize)×\(file.patchSize) patch needs \(dim)"
            )
        }
        do {
            try self.init(
                imageWidth: file.imageWidth, imageHeight: file.imageHeight,
                codebook: PatchCodebook(patchSize: file.patchSize, centroids: file.codebook.flatMap { $0 }),
                classNames: file.classNames)
        } catch let ImageTokenizerError.invalid(_, reason) {
            throw invalid(reason)
        }
        guard file.classTokenOffset == codebookSize, file.vocabSize == vocabSize, file.maskTokenId == Int(maskTokenId) else {
            throw invalid(
                "class_token_offset/vocab_size/mask_token_id (\(file.classTokenOffset)/\(file.vocabSize)/"
                    + "\(file.maskTokenId)) disagree with the codebook and classes (\(codebookSize)/\(vocabSize)/\(maskTokenId))")
        }
    }

    public static func load(from path: String) throws(ImageTokenizerError) -> ImagePatchTokenizer {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
        return try ImagePatchTokenizer(jsonData: data, path: path)
    }

    /// Writes `tokenizer.json` atomically: a temporary file beside `path`, then `rename(2)`, so a
    /// reader (or a crash mid-write) never sees a half-written tokenizer.
    public func save(to path: String) throws(ImageTokenizerError) {
        let data = try jsonData()
        let temporary = path + ".tmp-\(getpid())"
        do { try data.write(to: URL(fileURLWithPath: temporary)) } catch {
            throw .unwritable(path: path, reason: "\(error)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .unwritable(path: path, reason: reason)
        }
    }
}
