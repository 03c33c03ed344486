import Testing

@testable import RunLog

struct ProtobufTests {
    @Test func varintsAndFixedWidthRoundTrip() throws {
        var out = ProtobufEncoder()
        out.varint(1, 0)
        out.varint(2, 300)
        out.varint(3, -1)
        out.varint(4, .max)
        out.double(5, -2.5)
        out.float(6, 0.25)
        out.string(7, "tag/ü")
        out.bytes(2047, [1, 2, 3])
        #expect(Array(out.bytes.prefix(5)) == [0x08, 0x00, 0x10, 0xAC, 0x02], "300 is the varint AC 02")
        var decoder = ProtobufDecoder(out.bytes)
        var fields: [(Int, ProtobufDecoder.Value)] = []
        while let field = try decoder.next() { fields.append(field) }
        #expect(fields.map(\.0) == [1, 2, 3, 4, 5, 6, 7, 2047])
        #expect(fields[0].1.int64 == 0 && fields[1].1.int64 == 300)
        #expect(fields[2].1.int64 == -1 && fields[3].1.int64 == .max)
        #expect(fields[4].1.double == -2.5 && fields[5].1.float == 0.25)
        #expect(fields[6].1.string == "tag/ü" && fields[7].1.bytes.map(Array.init) == [1, 2, 3])
    }

    @Test func eventRoundTripsWithBothScalarForms() throws {
        let tensor = TensorBoardTensor(dtype: .double, doubleValues: [0.125])
        let event = TensorBoardEvent(
            wallTime: 1_767_225_600.5, step: 1 << 40,
            values: [
                .init(tag: "loss", simpleValue: 2.25),
                .init(tag: "kl", tensor: tensor, pluginName: "scalars", dataClass: 1)
            ])
        let decoded = try TensorBoardEvent(decoding: event.encoded[...])
        #expect(decoded == event)
        #expect(decoded.values[1].tensor?.scalarValue == 0.125)
        let header = TensorBoardEvent(wallTime: 3, fileVersion: "brain.Event:2")
        #expect(try TensorBoardEvent(decoding: header.encoded[...]) == header)
    }

    /// The exact bytes Python protobuf serializes for `Event(wall_time=1, step=2,
    /// summary=Summary(value=[Value(tag="a", simple_value=1)]))`: keys 0x09 wall_time,
    /// 0x10 step, 0x2A summary, 0x0A value, 0x0A tag, 0x15 simple_value (docs/file-formats.md §6.2).
    @Test func encodesLikePythonProtobuf() {
        let bytes = TensorBoardEvent(wallTime: 1, step: 2, values: [.init(tag: "a", simpleValue: 1)]).encoded
        #expect(bytes == [9, 0, 0, 0, 0, 0, 0, 240, 63, 16, 2, 42, 10, 10, 8, 10, 1, 97, 21, 0, 0, 128, 63])
    }

    @Test func unknownFieldsOfEveryWireTypeAreSkipped() throws {
        var out = ProtobufEncoder()
        out.varint(99, 7)
        out.key(98, .fixed64); out.appendFixed64(1)
        out.bytes(4, [0xDE, 0xAD])  // graph_def: a known field we do not read
        out.key(97, .fixed32); out.appendFixed32(1)
        out.double(1, 42)
        out.varint(2, 5)
        let event = try TensorBoardEvent(decoding: out.bytes[...])
        #expect(event.wallTime == 42 && event.step == 5 && event.values.isEmpty)
    }

    @Test func unpackedAndPackedRepeatedFloatsBothRead() throws {
        var out = ProtobufEncoder()
        out.varint(1, 1)
        out.float(5, 1.5)  // unpacked: key 0x2D
        out.packed(5, [Float(2.5), 3.5]) { $0.appendFixed32($1.bitPattern) }  // packed: key 0x2A
        #expect(out.bytes[2] == 0x2D)
        let tensor = try TensorBoardTensor(decoding: out.bytes[...])
        #expect(tensor.floatValues == [1.5, 2.5, 3.5])
        #expect(tensor.scalarValue == 1.5, "shape [] holds one element")
    }

    @Test func scalarTensorsOfEveryEncoding() throws {
        func scalar(_ build: (inout ProtobufEncoder) -> Void) throws -> Double? {
            var out = ProtobufEncoder()
            build(&out)
            return try TensorBoardTensor(decoding: out.bytes[...]).scalarValue
        }
        #expect(
            try scalar {
                $0.varint(1, 1); $0.bytes(4, withUnsafeBytes(of: Float(0.75).bitPattern.littleEndian, Array.init))
            } == 0.75)
        #expect(
            try scalar {
                $0.varint(1, 2); $0.bytes(4, withUnsafeBytes(of: Double(0.1).bitPattern.littleEndian, Array.init))
            } == 0.1)
        #expect(
            try scalar {
                $0.varint(1, 19); $0.packed(13, [Int64(0x3E00)]) { $0.appendVarint(UInt64($1)) }
            } == 1.5)
        #expect(
            try scalar {
                $0.varint(1, 19); $0.bytes(4, [0x00, 0xBC])
            } == -1)
        #expect(
            try scalar {
                $0.varint(1, 14); $0.varint(13, 0x3FC0)
            } == 1.5, "bfloat16 bits in half_val")
        #expect(
            try scalar {
                $0.varint(1, 3); $0.varint(7, -4)
            } == -4)
        #expect(
            try scalar {
                $0.varint(1, 9); $0.varint(10, 1 << 40)
            } == 0x1p40)
        #expect(
            try scalar {
                $0.varint(1, 1); $0.message(2) { $0.message(2) { $0.varint(1, 1) } }; $0.float(5, 2)
            } == 2, "shape [1]")
        #expect(
            try scalar {
                $0.varint(1, 1); $0.message(2) { $0.message(2) { $0.varint(1, 3) } };
                $0.packed(5, [Float(1), 2, 3]) { $0.appendFixed32($1.bitPattern) }
            } == nil, "not a scalar")
        #expect(
            try scalar {
                $0.varint(1, 7); $0.bytes(8, Array("text".utf8))
            } == nil, "DT_STRING")
        #expect(TensorBoardTensor.halfToDouble(0x0001) == 0x1p-24 && TensorBoardTensor.halfToDouble(0x7C00) == .infinity)
    }

    @Test func malformedBytesThrow() {
        #expect(throws: ProtobufError.self) { try TensorBoardEvent(decoding: [0x0A, 0x05, 0x01][...]) }  // length past the end
        #expect(throws: ProtobufError.self) { try TensorBoardEvent(decoding: [0x10, 0x80][...]) }  // unterminated varint
        #expect(throws: ProtobufError.self) { try TensorBoardEvent(decoding: [0x0B][...]) }  // group start (wire type 3)
        #expect(throws: ProtobufError.self) { try TensorBoardEvent(decoding: [0x09, 0, 0][...]) }  // short fixed64
    }
}
