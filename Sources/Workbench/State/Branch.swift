import MaskedDiffusion

/// One trajectory on screen: the main sample, or a branch that copies its parent's first
/// `forkStep` steps and resamples from there with its own config (and possibly a token the user
/// pinned). Steps arrive from the engine while the branch is sampled.
struct Branch: Sendable {
    let id: Int
    var name: String
    var config: SamplerConfig
    var seed: UInt64
    /// Steps copied from the parent (0 for the main trajectory).
    let forkStep: Int
    /// The state sampling starts from (nil: the problem's fresh start).
    var start: SamplingStart?
    /// A token the user pinned at the fork: (absolute position, token).
    var pinned: (position: Int, token: Int32)?
    /// The branch this one forked from (nil for the main trajectory).
    var parentID: Int?
    /// State before step 1: [rows][seqLen].
    var initialTokens: [[Int32]]
    /// Inherited steps, then sampled ones.
    var steps: [TrajectoryStep]
    var finished = false
    var statistics = SamplerStatistics()
    var seconds = 0.0
    var outcome: SampleOutcome?
    var error: String?
    /// The newest request feeding this branch; older results are dropped.
    var request = 0

    init(
        id: Int, name: String, config: SamplerConfig, seed: UInt64, forkStep: Int = 0,
        start: SamplingStart? = nil, initialTokens: [[Int32]], inherited: [TrajectoryStep] = []
    ) {
        self.id = id
        self.name = name
        self.config = config
        self.seed = seed
        self.forkStep = forkStep
        self.start = start
        self.initialTokens = initialTokens
        steps = inherited
    }

    /// The first step of the branch's own sampling: the state after it is the first to show the pin.
    var firstOwnStep: Int { forkStep + 1 }

    /// The pin's position where the state after `step` steps shows it, else nil.
    func pinnedPosition(after step: Int) -> Int? { step >= firstOwnStep ? pinned?.position : nil }

    /// Tokens of `row` after `step` steps (0: the initial state).
    func tokens(row: Int, at step: Int) -> [Int32] {
        let s = min(step, steps.count)
        return s == 0 ? initialTokens[row] : steps[s - 1].rows[row].tokens
    }

    /// Clears the sampled part before a resample (inherited steps stay).
    mutating func reset(request: Int) {
        steps.removeSubrange(min(forkStep, steps.count)...)
        finished = false
        statistics = SamplerStatistics()
        seconds = 0
        outcome = nil
        error = nil
        self.request = request
    }

    /// The diffusion time of the state after `step` steps: 1 before any, then where the next step
    /// starts (a step records the time at its start), and 0 once the last step of a branch that
    /// finished sampling has run. A branch still sampling, or cut short by an error (masks left),
    /// shows its newest step's start.
    func time(after step: Int) -> Double {
        if step == 0 { return 1 }
        if step < steps.count { return steps[step].t }
        return finished && error == nil ? 0 : steps[step - 1].t
    }

    /// The NFE of `row` after `step` steps.
    func nfe(row: Int, at step: Int) -> Int {
        let s = min(step, steps.count)
        return s == 0 ? 0 : steps[s - 1].rows[row].nfe
    }
}
