import Foundation
import Tokenizers

/// Encode and decode speed of the Hugging Face tokenizer reader on the parity corpus
/// (Tests/TokenizersTests/Fixtures: 10,014 mixed-script lines, ~0.5 MB of UTF-8), one line per
/// `encode` call as a prompt would be, single thread, release build, best of five passes.
enum TokenizerBench {
    static let fixtures =
        String(#filePath.dropLast("Benchmarks/UnmaskBench/TokenizerBench.swift".count))
        + "Tests/TokenizersTests/Fixtures"

    static func run() {
        emit("")
        emit("tokenizers: HF tokenizer.json encode/decode on the parity corpus (one thread, best of 5)")
        guard let text = try? String(contentsOfFile: fixtures + "/corpus.jsonl", encoding: .utf8) else {
            emit("skipped: no corpus at \(fixtures)")
            return
        }
        let lines = text.split(separator: "\n").compactMap { try? JSONDecoder().decode(String.self, from: Data($0.utf8)) }
        let bytes = lines.reduce(0) { $0 + $1.utf8.count }
        emit(pad("style", 15) + pad("lines", 7) + pad("MB", 6) + pad("encode MB/s", 13) + "decode MB/s")
        for style in ["bytelevel", "llama3", "gpt2", "sentencepiece", "metaspace"] {
            guard let t = try? HFTokenizer(contentsOf: fixtures + "/\(style).json") else {
                emit(pad(style, 15) + "skipped: cannot read \(style).json")
                continue
            }
            var ids: [[Int32]] = []
            let encode = best(of: 5) { ids = lines.map(t.encode) }
            let decode = best(of: 5) { _ = ids.map { t.decode($0) } }
            let mb = Double(bytes) / 1e6
            emit(
                pad(style, 15) + pad("\(lines.count)", 7) + pad(String(format: "%.2f", mb), 6)
                    + pad(String(format: "%.2f", mb / encode), 13) + String(format: "%.2f", mb / decode))
        }
    }

    /// Fastest of `n` runs of `body`, in seconds.
    private static func best(of n: Int, _ body: () -> Void) -> Double {
        (0..<n).map { _ in
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }.min()!
    }
}
