import MaskedDiffusion

extension ScheduleKnob {
    /// The words `:set KNOB` accepts where they form a list (named values, on/off, off/none),
    /// for the command line's completion; [] for knobs that take any number.
    var choices: [String] {
        func names<T: RawRepresentable & CaseIterable>(_: T.Type) -> [String] where T.RawValue == String {
            T.allCases.map(\.rawValue)
        }
        switch self {
        case .strategy: return names(SamplingStrategy.self)
        case .remasking: return names(Remasking.self)
        case .cfgSchedule: return names(GuidanceSchedule.self)
        case .maskSchedule: return ["linear", "cosine", "exp", "poly:", "log:"]
        case .reveal: return names(RevealRule.self)
        case .order: return names(GenerationOrder.self)
        case .cache: return names(KVCacheMode.self)
        case .forbidEOS, .eosLast: return ["on", "off"]
        case .block, .topK, .topP, .cacheRefresh: return ["off"]
        case .eos: return ["none"]
        case .steps, .length, .temperature, .cfg, .cfgMin, .cfgMax, .threshold, .gamma, .candidates, .seed: return []
        }
    }
}
