import Foundation
import MaskedDiffusion

/// One editable field of `SamplerConfig` (plus the seed), as the schedule editor lists it:
/// its name, its value as text, a step up/down, and parsing of a typed value. Knobs that do not
/// apply to the current strategy are hidden, so every row on screen changes something.
enum ScheduleKnob: String, CaseIterable, Sendable {
    /// Upper bound of steps and length: far beyond any model here, small enough that the plan
    /// (one entry per step) and the token rows stay cheap to build on every frame.
    static let maximumCount = 4096

    case strategy, remasking, steps, length, block, temperature, cfg
    case cfgMin = "cfg-min", cfgMax = "cfg-max", cfgSchedule = "cfg-schedule"
    case maskSchedule = "mask-schedule", reveal, order, threshold, gamma
    case topK = "top-k", topP = "top-p", eos = "eos-ids", forbidEOS = "forbid-eos", eosLast = "eos-last"
    case cache, cacheRefresh = "cache-refresh", candidates, seed

    /// The knobs `config`'s strategy reads, in editor order.
    static func visible(for config: SamplerConfig) -> [ScheduleKnob] {
        allCases.filter { $0.applies(to: config) }
    }

    /// Whether the knob changes anything for `c`'s strategy (the sampler config says what it reads).
    func applies(to c: SamplerConfig) -> Bool {
        field.map(c.reads) ?? true
    }

    /// The config field the knob edits; nil for the seed, which is not part of the config.
    var field: SamplerConfig.Field? {
        switch self {
        case .strategy: .strategy
        case .remasking: .remasking
        case .steps: .steps
        case .length: .generationLength
        case .block: .blockLength
        case .temperature: .temperature
        case .cfg: .cfgScale
        case .cfgMin: .cfgTimeMin
        case .cfgMax: .cfgTimeMax
        case .cfgSchedule: .guidanceSchedule
        case .maskSchedule: .maskSchedule
        case .reveal: .revealRule
        case .order: .order
        case .threshold: .threshold
        case .gamma: .entropyBound
        case .topK: .topK
        case .topP: .topP
        case .eos: .eosTokenIds
        case .forbidEOS: .forbidEOS
        case .eosLast: .eosConfidenceLast
        case .cache: .cache
        case .cacheRefresh: .cacheRefresh
        case .candidates: .candidates
        case .seed: nil
        }
    }

    /// The value as the editor shows it.
    /// The knob's value as shown; token ids (`eos-ids`) in the model's own numbering where
    /// `ids` maps it to the engine's (a Hugging Face mask inside the vocabulary).
    func value(_ c: SamplerConfig, seed: UInt64, ids: TokenIdMap? = nil) -> String {
        switch self {
        case .strategy: return c.strategy.rawValue
        case .remasking: return c.remasking.rawValue
        case .steps: return "\(c.steps)"
        case .length: return "\(c.generationLength)"
        case .block: return c.blockLength.map { "\($0)" } ?? "off"
        case .temperature: return format(c.temperature)
        case .cfg: return format(c.cfgScale)
        case .cfgMin: return format(c.cfgTimeMin)
        case .cfgMax: return format(c.cfgTimeMax)
        case .cfgSchedule: return c.guidanceSchedule.rawValue
        case .maskSchedule: return c.maskSchedule.name
        case .reveal: return c.revealRule.rawValue
        case .order: return c.order.rawValue
        case .threshold: return format(c.threshold)
        case .gamma: return format(c.entropyBound)
        case .topK: return c.topK.map { "\($0)" } ?? "off"
        case .topP: return c.topP.map(format) ?? "off"
        case .eos:
            // Ids past the model stay as they are (a replayed file's, which the bar names as such).
            let shown = c.eosTokenIds.map { e in ids.map { e < $0.rows ? $0.fileId(engine: e) : e } ?? e }
            return shown.isEmpty ? "none" : shown.map(String.init).joined(separator: ",")
        case .forbidEOS: return c.forbidEOS ? "on" : "off"
        case .eosLast: return c.eosConfidenceLast ? "on" : "off"
        case .cache: return c.cache.rawValue
        case .cacheRefresh: return c.cacheRefresh == 0 ? "block start" : "every \(c.cacheRefresh)"
        case .candidates: return "\(c.candidates)"
        case .seed: return "\(seed)"
        }
    }

