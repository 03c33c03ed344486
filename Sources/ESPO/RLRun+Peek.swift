import MaskedDiffusion
import RunLog

extension RLRun {
    /// What a run folder holds, read without loading its model or taking its lock: the newest
    /// checkpoint's state and the metrics logged so far. Nil when the folder holds no RL run.
    public static func peek(at path: String) -> (state: State, history: [MetricsRecord])? {
        guard let checkpoint = RunDirectory(path: path).latestCheckpoint,
            let state = try? checkpoint.loadJSON(State.self, from: stateFile)
        else { return nil }
        // Lines logged after the checkpoint stay until the run resumes (which cuts them).
        let history = (try? MetricsReader(path: RunDirectory(path: path).metricsPath).poll()) ?? []
        return (state, history)
    }
}
