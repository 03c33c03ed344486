/// Stored as `{"kind": "task", "task": "countdown"}`, `{"kind": "glyphs"}`,
/// `{"kind": "noisy-task", "task": "countdown", "noise": {"correct": 0.3, "habit": 0.45}}`,
/// `{"kind": "mnist", "directory": …}` or `{"kind": "text", "path": …, "seq_len": 64}`.
extension DatasetSpec {
    enum CodingKeys: String, CodingKey { case kind, task, noise, directory, path, seqLen = "seq_len" }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "task": self = .task(try c.decode(String.self, forKey: .task))
        case "noisy-task":
            self = .noisyTask(try c.decode(String.self, forKey: .task), try c.decode(NoiseMix.self, forKey: .noise))
        case "glyphs": self = .glyphs
        case "mnist": self = .mnist(directory: try c.decode(String.self, forKey: .directory))
        case "text": self = .text(path: try c.decode(String.self, forKey: .path), seqLen: try c.decode(Int.self, forKey: .seqLen))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown dataset kind '\(other)'")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .task(let name):
            try c.encode("task", forKey: .kind)
            try c.encode(name, forKey: .task)
        case .noisyTask(let name, let mix):
            try c.encode("noisy-task", forKey: .kind)
            try c.encode(name, forKey: .task)
            try c.encode(mix, forKey: .noise)
        case .glyphs:
            try c.encode("glyphs", forKey: .kind)
        case .mnist(let directory):
            try c.encode("mnist", forKey: .kind)
            try c.encode(directory, forKey: .directory)
        case .text(let path, let seqLen):
            try c.encode("text", forKey: .kind)
            try c.encode(path, forKey: .path)
            try c.encode(seqLen, forKey: .seqLen)
        }
    }
}
