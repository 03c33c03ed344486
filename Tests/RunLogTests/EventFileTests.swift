import Foundation
import Testing

@testable import RunLog

private typealias F = RunLogFixtures

struct EventFileTests {
    static let records = [
        MetricsRecord(step: 0, wallTime: 1_767_225_600.25, values: [("loss", 2.5), ("lr", 3e-4)]),
        MetricsRecord(step: 1, wallTime: 1_767_225_601.5, values: [("loss", 2.25), ("reward", -0.5), ("grad_norm", .nan)]),
        MetricsRecord(step: 2, wallTime: 1_767_225_602.75, values: [("loss", 2)])
    ]

    /// Writes `records` to a fresh event file and returns its path.
    static func writtenFile(_ records: [MetricsRecord] = records) throws -> String {
        let writer = try EventFileWriter(folder: try F.temporaryDirectory(), wallTime: 1_767_225_600)
        for r in records { try writer.append(r) }
        return writer.path
    }

    @Test func writerNamesTheFileLikeTensorBoard() throws {
        let dir = try F.temporaryDirectory()
        let first = try EventFileWriter(folder: dir, wallTime: 1_767_225_600.9)
        let second = try EventFileWriter(folder: dir, wallTime: 1_767_225_600.2)
        let name = (first.path as NSString).lastPathComponent
        #expect(name.hasPrefix("events.out.tfevents.1767225600."))
        #expect(name.hasSuffix(".\(ProcessInfo.processInfo.processIdentifier).0"))
        #expect(second.path == String(first.path.dropLast()) + "1", "the same second and process: a new file")
        let header = try TensorBoardEvent(decoding: F.bytes(first.path)[12..<(F.bytes(first.path).count - 4)])
        #expect(header == TensorBoardEvent(wallTime: 1_767_225_600.9, fileVersion: "brain.Event:2"))
    }

    @Test func writtenScalarsReadBack() throws {
        let reader = EventFileReader(path: try Self.writtenFile())
        let points = try reader.poll()
        #expect(points.map(\.tag) == ["loss", "lr", "loss", "reward", "grad_norm", "loss"])
        #expect(points.map(\.step) == [0, 0, 1, 1, 1, 2])
        #expect(points[0] == ScalarPoint(tag: "loss", step: 0, wallTime: 1_767_225_600.25, value: 2.5))
        #expect(points[1].value == Double(Float(3e-4)), "simple_value is a 32-bit float")
        #expect(points[4].value.isNaN)
        #expect(reader.warnings.isEmpty)
        #expect(try reader.poll().isEmpty)
    }

    @Test func eachRecordIsOneFramedEvent() throws {
        let bytes = try F.bytes(try Self.writtenFile())
        var offset = 0
        var events: [TensorBoardEvent] = []
        while case .record(let data, let size) = TFRecord.parse(bytes, at: offset) {
            events.append(try TensorBoardEvent(decoding: bytes[data]))
            offset += size
        }
        #expect(offset == bytes.count)
        #expect(events.map(\.step) == [0, 0, 1, 2] && events[0].fileVersion == "brain.Event:2")
        #expect(events[2].values.map(\.tag) == ["loss", "reward", "grad_norm"])
    }

    /// A record cut anywhere (inside the length, its CRC, the data or the data CRC) is waited
    /// for, not reported; once the rest arrives it is read.
    @Test func truncatedLastRecordIsRetriedThenCompleted() throws {
        let full = try F.bytes(try Self.writtenFile())
        let lastStart =
            full.count
            - F.frame(TensorBoardEvent(wallTime: 1_767_225_602.75, step: 2, values: [.init(tag: "loss", simpleValue: 2)])).count
        for cut in [lastStart + 3, lastStart + 10, lastStart + 14, full.count - 2] {
            let path = try F.temporaryDirectory() + "/events.out.tfevents.1.test"
            try Data(full[..<cut]).write(to: URL(fileURLWithPath: path))
            let reader = EventFileReader(path: path)
            #expect(try reader.poll().map(\.step) == [0, 0, 1, 1, 1])
            #expect(try reader.poll().isEmpty)
            #expect(reader.warnings.isEmpty && !reader.stopped)
            #expect(reader.offset == UInt64(lastStart))
            try F.append(full[cut...], to: path)
            #expect(try reader.poll() == [ScalarPoint(tag: "loss", step: 2, wallTime: 1_767_225_602.75, value: 2)])
            #expect(reader.warnings.isEmpty && reader.offset == UInt64(full.count))
        }
    }

