import ESPO
import Foundation

/// The RL settings the training pane edits before a run starts (the rest keep `unmask espo`'s
/// defaults). Same keys as the schedule editor: ↑/↓ select, +/− change.
enum TrainingSetting: String, CaseIterable, Sendable {
    case objective, kl, rounds, prompts, group, iterations, lr, beta, temperature

    func value(_ c: ESPOConfig) -> String {
        switch self {
        case .objective: return c.objective.rawValue
        case .kl: return c.kl.rawValue
        case .rounds: return "\(c.rounds)"
        case .prompts: return "\(c.promptsPerRound)"
        case .group: return "\(c.group)"
        case .iterations: return "\(c.iterations)"
        case .lr: return String(format: "%.0e", Double(c.learningRate))
        case .beta: return format(c.beta)
        case .temperature: return format(c.temperature)
        }
    }

    /// One notch up or down; the micro-batch follows the rollout size (its largest divisor ≤ 48)
    /// so gradient accumulation always divides it.
    func adjust(_ c: inout ESPOConfig, by direction: Int) {
        let d = direction >= 0 ? 1 : -1
        switch self {
        case .objective:
            c.objective = c.objective.cycled(by: d)
            c.kl = c.objective.defaultKL
        case .kl:
            c.kl = c.kl.cycled(by: d)
        case .rounds: c.rounds = max(1, c.rounds + d * (c.rounds < 50 ? 10 : 50))
        case .prompts: c.promptsPerRound = max(1, c.promptsPerRound + d * (c.promptsPerRound < 8 ? 1 : 4))
        case .group: c.group = max(2, c.group + d * 2)
        case .iterations: c.iterations = max(1, c.iterations + d)
        case .lr: c.learningRate = max(1e-6, min(1e-2, c.learningRate * (d > 0 ? 2 : 0.5)))
        case .beta: c.beta = max(0, (c.beta * (d > 0 ? 2 : 0.5) * 1e6).rounded() / 1e6)
        case .temperature: c.temperature = max(0.1, ((c.temperature + 0.1 * Double(d)) * 10).rounded() / 10)
        }
        let n = c.rolloutSize
        c.microBatch = (1...min(48, n)).reversed().first { n % $0 == 0 }!
    }
}
