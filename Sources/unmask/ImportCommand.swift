import ArgumentParser
import Foundation
import MaskedDiffusion

/// `unmask import SRC --out DIR`: converts a Hugging Face LLaMA/LLaDA checkpoint folder into an
/// Unmask checkpoint folder that every command and the workbench open. The conversion is explicit
/// (like llama.cpp's converter) so the rest of Unmask reads one format, and a BF16 source is
/// converted once instead of at every start.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert a Hugging Face LLaMA/LLaDA checkpoint into an Unmask checkpoint folder.",
        discussion: "SRC holds config.json and model.safetensors or a sharded model.safetensors.index.json "
            + "(BF16, F16 or F32; written as F32). The mask token must be the last embedding row. Commands that "
            + "show text need an Unmask tokenizer.json: give one with --tokenizer (or keep one in SRC); Hugging Face "
            + "tokenizers are not read, so without it DIR holds weights only.")

    @Argument(help: "Hugging Face checkpoint folder.")
    var source: String
    @Option(help: "Unmask checkpoint folder to write (created; must not hold a model yet).")
    var out: String
    @Option(help: "An Unmask tokenizer.json whose vocabulary matches the model's real tokens.")
    var tokenizer: String?

    func run() throws {
        let target = Checkpoint(directory: out)
        guard !FileManager.default.fileExists(atPath: target.path(Checkpoint.modelFile)) else {
            throw ValidationError("\(target.path(Checkpoint.modelFile)) exists: --out must be a new or empty folder")
        }
        let params: ModelParameters, summary: HFCheckpoint.Summary
        do { (params, summary) = try HFCheckpoint(directory: source).load() } catch { throw ValidationError("\(error)") }
        let tokenizerNote: String
        let words: ModelTokenizer?
        (words, tokenizerNote) = try chooseTokenizer(vocabSize: params.config.vocabSize)
        try target.save(params)
        if let words { try words.save(to: target.path(TokenizerFile.fileName)) }
        let c = params.config
        print(
            "\(source): \(summary.config.architecture.rawValue), \(summary.dtypes.joined(separator: "/")) in "
                + "\(summary.files) file\(summary.files == 1 ? "" : "s"): \(c.vocabSize) tokens + mask, d \(c.dModel), "
                + "\(c.nLayers) layers, \(c.nHeads) heads, ff \(c.ffHidden), \(c.maxSeqLen) positions → \(out)")
        print(tokenizerNote)
    }

    /// The tokenizer to store, and a line saying what happened.
    private func chooseTokenizer(vocabSize: Int) throws -> (ModelTokenizer?, String) {
        if let tokenizer {
            let t: ModelTokenizer
            do { t = try ModelTokenizer.load(from: tokenizer) } catch { throw ValidationError("\(tokenizer): \(error)") }
            guard t.vocabSize == vocabSize else {
                throw ValidationError("\(tokenizer): \(t.vocabSize) tokens, the model has \(vocabSize)")
            }
            return (t, "tokenizer: \(tokenizer)")
        }
        let inSource = source + "/" + TokenizerFile.fileName
        if let t = try? ModelTokenizer.load(from: inSource), t.vocabSize == vocabSize {
            return (t, "tokenizer: \(inSource)")
        }
        return (
            nil,
            "no Unmask tokenizer (a Hugging Face tokenizer.json is not read): commands that show text need "
                + "one, e.g. unmask import \(source) --out NEW --tokenizer tokenizer.json"
        )
    }
}
