/// Stored as `{"kind": "sft"}`, or `{"kind": "emigm", "emigm": {…options…}}`.
extension TrainingObjective {
    enum CodingKeys: String, CodingKey { case kind, emigm }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "pretrain": self = .pretrain
        case "sft": self = .sft
        case "kdce": self = .kdce
        case "emigm": self = .emigm(try c.decodeIfPresent(EMIGMLoss.Options.self, forKey: .emigm) ?? .init())
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown objective '\(other)'")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .kind)
        if case .emigm(let options) = self { try c.encode(options, forKey: .emigm) }
    }
}
