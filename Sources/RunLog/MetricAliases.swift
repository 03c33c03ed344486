/// Maps the many names trainers give one metric to a single name, so a TRL, ESPO, dllm
/// (diffu-GRPO) or Hugging Face run shows reward, KL, clip ratio and completion length under
/// the same names as an Unmask run (docs/file-formats.md §7).
///
/// Two rules run before the table: HF Trainer's TensorBoard/W&B tag rewrite is undone
/// (`train/x` → `x`), and HF eval keys from trainer_state.json take the TensorBoard form
/// (`eval_x` → `eval/x`), so a run's event files and its trainer_state.json merge. Names under
/// `eval/` are aliased like training names. TRL's per-function `rewards/<f>/mean` becomes ESPO's
/// `rewards/<f>`. Unknown names pass through unchanged; callers keep the raw name too.
public struct MetricAliases: Sendable {
    /// Raw name (after the prefix rules) → shared name.
    public var names: [String: String]

    public init(names: [String: String]) { self.names = names }

    public static let standard = MetricAliases(names: [
        "rewards/mean": "reward", "reward/mean": "reward",
        "rewards/std": "reward_std", "reward/std": "reward_std",
        "objective/kl": "kl",
        "clip_ratio/region_mean": "clip_ratio", "clip_frac": "clip_ratio", "clip_fraction": "clip_ratio",
        "completions/mean_length": "completion_length", "completions/length/mean": "completion_length",
        "completions/length/min": "completions/min_length", "completions/length/max": "completions/max_length",
        "completions/terminated_length/mean": "completions/mean_terminated_length",
        "completions/terminated_length/min": "completions/min_terminated_length",
        "completions/terminated_length/max": "completions/max_terminated_length",
        "zero_std_ratio": "frac_reward_zero_std",
        "learning_rate": "lr"
    ])

    /// The shared name for `raw`.
    public func canonicalName(for raw: String) -> String {
        var name = Substring(raw)
        if name.hasPrefix("train/") { name = name.dropFirst("train/".count) }
        for (underscore, slash) in [("eval_", "eval/"), ("test_", "test/")] where name.hasPrefix(underscore) {
            return slash + canonicalName(for: String(name.dropFirst(underscore.count)))
        }
        for split in ["eval/", "test/"] where name.hasPrefix(split) {
            return split + canonicalName(for: String(name.dropFirst(split.count)))
        }
        if let alias = names[String(name)] { return alias }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0] == "rewards", parts[2] == "mean" { return "rewards/\(parts[1])" }
        return String(name)
    }
}
