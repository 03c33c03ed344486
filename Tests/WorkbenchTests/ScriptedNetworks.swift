import MaskedDiffusion

@testable import Workbench

/// Scripted logits for the full-screen tests: the demo models' tokenizers and settings with
/// logits written by hand, so a retrained demo model or another BLAS kernel cannot change a
/// screen. Each script is a plain function of a row's tokens, so a sample is still a function of
/// the sampler's settings and seed, and changing a knob still changes the screen.
enum ScriptedNetworks {
    /// The countdown model answering every prompt with a correct `a op b op c` where one exists.
    static func countdown(_ loaded: LoadedModel) -> WorkbenchModel {
        guard case .text(let t) = loaded.tokenizer else { fatalError("countdown has a vocabulary tokenizer") }
        let ids = Dictionary(uniqueKeysWithValues: (0..<Int32(t.vocabSize)).map { (t.text(of: $0), $0) })
        let script = CountdownScript(ids: ids, maskId: Int32(t.vocabSize))
        return model("countdown", loaded) { row, i, z in script.logits(row, i, z) }
    }

    /// The glyphs model drawing each class's digit in a 3×5 font, ink and paper being the
    /// brightest and darkest codebook patches; the null class (masked class token) draws faintly.
    static func glyphs(_ loaded: LoadedModel) -> WorkbenchModel {
        guard case .image(let t) = loaded.tokenizer else { fatalError("glyphs has an image tokenizer") }
        let script = GlyphScript(tokenizer: t)
        return model("glyphs", loaded) { row, i, z in script.logits(row, i, z) }
    }

    /// A workbench model whose network writes `logits(row, position, z)` (z: [V]) for every position.
    static func model(
        _ name: String, _ loaded: LoadedModel,
        _ logits: @escaping @Sendable ([Int32], Int, UnsafeMutablePointer<Float>) -> Void
    ) -> WorkbenchModel {
        let V = loaded.params.config.vocabSize, maxSeqLen = loaded.params.config.maxSeqLen
        let network = ModelNetwork.scripted { rows, seqLen in
            LogitsSource(vocabSize: V, maxSeqLen: maxSeqLen, maxRows: rows * seqLen) { batch, out in
                let T = batch.seqLen
                for b in 0..<batch.batch {
                    let row = Array(batch.tokens[b * T..<(b + 1) * T])
                    for i in 0..<T { logits(row, i, out.data + (b * T + i) * V) }
                }
            }
        }
        return WorkbenchModel(name: name, loaded: loaded, network: network)
    }

    /// Low, position-dependent logits for the tokens a script does not favour: [V], so the
    /// cursor's runner-up candidates differ from position to position.
    static func background(_ z: UnsafeMutablePointer<Float>, count V: Int, position i: Int) {
        for v in 0..<V { z[v] = Float((v * 7 + i * 3) % 11) / 5 }
    }
}

/// Countdown: the prompt is `a b c=t`; the completion spells `<answer>EXPR</answer>` and then
/// `<eos>`, EXPR the first `x op y op z` over a permutation of the numbers that equals t.
/// Padding is the most confident (as the trained model commits `<eos>` first), then the answer
/// from left to right.
struct CountdownScript: Sendable {
    let ids: [String: Int32]
    let maskId: Int32

    func logits(_ row: [Int32], _ i: Int, _ z: UnsafeMutablePointer<Float>) {
        ScriptedNetworks.background(z, count: ids.count, position: i)
        guard let equals = row.firstIndex(of: ids["="]!) else { return }
        let digit = { (id: Int32) in ("0"..."9").contains(text(id)) }
        let promptLength = row[(equals + 1)...].prefix(while: digit).count + equals + 1
        guard i >= promptLength else { return }
        let prompt = row[..<promptLength].map(text).joined()
        let answer = ["<answer>"] + Self.expression(for: prompt).map(String.init) + ["</answer>"]
        let k = i - promptLength
        if k < answer.count {
            z[Int(ids[answer[k]]!)] = 10 - 0.4 * Float(k)
        } else {
            z[Int(ids["<eos>"]!)] = 14
        }
    }

    private func text(_ id: Int32) -> String {
        id == maskId ? "" : ids.first { $0.value == id }!.key
    }

    /// "a b c=t" → the first `x op y op z` (+, −, ×; usual precedence) equal to t, else a+b+c.
    static func expression(for prompt: String) -> String {
        let parts = prompt.split(separator: "=")
        let numbers = parts[0].split(separator: " ").compactMap { Int($0) }
        guard parts.count == 2, let target = Int(parts[1]), numbers.count == 3 else { return "0" }
        let orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
        for o in orders {
            let (x, y, w) = (numbers[o[0]], numbers[o[1]], numbers[o[2]])
            for a in ["+", "-", "*"] {
                for b in ["+", "-", "*"] {
                    let value: Int
                    switch (a, b) {
                    case ("*", _): value = apply(b, x * y, w)
                    case (_, "*"): value = apply(a, x, y * w)
                    default: value = apply(b, apply(a, x, y), w)
                    }
                    if value == target { return "\(x)\(a)\(y)\(b)\(w)" }
                }
            }
        }
        return "\(numbers[0])+\(numbers[1])+\(numbers[2])"
    }

    private static func apply(_ op: String, _ x: Int, _ y: Int) -> Int {
        switch op {
        case "+": x + y
        case "-": x - y
        default: x * y
        }
    }
}

/// Glyphs: position 0 holds the class token (or the mask, the null class of guidance); patch j
/// of the grid is ink where the class's digit in a 3×5 font covers it, else paper.
struct GlyphScript: Sendable {
    let V: Int
    let codes: Int
    let columns: Int
    let rows: Int
    let ink: Int
    let paper: Int

    init(tokenizer t: ImagePatchTokenizer) {
        V = t.vocabSize
        codes = t.codebookSize
        columns = t.gridColumns
        rows = t.gridRows
        let brightness = (0..<t.codebookSize).map { t.codebook.centroid($0).reduce(0, +) }
        ink = brightness.indices.max { brightness[$0] < brightness[$1] }!
        paper = brightness.indices.min { brightness[$0] < brightness[$1] }!
    }

    /// The 3×5 digits, one row of three bits per line, top row first.
    static let font: [[UInt8]] = [
        [7, 5, 5, 5, 7], [2, 6, 2, 2, 7], [7, 1, 7, 4, 7], [7, 1, 7, 1, 7], [5, 5, 7, 1, 1],
        [7, 4, 7, 1, 7], [7, 4, 7, 5, 7], [7, 1, 1, 1, 1], [7, 5, 7, 5, 7], [7, 5, 7, 1, 7]
    ]

    func logits(_ row: [Int32], _ i: Int, _ z: UnsafeMutablePointer<Float>) {
        ScriptedNetworks.background(z, count: V, position: i)
        guard i > 0 else { return }
        let j = i - 1, r = j / columns, c = j % columns
        let label = Int(row[0]) - codes
        let digit = Self.font[(0..<Self.font.count).contains(label) ? label : 8]
        let covered = digit[r * 5 / rows] & (4 >> (c * 3 / columns)) != 0
        // A class draws its digit firmly; the null class only leans towards the figure 8.
        let margin: Float = (0..<Self.font.count).contains(label) ? 8 : 3
        z[covered ? ink : paper] = margin + Float((r + c) % 3) / 2
    }
}
