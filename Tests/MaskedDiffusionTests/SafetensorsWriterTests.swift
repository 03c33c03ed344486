import Foundation
import Testing

@testable import MaskedDiffusion

/// The writer produces exactly the reference package's bytes, rounds like it, and replaces
/// files atomically.
@Suite struct SafetensorsWriterTests {
    typealias F = SafetensorsFixtures

    /// Rebuilding the Python fixture from its decoded values gives the same file, byte for
    /// byte: tensor order, header JSON, escaping and padding all match the reference.
    @Test func rewritesThePythonFixtureByteForByte() throws {
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: F.path("dtypes.safetensors"))))
        let file = try SafetensorsFile(bytes: original, path: "dtypes.safetensors")
        var writer = SafetensorsWriter(metadata: file.metadata)
        for name in file.names.reversed() {  // insertion order must not matter
            let t = try file.tensor(name)
            if SafetensorsDType.floating.contains(t.dtype) {
                writer.add(name, shape: t.shape, values: try t.floats(), as: t.dtype)
            } else {
                writer.add(name, shape: t.shape, integers: try t.integers(), as: t.dtype)
            }
        }
        let ours = writer.bytes()
        let same = ours == original  // (arrays this long would swamp the failure message)
        #expect(same, "Swift wrote \(ours.count) bytes, header \(String(decoding: ours.prefix(400), as: UTF8.self))")
        let empty = try [UInt8](Data(contentsOf: URL(fileURLWithPath: F.path("empty.safetensors"))))
        #expect(SafetensorsWriter().bytes() == empty)
    }

    /// F16 and BF16 encoding of awkward values (ties, overflow, subnormals, ±inf, NaN) equals
    /// NumPy's float16 cast and PyTorch's bfloat16 rounding, as stored by the fixture script.
    @Test func roundsToF16AndBF16LikeNumPyAndPyTorch() throws {
        let fixture = try SafetensorsFile(contentsOf: F.path("rounding.safetensors"))
        let source = try fixture.tensor("source").toTensor()
        for (name, dtype) in [("as_f16", SafetensorsDType.f16), ("as_bf16", .bf16)] {
            var writer = SafetensorsWriter()
            writer.add("x", source, as: dtype)
            let ours = try SafetensorsFile(bytes: writer.bytes(), path: "ours").tensor("x")
            #expect(Array(ours.bytes) == Array(try fixture.tensor(name).bytes), "\(dtype)")
        }
    }

    @Test func headerIsPaddedToEightAndAlignsEveryTensor() throws {
        for nameLength in 1...9 {
            var writer = SafetensorsWriter()
            writer.add(String(repeating: "n", count: nameLength), shape: [1], values: [1], as: .f64)
            writer.add("b", shape: [3], integers: [1, 0, 1], as: .bool)
            writer.add("h", shape: [1], values: [2], as: .bf16)
            let bytes = writer.bytes()
            let header = try SafetensorsFile(bytes: bytes, path: "x").header
            #expect(header.dataStart % 8 == 0)
            #expect(header.entries.map(\.dtype) == [.f64, .bf16, .bool])
            #expect(header.entries.allSatisfy { $0.byteRange.lowerBound % ($0.dtype.bits / 8) == 0 })
            let json = bytes[8..<header.dataStart]
            let padding = json.reversed().prefix { $0 == 0x20 }.count
            #expect(padding < 8 && json.dropLast(padding).last == UInt8(ascii: "}"))
        }
    }

    @Test func namesAndMetadataSurviveEscaping() throws {
        let names = [
            "quote\"back\\slash", "new\nline\ttab\u{01}", "ünï/cødé 🧪", "model.layers.10.mlp.up_proj.weight",
            "model.layers.2.mlp.up_proj.weight"
        ]
        var writer = SafetensorsWriter(metadata: ["step": "12", "note": "a \"quoted\"\nvalue"])
        for (i, name) in names.enumerated() { writer.add(name, shape: [1], values: [Float(i)]) }
        let file = try SafetensorsFile(bytes: writer.bytes(), path: "x")
        #expect(file.names == names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(file.metadata == writer.metadata)
        for (i, name) in names.enumerated() { #expect(try file.tensor(name).floats() == [Float(i)]) }
    }

    @Test func writesFloatTypesAndIntegersThatReadBack() throws {
        let values: [Float] = [0, -0.0, 1, 1.0 / 3, -1e-3, 3e38, .infinity]
        var writer = SafetensorsWriter()
        for dtype in SafetensorsDType.floating { writer.add(dtype.rawValue, shape: [7], values: values, as: dtype) }
        let ints: [Int64] = [0, 1, 127, -128]
        writer.add("i8", shape: [2, 2], integers: ints, as: .i8)
        writer.add("i64", shape: [4], integers: [.min, -1, 0, .max])
        let file = try SafetensorsFile(bytes: writer.bytes(), path: "x")
        #expect(try file.tensor("F32").floats().map(\.bitPattern) == values.map(\.bitPattern))
        #expect(try file.tensor("F64").floats().map(\.bitPattern) == values.map(\.bitPattern))
        #expect(try file.tensor("F16").floats() == values.map { Float(Float16($0)) })
        #expect(try file.tensor("BF16").floats() == values.map { BFloat16.decode(BFloat16.encode($0)) })
        #expect(try file.tensor("i8").integers() == ints)
        #expect(try file.tensor("i64").integers() == [.min, -1, 0, .max])
    }

    @Test func atomicWriteReplacesTheFileAndLeavesNoTemporaries() throws {
        let dir = try F.temporaryDirectory()
        let path = dir + "/t.safetensors"
        var first = SafetensorsWriter()
        first.add("w", shape: [3], values: [1, 2, 3])
        try first.write(to: path)
        var second = SafetensorsWriter()
        second.add("w", shape: [2], values: [4, 5])
        try second.write(to: path)
        #expect(try SafetensorsFile(contentsOf: path).tensor("w").floats() == [4, 5])
        #expect(try F.contents(of: dir) == ["t.safetensors"])
    }

    @Test func failedWriteLeavesTheOldFileIntact() throws {
        let dir = try F.temporaryDirectory()
        let path = dir + "/t.safetensors"
        var writer = SafetensorsWriter()
        writer.add("w", shape: [2], values: [1, 2])
        try writer.write(to: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        struct Interrupted: Error {}
        #expect(throws: Interrupted.self) {
            try AtomicFile.write(to: path, failure: { _ in Interrupted() }) { (out) throws(Interrupted) in
                try out.write([1, 2, 3])
                throw Interrupted()
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try F.contents(of: dir) == ["t.safetensors"])
        let error = try #require(throws: SafetensorsError.self) { try writer.write(to: dir + "/missing/t.safetensors") }
        #expect(error.path == dir + "/missing/t.safetensors")
        #expect(error.description.contains("cannot write the file: create"))
    }

    /// The reference package reads a file the Swift writer made: it validates it, loads it
    /// with NumPy, sees the expected values (F16 and BF16 rounded by NumPy, not by us) and
    /// re-serializes the same tensors to the same bytes.
    @Test(
        .enabled(
            if: SafetensorsFixtures.pythonHasSafetensors,
            "not run: python3 cannot import safetensors and numpy (pip install safetensors numpy)"))
    func pythonReadsWhatSwiftWrites() throws {
        let dir = try F.temporaryDirectory()
        var writer = SafetensorsWriter(metadata: ["format": "pt"])
        var expected: [String: F.Expected.Tensor] = [:]
        func floats(_ name: String, _ shape: [Int], _ values: [Float], _ dtype: SafetensorsDType) {
            writer.add(name, shape: shape, values: values, as: dtype)
            expected[name] = .init(dtype: dtype.rawValue, shape: shape, values: values.map(Double.init))
        }
        func integers(_ name: String, _ shape: [Int], _ values: [Int64], _ dtype: SafetensorsDType) {
            writer.add(name, shape: shape, integers: values, as: dtype)
            expected[name] = .init(dtype: dtype.rawValue, shape: shape, values: values.map(Double.init))
        }
        let params = TestModels.randomParameters(TestModels.tinyConfig, seed: 7)
        let embed = params.layout.entries[0]
        floats(embed.name, embed.shape, Array(params.values.buffer[embed.offset..<embed.offset + embed.count]), .f32)
        let odd: [Float] = [1.0 / 3, -2.7, 1e-6, 70000, 1 + 0x1p-8, 1 + 0x1p-11, -0.0, 12345.678]
        floats("model.norm.weight", [8], odd, .f16)
        floats("lm_head.weight", [2, 4], odd, .bf16)
        floats("scale", [8], odd, .f64)
        floats("temperature", [], [0.7], .f32)
        floats("empty", [0, 3], [], .f32)
        integers("input_ids", [2, 2], [-5, 0, 126_080, 1 << 40], .i64)
        integers("positions", [3], [0, 1, -2], .i32)
        integers("pixels", [2], [0, 255], .u8)
        integers("attention_mask", [3], [1, 0, 1], .bool)
        try writer.write(to: dir + "/swift.safetensors")
        let spec = F.Expected.File(metadata: writer.metadata, tensors: expected)
        try JSONEncoder().encode(spec).write(to: URL(fileURLWithPath: dir + "/expected.json"))

        let result = try F.runPython([F.checker, dir + "/swift.safetensors", dir + "/expected.json"])
        #expect(result.status == 0, "\(result.output)")
    }
}
