import Foundation
import Testing

@testable import MaskedDiffusion

/// Reading files written by the Python `safetensors` package, and rejecting broken files with
/// a message that names the file and the problem.
@Suite struct SafetensorsTests {
    typealias F = SafetensorsFixtures

    @Test func readsEveryDTypeWrittenByPython() throws {
        let expected = try #require(try F.expected()["dtypes.safetensors"])
        let file = try SafetensorsFile(contentsOf: F.path("dtypes.safetensors"))
        #expect(file.metadata == expected.metadata)
        #expect(Set(file.names) == Set(expected.tensors.keys))
        for (name, want) in expected.tensors {
            let t = try file.tensor(name)
            #expect(t.dtype.rawValue == want.dtype, "\(name)")
            #expect(t.shape == want.shape, "\(name)")
            if SafetensorsDType.floating.contains(t.dtype) {
                let got = try t.floats().map(\.bitPattern)
                #expect(got == want.values.map { Float($0).bitPattern }, "\(name)")
            } else {
                #expect(try t.integers() == want.values.map { Int64($0) }, "\(name)")
            }
        }
    }

    @Test func scalarsAndEmptyTensors() throws {
        let file = try SafetensorsFile(contentsOf: F.path("dtypes.safetensors"))
        let scalar = try file.tensor("temperature")
        #expect(scalar.shape == [] && scalar.count == 1)
        #expect(try scalar.toTensor().array == [Float(0.7)])
        let empty = try file.tensor("empty")
        #expect(empty.shape == [0, 4] && empty.count == 0 && empty.bytes.isEmpty)
        #expect(try empty.floats() == [])
        let none = try SafetensorsFile(contentsOf: F.path("empty.safetensors"))
        #expect(none.names.isEmpty && none.metadata.isEmpty)
    }

    @Test func viewsOutliveTheirFile() throws {
        let tensor = try SafetensorsFile(contentsOf: F.path("dtypes.safetensors")).tensor("model.norm.weight")
        #expect(try tensor.floats() == [1, -2.5, Float(Float16(0.1)), 65504, 0x1p-24])
    }

