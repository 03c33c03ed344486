import ArgumentParser
import Foundation
import MaskedDiffusion

/// `unmask import SRC --out DIR`: converts a Hugging Face checkpoint folder (llama, qwen2, qwen3,
/// Dream, llada) into an Unmask checkpoint folder. Commands also open such a folder in place
/// (`--model SRC`); converting once saves the BF16 → F32 conversion and the id reordering at
/// every start, and gives a folder training can continue.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert a Hugging Face llama/qwen2/qwen3/Dream/llada checkpoint into an Unmask checkpoint folder.",
        discussion: "SRC holds config.json (with the model's mask_token_id) and model.safetensors or a sharded "
            + "model.safetensors.index.json (BF16, F16 or F32; written as F32, the mask's row moved last). Commands "
            + "that show text need a tokenizer.json in engine ids: give an Unmask one with --tokenizer (or keep one in "
            + "SRC when the mask is already the last row); otherwise open SRC itself with --model.")

    @Argument(help: "Hugging Face checkpoint folder.")
    var source: String
    @Option(help: "Unmask checkpoint folder to write (created; must be new or empty).")
    var out: String
    @Option(help: "An Unmask tokenizer.json whose vocabulary matches the model's real tokens.")
    var tokenizer: String?

    func run() throws {
        let target = Checkpoint(directory: out)
        // A file there failed only at the write, after the whole load, as "cannot write: not a
        // directory" and status 1.
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isFolder), !isFolder.boolValue {
            throw ValidationError("\(out) is a file: --out must be a new or empty folder")
        }
        // A folder holding anything else would become a model folder with foreign files in it.
        let present = (try? FileManager.default.contentsOfDirectory(atPath: out).sorted()) ?? []
        guard present.isEmpty else {
            let shown = present.prefix(3).joined(separator: ", ") + (present.count > 3 ? ", …" : "")
            throw ValidationError("\(out) holds \(shown): --out must be a new or empty folder")
        }
        let params: ModelParameters, summary: HFCheckpoint.Summary
        do { (params, summary) = try HFCheckpoint(directory: source).load() } catch { throw ValidationError("\(error)") }
        let tokenizerNote: String
        let words: ModelTokenizer?
        (words, tokenizerNote) = try chooseTokenizer(vocabSize: params.config.vocabSize, ids: summary.config.ids)
        try target.save(params)
        if let words { try words.save(to: target.path(TokenizerFile.fileName)) }
        let c = params.config
        print(
            "\(source): \(summary.config.architecture.rawValue), \(summary.dtypes.joined(separator: "/")) in "
                + "\(summary.files) file\(summary.files == 1 ? "" : "s"): \(c.vocabSize) tokens + mask, d \(c.dModel), "
                + "\(c.nLayers) layers, \(c.nHeads) heads, ff \(c.ffHidden), \(c.maxSeqLen) positions"
                + Self.features(summary.config).map { ", " + $0 }.joined() + " → \(out)")
        print(tokenizerNote)
    }

    /// The tokenizer to store, and a line saying what happened.
    private func chooseTokenizer(vocabSize: Int, ids: TokenIdMap) throws -> (ModelTokenizer?, String) {
        if let tokenizer {
            let t: ModelTokenizer
            do { t = try ModelTokenizer.load(from: tokenizer) } catch { throw ValidationError("\(error)") }  // names the file
            // A Hugging Face folder's own tokenizer counts the mask and numbers it where the file
            // does; the stored checkpoint has the mask last (README once showed this very call).
            if !ids.isIdentity, t.vocabSize == ids.rows {
                throw ValidationError(
                    "\(tokenizer): \(t.vocabSize) tokens with the mask at \(ids.fileMaskId), as the Hugging Face folder numbers "
                        + "them; the imported model has its \(vocabSize) real tokens first and the mask last, so this "
                        + "tokenizer does not fit it. Open \(source) in place with --model to use its own tokenizer")
            }
            guard t.vocabSize == vocabSize else {
                throw ValidationError("\(tokenizer): \(t.vocabSize) tokens, the model has \(vocabSize)")
            }
            return (t, "tokenizer: \(tokenizer)")
        }
        let inSource = source + "/" + TokenizerFile.fileName
        // SRC's tokenizer numbers tokens as SRC does, which is the engine's order only when the mask is last.
        if ids.isIdentity, let t = try? ModelTokenizer.load(from: inSource), t.vocabSize == vocabSize {
            return (t, "tokenizer: \(inSource)")
        }
        // Opening SRC in place needs its own tokenizer.json; without one, only --tokenizer helps.
        let inPlace =
            FileManager.default.fileExists(atPath: inSource) ? ", or open \(source) itself with --model" : ""
        return (
            nil,
            "no tokenizer stored: commands that show text need an Unmask tokenizer.json of the model's \(vocabSize) "
                + "real tokens (--tokenizer FILE)" + inPlace
        )
    }

    /// What the model has beyond a plain LLaMA block, for the summary line.
    static func features(_ hf: HFModelConfig) -> [String] {
        let c = hf.model
        var f: [String] = []
        if c.nKVHeads != c.nHeads { f.append("\(c.nKVHeads) key/value heads") }
        if c.explicitHeadDim != nil { f.append("head width \(c.headDim)") }
        if c.qkvBias { f.append("q/k/v biases") }
        if c.qkNorm { f.append("q/k norms") }
        if c.tiedEmbeddings { f.append("tied head") }
        if c.shiftedPrediction { f.append("shifted prediction") }
        if !hf.ids.isIdentity { f.append("mask id \(hf.ids.fileMaskId) moved last") }
        return f
    }
}
