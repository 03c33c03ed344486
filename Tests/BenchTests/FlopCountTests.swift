import MaskedDiffusion
import Testing

@testable import unmask_bench

/// The bench's FLOP counts, which its GFLOP/s and sgemm-share figures divide by, checked against
/// the parameter layout the engine multiplies by.
struct FlopCountTests {
    /// 2 × the floats of `entries` (each a weight a row is multiplied by once).
    static func flops(_ entries: [ParameterLayout.Entry]) -> Double { 2 * Double(entries.reduce(0) { $0 + $1.count }) }

    /// torch_ref's forward count per token, from the layout: 2 × every matrix but the embedding
    /// (a lookup) + attention's 4·L·T·d.
    static func forwardPerToken(_ preset: EnginePreset) -> Double {
        let matrices = ParameterLayout(preset.config).entries.filter {
            $0.shape.count == 2 && $0.name != "model.embed_tokens.weight"
        }
        return flops(matrices) + Double(4 * preset.layers * preset.seqLen * preset.d)
    }

    /// What a row skips, from the layout: the last layer's o_proj, gate/up and down, and the head.
    static func skippedPerRow(_ preset: EnginePreset) throws -> Double {
        let layout = ParameterLayout(preset.config), last = "model.layers.\(preset.layers - 1)."
        let top = ["self_attn.o_proj.weight", "mlp.gate_proj.weight", "mlp.up_proj.weight", "mlp.down_proj.weight"]
        let entries = try top.map { try #require(layout.entry(named: last + $0)) }
        return flops(entries + [try #require(layout.entry(named: "lm_head.weight"))])
    }

    @Test(arguments: EnginePreset.all.map(\.name))
    func forwardFlopsAreTwiceTheMatrixWeightsPlusAttention(preset name: String) throws {
        let preset = try EnginePreset.named(name)
        #expect(preset.forwardFlopsPerToken == Self.forwardPerToken(preset))
    }

    @Test(arguments: EnginePreset.all.map(\.name))
    func theSkippedTopIsTheLastLayersOutputProjectionMLPAndHead(preset name: String) throws {
        let preset = try EnginePreset.named(name)
        #expect(preset.skippedFlopsPerTopRow == (try Self.skippedPerRow(preset)))
    }

    /// A step's GFLOP: backward twice the forward (torch_ref's 3×), less the top of the rows skipped.
    @Test(arguments: EnginePreset.all.map(\.name))
    func aStepCountsOnlyTheTopRowsItRan(preset name: String) throws {
        let preset = try EnginePreset.named(name)
        let rows = preset.batch * preset.seqLen, top = rows - 100
        let expected = 3 * (Self.forwardPerToken(preset) * Double(rows) - (try Self.skippedPerRow(preset)) * 100) / 1e9
        #expect(abs(preset.trainGFLOP(topRows: top) - expected) <= 1e-12 * expected)
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