    /// Moves the value one notch (`direction` ±1): enums cycle, numbers step by a sensible
    /// amount, optional numbers step down to "off". Results are clamped to valid ranges.
    func adjust(_ c: inout SamplerConfig, seed: inout UInt64, by direction: Int) {
        let d = direction >= 0 ? 1 : -1
        switch self {
        case .strategy: c.strategy = c.strategy.cycled(by: d)
        case .remasking: c.remasking = c.remasking.cycled(by: d)
        case .steps: c.steps = notch(c.steps, d)
        case .length: c.setLength(notch(c.generationLength, d))
        case .block:
            let b = notch(c.blockLength ?? c.generationLength, d)
            c.blockLength = b >= c.generationLength ? nil : b
        case .temperature: c.temperature = max(0, round1(c.temperature + 0.1 * Double(d)))
        case .cfg:
            let range = SamplerConfig.cfgScaleRange
            c.cfgScale = min(range.upperBound, max(range.lowerBound, round1(c.cfgScale + 0.5 * Double(d))))
        case .cfgMin: c.cfgTimeMin = min(c.cfgTimeMax, max(0, round1(c.cfgTimeMin + 0.1 * Double(d))))
        case .cfgMax: c.cfgTimeMax = max(c.cfgTimeMin, min(1, round1(c.cfgTimeMax + 0.1 * Double(d))))
        case .cfgSchedule: c.guidanceSchedule = c.guidanceSchedule.cycled(by: d)
        case .maskSchedule:
            let names = ["linear", "cosine", "exp", "poly:2", "log:5"]
            let i = names.firstIndex(of: c.maskSchedule.name) ?? 0
            c.maskSchedule = MaskSchedule(name: names[(i + d + names.count) % names.count])!
        case .reveal: c.revealRule = c.revealRule.cycled(by: d)
        case .order: c.order = c.order.cycled(by: d)
        case .threshold: c.threshold = min(0.99, max(0.05, round1(c.threshold + 0.05 * Double(d), places: 100)))
        case .gamma:
            // Decades and their halves: 0.001, 0.005, 0.01, 0.05, … 5, 10.
            let notches = [0, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10]
            c.entropyBound = d > 0 ? notches.first { $0 > c.entropyBound } ?? 10 : notches.last { $0 < c.entropyBound } ?? 0
        case .topK:
            c.topK = c.topK.map { d < 0 && $0 == 1 ? nil : notch($0, d) } ?? (d > 0 ? 1 : nil)
        case .topP:
            let p = round1((c.topP ?? 1) + 0.05 * Double(d), places: 100)
            c.topP = p >= 1 ? nil : max(0.05, p)
        case .eos: break  // a list: typed (Enter), not stepped
        case .forbidEOS: c.forbidEOS.toggle()
        case .eosLast: c.eosConfidenceLast.toggle()
        case .cache: c.cache = c.cache.cycled(by: d)
        case .cacheRefresh: c.cacheRefresh = max(0, min(Self.maximumCount, c.cacheRefresh + d))
        case .candidates: c.candidates = max(0, min(20, c.candidates + d))
        case .seed: seed = d > 0 ? seed &+ 1 : seed &- 1
        }
    }