    @Test func convertingToTheWrongKindNamesTheDType() throws {
        let file = try SafetensorsFile(contentsOf: F.path("dtypes.safetensors"))
        let error = try #require(throws: SafetensorsError.self) { try file.tensor("input_ids").floats() }
        #expect(error.problem == .dtypeMismatch(tensor: "input_ids", dtype: .i64, expected: SafetensorsDType.floating))
        #expect(
            error.description.hasSuffix(
                "dtypes.safetensors: tensor 'input_ids' has dtype I64, expected one of F32, F16, BF16, F64"))
        #expect(throws: SafetensorsError.self) { try file.tensor("lm_head.weight").integers() }
    }

    @Test func missingAndUnexpectedTensors() throws {
        let file = try SafetensorsFile(contentsOf: F.path("dtypes.safetensors"))
        let missing = try #require(throws: SafetensorsError.self) { try file.tensor("model.layers.1.mlp.up_proj.weight") }
        #expect(missing.problem == .missingTensor("model.layers.1.mlp.up_proj.weight"))
        let unexpected = try #require(throws: SafetensorsError.self) {
            try file.requireOnly(Set(file.names).subtracting(["pixels"]))
        }
        #expect(unexpected.description == "\(F.path("dtypes.safetensors")): unexpected tensor 'pixels'")
        let shape = try #require(throws: SafetensorsError.self) { try file.tensor("pixels", shape: [2, 2]) }
        #expect(shape.problem == .shapeMismatch(tensor: "pixels", expected: [2, 2], found: [4]))
    }

    // MARK: Broken files, one check each

    @Test func truncatedFile() throws {
        var writer = SafetensorsWriter()
        writer.add("a", shape: [2], values: [1, 2])
        writer.add("b", shape: [4], values: [1, 2, 3, 4])
        let whole = writer.bytes()
        // Same dtype, so sorted by name: a = [0, 8), b = [8, 24) of the data.
        #expect(F.problem(Array(whole.dropLast(5))) == .truncated(tensor: "b", end: 24, available: 19))
        #expect(F.problem(Array(whole.prefix(5))) == .tooShort(fileSize: 5))
        let dir = try F.temporaryDirectory()
        #expect(FileManager.default.createFile(atPath: dir + "/zero.safetensors", contents: Data()))
        let error = try #require(throws: SafetensorsError.self) { try SafetensorsFile(contentsOf: dir + "/zero.safetensors") }
        #expect(error.description == dir + "/zero.safetensors: file is 0 bytes, too short for the 8-byte header length")
    }

    @Test func headerLengthPastEndOfFile() {
        let bytes = F.file("{}", declaredLength: 4096)
        #expect(F.problem(bytes) == .headerPastEnd(headerLength: 4096, fileSize: 10))
        #expect(F.problem(F.file("{}", declaredLength: 100_000_001)) == .headerTooLarge(headerLength: 100_000_001))
        #expect(F.problem(F.file("{}", declaredLength: .max)) == .headerTooLarge(headerLength: .max))
    }

    @Test func invalidJSON() throws {
        for header in [
            "{\"a\": {\"dtype\": \"F32\",}}", "{\"a\" 1}", "{\"a\": tru}", "{\"a\": \"\u{01}\"}", "{} x", "{\"a\": 01}",
            "{" + String(repeating: "[", count: 100_000)
        ] {
            guard case let .invalidJSON(why)? = F.problem(F.file(header)) else {
                Issue.record("accepted \(header.prefix(40))")
                continue
            }
            #expect(why.contains("at byte"))
        }
        #expect(F.problem([8, 0, 0, 0, 0, 0, 0, 0, 0x7B, 0xFF, 0xFE, 0x7D, 0x20, 0x20, 0x20, 0x20]) == .headerNotUTF8)
    }

    @Test func headerMustStartWithBrace() {
        #expect(F.problem(F.file(" {}")) == .headerStart(found: 0x20))
        #expect(F.problem(F.file("[]")) == .headerStart(found: 0x5B))
        #expect(F.problem(F.file("")) == .headerStart(found: 0))
    }

    @Test func offsetsOutOfRange() {
        // A consistent header whose data is not in the file.
        let far = F.file(#"{"w":{"dtype":"F32","shape":[100],"data_offsets":[0,400]}}"#, data: F.floatBytes(4))
        #expect(F.problem(far) == .truncated(tensor: "w", end: 400, available: 16))
        // Offsets no file can reach are not silently wrapped.
        let huge = F.file(#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,18446744073709551616]}}"#, data: F.floatBytes(1))
        #expect(F.problem(huge) == .invalidHeader("tensor 'w' data_offsets must be two non-negative integers"))
        let negative = F.file(#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}}"#, data: F.floatBytes(1))
        #expect(F.problem(negative) == .invalidHeader("tensor 'w' data_offsets must be two non-negative integers"))
        let reversed = F.file(#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}}"#, data: F.floatBytes(2))
        #expect(F.problem(reversed) == .offsetsReversed(tensor: "w", begin: 8, end: 4))
    }

    @Test func overlappingOffsets() {
        let bytes = F.file(
            #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#,
            data: F.floatBytes(3))
        #expect(F.problem(bytes) == .overlap(tensor: "b", begin: 4, end: 12, other: "a", otherEnd: 8))
        let same = F.file(
            #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#,
            data: F.floatBytes(2))
        #expect(F.problem(same) == .overlap(tensor: "b", begin: 0, end: 8, other: "a", otherEnd: 8))
    }

    @Test func holesAndTrailingBytes() {
        let middle = F.file(
            #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#,
            data: F.floatBytes(3))
        #expect(F.problem(middle) == .hole(tensor: "b", gapStart: 4, begin: 8))
        let start = F.file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: F.floatBytes(2))
        #expect(F.problem(start) == .hole(tensor: "a", gapStart: 0, begin: 4))
        let trailing = F.file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: F.floatBytes(2))
        #expect(F.problem(trailing) == .trailingBytes(described: 4, available: 8))
    }

    @Test func byteCountMustMatchDTypeAndShape() throws {
        let bytes = F.file(
            #"{"lm_head.weight":{"dtype":"F32","shape":[4,8],"data_offsets":[0,100]}}"#, data: [UInt8](repeating: 0, count: 100))
        let error = try #require(throws: SafetensorsError.self) { try SafetensorsFile(bytes: bytes, path: "model.safetensors") }
        #expect(
            error.description
                == "model.safetensors: tensor 'lm_head.weight' data_offsets [0, 100] hold 100 bytes but F32 [4, 8] needs 128 bytes"
        )
        let overflow = F.file(#"{"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]}}"#)
        #expect(F.problem(overflow) == .shapeOverflow(tensor: "w", shape: [4294967296, 4294967296]))
        let oddNibbles = F.file(#"{"w":{"dtype":"F4","shape":[3],"data_offsets":[0,1]}}"#, data: [0])
        #expect(F.problem(oddNibbles) == .byteCountMismatch(tensor: "w", begin: 0, end: 1, dtype: .f4, shape: [3]))
    }

    @Test func unknownDType() {
        let bytes = F.file(#"{"w":{"dtype":"F128","shape":[1],"data_offsets":[0,16]}}"#, data: F.floatBytes(4))
        #expect(F.problem(bytes) == .unknownDType(tensor: "w", dtype: "F128"))
    }

    @Test func duplicateNames() {
        let bytes = F.file(
            #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#,
            data: F.floatBytes(2))
        #expect(F.problem(bytes) == .duplicateName("w"))
        let field = F.file(#"{"w":{"dtype":"F32","dtype":"F16","shape":[1],"data_offsets":[0,4]}}"#, data: F.floatBytes(1))
        #expect(F.problem(field) == .invalidHeader("tensor 'w' repeats field 'dtype'"))
    }

    @Test func malformedEntriesAndMetadata() {
        let noShape = F.file(#"{"w":{"dtype":"F32","data_offsets":[0,4]}}"#, data: F.floatBytes(1))
        #expect(F.problem(noShape) == .invalidHeader("tensor 'w' has no 'shape'"))
        let floatShape = F.file(#"{"w":{"dtype":"F32","shape":[1.0],"data_offsets":[0,4]}}"#, data: F.floatBytes(1))
        #expect(F.problem(floatShape) == .invalidHeader("tensor 'w' shape must be a list of non-negative integers"))
        let numberMeta = F.file(#"{"__metadata__":{"step":3}}"#)
        #expect(F.problem(numberMeta) == .invalidHeader("__metadata__ value of 'step' is not a string"))
        #expect(F.problem(F.file(#"{"w":[1]}"#)) == .invalidHeader("tensor 'w' is not an object"))
        // Extra fields are ignored and null metadata means none, as in the reference reader.
        let lenient = F.file(
            #"{"__metadata__":null,"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"note":"x"}}"#, data: F.floatBytes(1))
        #expect(F.problem(lenient) == nil)
    }

    @Test func unreadablePathIsNamed() throws {
        let error = try #require(throws: SafetensorsError.self) {
            try SafetensorsFile(contentsOf: "\(missingFolder)/model.safetensors")
        }
        #expect(error.description == "\(missingFolder)/model.safetensors: cannot read the file: No such file or directory")
        let dir = try F.temporaryDirectory()
        #expect(throws: SafetensorsError(path: dir, .unreadable("not a regular file"))) { try SafetensorsFile(contentsOf: dir) }
    }
}
