/// What a trainer refuses to run, for the flags of a new run and for a resumed run's saved
/// `trainer_state.json` alike: a file edited to `batch_size 0` once trapped in the network, and
/// `step -5` emptied metrics.jsonl before a trap.
extension Trainer.Settings {
    /// Reasons these settings cannot train, empty when they can; named by their flags (the
    /// optimizer's moments, which have none, by their fields in trainer_state.json).
    public var problems: [String] {
        var p: [String] = []
        if steps < 1 || batchSize < 1 { p.append("--steps and --batch must be ≥ 1") }
        if let problem = LearningRateSchedule.peakProblem(schedule.peak) { p.append(problem) }
        // `x >= 0 && isFinite`, so that NaN, which fails every comparison, is refused too.
        func nonNegative(_ x: Double) -> Bool { x >= 0 && x.isFinite }
        if schedule.warmupSteps < 0 || !nonNegative(clipNorm) || !nonNegative(Double(adam.weightDecay)) {
            p.append("--warmup, --clip and --weight-decay must be finite and ≥ 0")
        }
        if !(0...1).contains(schedule.minFraction) { p.append("lr_schedule.min_fraction must be in [0, 1]") }
        if !(0..<1).contains(adam.beta1) || !(0..<1).contains(adam.beta2) || !(adam.eps > 0 && adam.eps.isFinite) {
            p.append("adam.beta1 and adam.beta2 must be in [0, 1) and adam.eps finite and > 0")
        }
        return p
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