    /// Parses a typed value ("32", "off", "cosine"); the error says what is accepted. Token ids
    /// are typed in the model's own numbering where `ids` maps it (`value`): they were once
    /// taken as engine ids, so a Qwen3 folder's last token was "outside the vocabulary" and its
    /// mask was accepted as an end-of-sequence id.
    func set(_ c: inout SamplerConfig, seed: inout UInt64, from text: String, ids map: TokenIdMap? = nil) throws(KnobError) {
        let s = text.trimmingCharacters(in: .whitespaces)
        func int(_ lo: Int, _ hi: Int = Int.max) throws(KnobError) -> Int {
            guard let v = Int(s), v >= lo, v <= hi else {
                throw KnobError(knob: self, text: s, expected: hi == Int.max ? "an integer ≥ \(lo)" : "an integer in \(lo)…\(hi)")
            }
            return v
        }
        func double(_ range: ClosedRange<Double>) throws(KnobError) -> Double {
            let bounds = "\(format(range.lowerBound))…\(format(range.upperBound))"
            guard let v = Double(s) else { throw KnobError(knob: self, text: s, expected: "a number in \(bounds)") }
            guard range.contains(v) else { throw KnobError(knob: self, text: s, expected: "within \(bounds)") }
            return v + 0  // −0 typed is 0

        }
        func named<T: RawRepresentable & CaseIterable>(_: T.Type) throws(KnobError) -> T where T.RawValue == String {
            guard let v = T(rawValue: s) else {
                throw KnobError(knob: self, text: s, expected: T.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return v
        }
        let off = s == "off" || s == "none"
        func flag() throws(KnobError) -> Bool {
            switch s {
            case "on", "true", "1": return true
            case "off", "false", "0": return false
            default: throw KnobError(knob: self, text: s, expected: "on or off")
            }
        }
        switch self {
        case .strategy: c.strategy = try named(SamplingStrategy.self)
        case .remasking: c.remasking = try named(Remasking.self)
        case .steps: c.steps = try int(1, Self.maximumCount)
        case .length: c.setLength(try int(1, Self.maximumCount))
        case .block: c.blockLength = off ? nil : try int(1, Self.maximumCount)
        case .temperature: c.temperature = try double(0...10)
        case .cfg: c.cfgScale = try double(SamplerConfig.cfgScaleRange)
        case .cfgMin: c.cfgTimeMin = try double(0...1)
        case .cfgMax: c.cfgTimeMax = try double(0...1)
        case .cfgSchedule: c.guidanceSchedule = try named(GuidanceSchedule.self)
        case .maskSchedule:
            guard let m = MaskSchedule(name: s) else {
                throw KnobError(knob: self, text: s, expected: "linear, cosine, exp[:rate], poly:power, log:rate")
            }
            c.maskSchedule = m
        case .reveal: c.revealRule = try named(RevealRule.self)
        case .order: c.order = try named(GenerationOrder.self)
        case .threshold: c.threshold = try double(0...1)
        case .gamma: c.entropyBound = try double(0...100)
        case .topK: c.topK = off ? nil : try int(1, 1 << 20)
        case .topP: c.topP = off ? nil : try double(0...1)
        case .eos:
            let ids = off ? [] : s.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard ids.allSatisfy({ $0 != nil && $0! >= 0 }) else {
                throw KnobError(knob: self, text: s, expected: "token ids separated by commas, or none")
            }
            if let map, ids.contains(where: { $0! == map.fileMaskId || $0! >= map.rows }) {
                throw KnobError(
                    knob: self, text: s, expected: "ids of real tokens (0…\(map.rows - 1) but the mask \(map.fileMaskId))")
            }
            c.eosTokenIds = ids.map { f in map.map { $0.engineId(file: f!) } ?? f! }
        case .forbidEOS: c.forbidEOS = try flag()
        case .eosLast: c.eosConfidenceLast = try flag()
        case .cache: c.cache = try named(KVCacheMode.self)
        case .cacheRefresh: c.cacheRefresh = off ? 0 : try int(0, Self.maximumCount)
        case .candidates: c.candidates = try int(0, 20)
        case .seed:
            guard let v = UInt64(s) else { throw KnobError(knob: self, text: s, expected: "a non-negative integer") }
            seed = v
        }
    }
}

/// A typed knob value that does not parse.
struct KnobError: Error, Equatable, CustomStringConvertible {
    var knob: ScheduleKnob
    var text: String
    var expected: String
    var description: String { "\(knob.rawValue): '\(text)' is not \(expected)" }
}

/// Steps of 1 up to 8, then about an eighth of the value, so 4 → 5 but 128 → 144.
/// Integer knobs step along 1…8, then four values per doubling (10 12 14 16 20 24 28 32 40 …),
/// so a step up and a step down always return to the same value.
private let ladder: [Int] = {
    var values = Array(1...8)
    while values.last! < ScheduleKnob.maximumCount {
        let base = values.last!
        values += (1...4).map { min(ScheduleKnob.maximumCount, base + $0 * base / 4) }
    }
    return values
}()

/// The ladder value next to `v` in direction `d` (±1); values off the ladder snap onto it.
private func notch(_ v: Int, _ d: Int) -> Int {
    d > 0 ? (ladder.first { $0 > v } ?? ScheduleKnob.maximumCount) : (ladder.last { $0 < v } ?? 1)
}

private func round1(_ x: Double, places: Double = 10) -> Double { (x * places).rounded() / places }

/// Numbers as the editor shows them: no trailing zeros ("0.5", "2", "0.25").
func format(_ x: Double) -> String {
    if x == x.rounded() && abs(x) < 1e9 { return String(Int(x)) }
    var s = String(format: "%.3f", x)
    while s.hasSuffix("0") { s.removeLast() }
    return s
}

extension SamplerConfig {
    /// A new generation length; LLaDA's steps come down with it (a step commits at least one
    /// token, so steps above the length are invalid), rather than refusing a shorter length.
    fileprivate mutating func setLength(_ length: Int) {
        generationLength = length
        if reads(.steps) && usesBlocks { steps = Swift.min(steps, length) }
    }
}
