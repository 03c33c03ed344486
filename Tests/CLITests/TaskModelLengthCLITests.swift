import Foundation
import Testing

/// A task model whose config.json holds fewer positions than its task's sequences once trapped in
/// `elbo --data test` and `espo` (a precondition in the network). Every command that opens it
/// refuses it with status 2, naming the file and the field.
struct TaskModelLengthCLITests {
    @Test func aTaskModelShorterThanItsTaskIsRefusedByEveryCommand() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("short-\(UUID().uuidString)").path
        let model = root + "/countdown"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: DemoModelTests.models + "countdown", toPath: model)
        let config = model + "/config.json"
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: config))) as! [String: Any]
        json["max_position_embeddings"] = 5
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: config))
        let why = "\(config): max_position_embeddings (5) is shorter than countdown's sequences (prompt 11 + completion 16)"
        for args in [
            ["elbo", "--model", model, "--data", "test", "--items", "2", "--samples", "2"],
            ["espo", "--model", model, "--out", root + "/rl", "--rounds", "1", "--threads", "1"],
            ["eval", "--model", model, "--items", "2"], ["sample", "--model", model]
        ] {
            let r = try runUnmask(args)
            #expect(r.status == 2 && r.stderr.contains(why), "\(args[0]): \(r.status) \(r.stderr.prefix(300))")
        }
    }
}
