import Foundation
import Testing

@testable import RunLog

private typealias F = RunLogFixtures

/// Event files written by Python (TensorBoard's writer, PyTorch's SummaryWriter, TF2-style
/// tensor_content) read by Swift, and Swift's event file read by TensorBoard.
struct TensorBoardInteropTests {
    /// Every committed fixture reads to the same scalars TensorBoard's own loader found
    /// (`expected.json`, made by `make_tensorboard_fixtures.py`).
    @Test func pythonWrittenFilesMatchTensorBoardsReading() throws {
        let expected = try F.expectedPoints()
        #expect(
            expected.keys.sorted() == [
                "tb_writer/events.out.tfevents.1767225600.fixture",
                "tensor_content/events.out.tfevents.1767225601.fixture",
                "torch/events.out.tfevents.1767225602.fixture"
            ])
        for (file, points) in expected {
            let reader = EventFileReader(path: F.path("tensorboard/" + file))
            let read = try reader.poll()
            #expect(reader.warnings.isEmpty, "\(file)")
            #expect(
                read == points.map { ScalarPoint(tag: $0.tag, step: $0.step, wallTime: $0.wall_time, value: $0.value) }, "\(file)"
            )
        }
    }

    @Test func fixturesCoverBothScalarForms() throws {
        let torch = try EventFileReader(path: F.path("tensorboard/torch/events.out.tfevents.1767225602.fixture")).poll()
        #expect(
            Set(torch.map(\.tag)) == ["train/loss", "train/reward", "train/kl"],
            "simple_value, new_style float_val and double_val")
        let content = try EventFileReader(path: F.path("tensorboard/tensor_content/events.out.tfevents.1767225601.fixture"))
            .poll()
        #expect(Set(content.map(\.tag)) == ["epoch_loss", "epoch_accuracy"], "hparams, text and histogram values are not scalars")
        #expect(content.last?.value == 0.30000000000000004, "DT_DOUBLE tensor_content keeps double precision")
        let tb = try EventFileReader(path: F.path("tensorboard/tb_writer/events.out.tfevents.1767225600.fixture")).poll()
        #expect(tb.filter { $0.tag == "half" }.map(\.value) == [0, 1.5, 3], "DT_HALF half_val")
    }

    /// TensorBoard's loader (strict CRC check, EventFileLoader, EventAccumulator) reads a file
    /// our writer made and sees the same scalars. Needs `pip install tensorboard`; without
    /// it the test is reported as skipped with the reason, never as passed.
    @Test(
        .enabled(
            if: RunLogFixtures.pythonHasTensorBoard,
            "not run: python3 cannot import tensorboard (pip install tensorboard)"))
    func tensorBoardReadsWhatSwiftWrites() throws {
        let path = try EventFileTests.writtenFile()
        let (status, output) = try F.runPython([F.path("check_event_file.py"), path])
        try #require(status == 0, "\(output)")
        struct Report: Decodable {
            let records: Int
            let file_version: String
            let scalars: [String: [[Double]]]
        }
        let report = try JSONDecoder.json5.decode(Report.self, from: Data(output.utf8))
        #expect(report.records == 4 && report.file_version == "brain.Event:2")
        #expect(report.scalars.keys.sorted() == ["grad_norm", "loss", "lr", "reward"])
        #expect(report.scalars["loss"] == [[0, 1_767_225_600.25, 2.5], [1, 1_767_225_601.5, 2.25], [2, 1_767_225_602.75, 2]])
        #expect(report.scalars["lr"] == [[0, 1_767_225_600.25, Double(Float(3e-4))]])
        #expect(report.scalars["grad_norm"]?.first?[2].isNaN == true)
    }
}

extension JSONDecoder {
    /// A decoder that accepts NaN and Infinity, which Python's `json` writes bare.
    static var json5: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.allowsJSON5 = true
        return decoder
    }
}
