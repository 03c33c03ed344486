import MaskedDiffusion
import Testing

@testable import unmask_bench

/// The bench's FLOP counts, which its GFLOP/s and sgemm-share figures divide by, checked against
/// the parameter layout the engine multiplies by.
struct FlopCountTests {
    /// 2 × the floats of `entries` (each a weight a row is multiplied by once).
    static func flops(_ entries: [ParameterLayout.Entry]) -> Double { 2 * Double(entries.reduce(0) { $0 + $1.count }) }

    /// torch_ref's count: 2 × every matrix but the embedding (a lookup) + attention's 4·L·T·d.
    @Test(arguments: EnginePreset.all.map(\.name))
    func forwardFlopsAreTwiceTheMatrixWeightsPlusAttention(preset name: String) throws {
        let preset = try EnginePreset.named(name)
        let layout = ParameterLayout(preset.config)
        let matrices = layout.entries.filter { $0.shape.count == 2 && $0.name != "model.embed_tokens.weight" }
        let attention = Double(4 * preset.layers * preset.seqLen * preset.d)
        #expect(preset.forwardFlopsPerToken == Self.flops(matrices) + attention)
    }

    /// What a row skips: the last layer's o_proj, gate/up and down, and the head; never its q/k/v.
    @Test(arguments: EnginePreset.all.map(\.name))
    func theSkippedTopIsTheLastLayersOutputProjectionMLPAndHead(preset name: String) throws {
        let preset = try EnginePreset.named(name)
        let layout = ParameterLayout(preset.config)
        let last = "model.layers.\(preset.layers - 1)."
        let top = ["self_attn.o_proj.weight", "mlp.gate_proj.weight", "mlp.up_proj.weight", "mlp.down_proj.weight"]
        let entries =
            try top.map { try #require(layout.entry(named: last + $0)) } + [try #require(layout.entry(named: "lm_head.weight"))]
        #expect(preset.skippedFlopsPerTopRow == Self.flops(entries))
    }

    @Test func aStepCountsOnlyTheTopRowsItRan() throws {
        let preset = try EnginePreset.named("tiny")
        let rows = preset.batch * preset.seqLen
        let full = preset.trainGFLOP(topRows: rows)
        #expect(full == 3 * preset.forwardFlopsPerToken * Double(rows) / 1e9)
        let skipped = full - preset.trainGFLOP(topRows: rows - 100)
        #expect(abs(skipped - 3 * 100 * preset.skippedFlopsPerTopRow / 1e9) < 1e-9 * full)
    }
}

/// The small helpers every figure goes through.
struct BenchHelperTests {
    @Test func medianOfOddAndEvenCounts() {
        #expect(median([3, 1, 2]) == 2)
        #expect(median([4, 1, 3, 2]) == 2.5)
    }

    @Test func positiveArgumentsFallBackAndRefuseNonPositive() throws {
        #expect(try positive([], 0, fallback: 7, "runs") == 7)
        #expect(try positive(["12"], 0, fallback: 7, "runs") == 12)
        #expect(throws: BenchError.self) { try positive(["0"], 0, fallback: 7, "runs") }
        #expect(throws: BenchError.self) { try positive(["x"], 0, fallback: 7, "runs") }
    }
}