    @Test func recordWithBadDataCRCIsSkippedWithAWarning() throws {
        let path = try Self.writtenFile()
        var bytes = try F.bytes(path)
        let headerSize = F.frame(TensorBoardEvent(wallTime: 1_767_225_600, fileVersion: "brain.Event:2")).count
        bytes[headerSize + 14] ^= 0x01  // inside the step-0 record's data
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let reader = EventFileReader(path: path)
        #expect(try reader.poll().map(\.step) == [1, 1, 1, 2])
        #expect(
            reader.warnings.map(\.description) == ["\(path): byte \(headerSize): record data fails its CRC-32C; record skipped"])
        #expect(!reader.stopped)
    }

    @Test func recordWithBadLengthCRCStopsTheFile() throws {
        let path = try Self.writtenFile()
        var bytes = try F.bytes(path)
        let headerSize = F.frame(TensorBoardEvent(wallTime: 1_767_225_600, fileVersion: "brain.Event:2")).count
        let secondStart =
            headerSize
            + F.frame(
                TensorBoardEvent(
                    wallTime: 1_767_225_600.25, step: 0,
                    values: [
                        .init(tag: "loss", simpleValue: 2.5), .init(tag: "lr", simpleValue: Float(3e-4))
                    ])
            ).count
        bytes[secondStart + 1] ^= 0x40  // the length of the step-1 record
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let reader = EventFileReader(path: path)
        #expect(try reader.poll().map(\.step) == [0, 0])
        #expect(reader.stopped)
        #expect(
            reader.warnings.map(\.description) == [
                "\(path): byte \(secondStart): record length fails its CRC-32C; the rest of the file is not read"
            ])
        try F.append(F.frame(TensorBoardEvent(wallTime: 9, step: 9, values: [.init(tag: "x", simpleValue: 1)])), to: path)
        #expect(try reader.poll().isEmpty && reader.warnings.count == 1)
    }

    /// A length whose CRC matches but no Event can have (2⁴⁰ bytes) once left the reader waiting
    /// for those bytes forever, hiding every later record without a word.
    @Test func impossiblyLongRecordStopsTheFileWithAWarning() throws {
        let path = try Self.writtenFile()
        var huge: [UInt8] = []
        withUnsafeBytes(of: UInt64(1 << 40).littleEndian) { huge.append(contentsOf: $0) }
        withUnsafeBytes(of: CRC32C.maskedChecksum(huge).littleEndian) { huge.append(contentsOf: $0) }
        let start = try F.bytes(path).count
        try F.append(huge + [1, 2, 3, 4], to: path)
        let reader = EventFileReader(path: path)
        #expect(try reader.poll().map(\.step) == [0, 0, 1, 1, 1, 2])
        #expect(reader.stopped)
        #expect(
            reader.warnings.map(\.description) == [
                "\(path): byte \(start): record length 1099511627776 is more than an Event can hold; the rest of the file is not read"
            ])
    }

    @Test func recordThatIsNotAnEventIsSkippedWithAWarning() throws {
        let path = try Self.writtenFile([])
        let garbageStart = try F.bytes(path).count
        try F.append(TFRecord.frame([0x0A, 0x7F]), to: path)
        try F.append(F.frame(TensorBoardEvent(wallTime: 5, step: 5, values: [.init(tag: "x", simpleValue: 1)])), to: path)
        let reader = EventFileReader(path: path)
        #expect(try reader.poll().map(\.step) == [5])
        #expect(reader.warnings.count == 1)
        #expect(reader.warnings[0].description.hasPrefix("\(path): byte \(garbageStart): record is not a TensorBoard Event"))
    }

    /// Metadata comes with a tag's first value only; later bare tensors of a non-scalar
    /// plugin stay ignored, later bare tensors of a "scalars" tag are read.
    @Test func tensorScalarsFollowTheFirstValuesPlugin() throws {
        let path = try Self.writtenFile([])
        let scalar = TensorBoardTensor(dtype: .float, floatValues: [0.5])
        try F.append(
            F.frame(
                TensorBoardEvent(
                    wallTime: 1, step: 1,
                    values: [
                        .init(tag: "acc", tensor: scalar, pluginName: "scalars"),
                        .init(tag: "hp", tensor: scalar, pluginName: "hparams"),
                        .init(tag: "untagged", tensor: scalar)
                    ]))
                + F.frame(
                    TensorBoardEvent(
                        wallTime: 2, step: 2,
                        values: [
                            .init(tag: "acc", tensor: scalar), .init(tag: "hp", tensor: scalar)
                        ])), to: path)
        let points = try EventFileReader(path: path).poll()
        #expect(points.map { "\($0.tag)@\($0.step)" } == ["acc@1", "untagged@1", "acc@2"])
    }

    /// A record bigger than the reader's chunk (a graph or an image) spans several reads.
    @Test func recordLargerThanAReadChunkIsRead() throws {
        let path = try Self.writtenFile([])
        var big = ProtobufEncoder()
        big.double(1, 1)
        big.bytes(4, [UInt8](repeating: 0x5A, count: EventFileReader.chunkSize + 123))  // graph_def
        try F.append(
            TFRecord.frame(big.bytes)
                + F.frame(TensorBoardEvent(wallTime: 2, step: 7, values: [.init(tag: "x", simpleValue: 1)])), to: path)
        let reader = EventFileReader(path: path)
        #expect(try reader.poll().map(\.step) == [7])
        let size = try F.bytes(path).count
        #expect(reader.warnings.isEmpty && reader.offset == UInt64(size))
    }

    @Test func replacedFileIsReadFromTheStart() throws {
        let path = try Self.writtenFile()
        let reader = EventFileReader(path: path)
        #expect(try reader.poll().count == 6)
        let replacement =
            F.frame(TensorBoardEvent(wallTime: 1, fileVersion: "brain.Event:2"))
            + F.frame(TensorBoardEvent(wallTime: 2, step: 3, values: [.init(tag: "loss", simpleValue: 1)]))
        try Data(replacement).write(to: URL(fileURLWithPath: path))
        #expect(try reader.poll().map(\.step) == [3])
    }

    @Test func missingFileIsAClearError() {
        #expect(throws: RunLogError.self) { try EventFileReader(path: "\(missingFolder)/events.out.tfevents.1.x").poll() }
        #expect(throws: RunLogError.self) { try EventFileWriter(folder: missingFolder) }
    }
}
