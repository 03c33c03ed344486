import Foundation
import Testing

@testable import MaskedDiffusion

/// A FIFO (or any non-regular file) where a checkpoint file should be is refused at once,
/// naming the file; opening it for reading used to block forever waiting for a writer.
@Suite struct NonRegularFileTests {
    /// A saved tiny checkpoint whose `file` is replaced by a FIFO.
    func checkpoint(withFIFOAs file: String) throws -> Checkpoint {
        let checkpoint = Checkpoint(directory: try SafetensorsFixtures.temporaryDirectory() + "/ckpt")
        try checkpoint.save(TestModels.randomParameters(TestModels.tinyConfig, seed: 1))
        unlink(checkpoint.path(file))
        #expect(mkfifo(checkpoint.path(file), 0o644) == 0)
        return checkpoint
    }

    @Test(arguments: [Checkpoint.configFile, Checkpoint.modelFile])
    func aFIFOInPlaceOfACheckpointFileIsRefused(file: String) throws {
        let checkpoint = try checkpoint(withFIFOAs: file)
        let error = try #require(throws: (any Error).self) { try checkpoint.loadParameters() }
        #expect("\(error)".contains(checkpoint.path(file)) && "\(error)".contains("not a regular file"), "\(error)")
    }

    @Test func aFIFOInPlaceOfTheTokenizerIsRefused() throws {
        let checkpoint = try checkpoint(withFIFOAs: "tokenizer.json")
        let error = try #require(throws: (any Error).self) { try ModelTokenizer.load(from: checkpoint.path("tokenizer.json")) }
        #expect("\(error)".contains(checkpoint.path("tokenizer.json")) && "\(error)".contains("not a regular file"), "\(error)")
    }
}
