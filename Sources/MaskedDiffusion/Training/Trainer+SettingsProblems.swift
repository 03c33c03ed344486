/// What a trainer refuses to run, for the flags of a new run and for a resumed run's saved
/// `trainer_state.json` alike: a file edited to `batch_size 0` once trapped in the network, and
/// `step -5` emptied metrics.jsonl before a trap.
extension Trainer.Settings {
    /// Reasons these settings cannot train, empty when they can, each naming the flag and the
    /// field of trainer_state.json (the optimizer's moments, which have no flag, by field only).
    public var problems: [String] {
        var p = SettingProblems()
        p.atLeast(1, "--steps (steps)", steps)
        p.atLeast(1, "--batch (batch_size)", batchSize)
        if let problem = LearningRateSchedule.peakProblem(schedule.peak, named: "--lr (lr_schedule.peak)") { p.add(problem) }
        p.atLeast(0, "--warmup (lr_schedule.warmup_steps)", schedule.warmupSteps)
        p.finiteNonNegative("--clip (clip_norm)", clipNorm)
        p.finiteNonNegative("--weight-decay (adam.weight_decay)", Double(adam.weightDecay))
        if !(0...1).contains(schedule.minFraction) {
            p.add("lr_schedule.min_fraction must be in [0, 1] (got \(schedule.minFraction))")
        }
        for (name, beta) in [("adam.beta1", adam.beta1), ("adam.beta2", adam.beta2)] where !(0..<1).contains(beta) {
            p.add("\(name) must be in [0, 1) (got \(beta))")
        }
        if !(adam.eps > 0 && adam.eps.isFinite) { p.add("adam.eps must be finite and > 0 (got \(adam.eps))") }
        return p.reasons
    }
}

extension TrainingRun.State {
    /// `settings.problems`, then a step outside the run (a saved state edited by hand).
    public var problems: [String] {
        let p = settings.problems
        guard p.isEmpty else { return p }
        return (0...settings.steps).contains(step) ? [] : ["step (\(step)) must be in 0…\(settings.steps) (the run's steps)"]
    }
}
