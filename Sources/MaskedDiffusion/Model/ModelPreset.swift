/// Named model sizes for `unmask train --preset` (the vocabulary and length come from the data).
public enum ModelPreset: String, CaseIterable, Codable, Sendable {
    case nano, tiny, small, base

    public var dModel: Int {
        switch self {
        case .nano: 32;
        case .tiny: 64;
        case .small: 128;
        case .base: 256
        }
    }
    public var layers: Int {
        switch self {
        case .nano: 2;
        case .tiny: 3;
        case .small: 4;
        case .base: 6
        }
    }
    public var heads: Int {
        switch self {
        case .nano: 2;
        case .tiny: 4;
        case .small: 4;
        case .base: 8
        }
    }

    public func config(vocabSize: Int, maxSeqLen: Int) -> ModelConfig {
        ModelConfig(
            vocabSize: vocabSize, dModel: dModel, nLayers: layers, nHeads: heads, ffHidden: 4 * dModel,
            maxSeqLen: maxSeqLen)
    }
}
