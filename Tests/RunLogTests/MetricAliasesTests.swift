import Testing

@testable import RunLog

struct MetricAliasesTests {
    let aliases = MetricAliases.standard

    /// TRL, dllm diffu-GRPO, ESPO, Unmask's `espo` (clip_frac) and HF-rewritten names of the
    /// same four RL metrics (docs/file-formats.md §7) share one name each.
    @Test func rlMetricsShareOneName() {
        for raw in ["reward", "train/reward", "rewards/mean", "reward/mean", "train/rewards/mean"] {
            #expect(aliases.canonicalName(for: raw) == "reward", "\(raw)")
        }
        for raw in ["kl", "train/kl", "objective/kl"] { #expect(aliases.canonicalName(for: raw) == "kl", "\(raw)") }
        for raw in ["clip_ratio", "clip_ratio/region_mean", "train/clip_ratio/region_mean", "clip_frac", "clip_fraction"] {
            #expect(aliases.canonicalName(for: raw) == "clip_ratio", "\(raw)")
        }
        for raw in ["completion_length", "completions/mean_length", "completions/length/mean", "train/completions/mean_length"] {
            #expect(aliases.canonicalName(for: raw) == "completion_length", "\(raw)")
        }
        #expect(aliases.canonicalName(for: "completions/length/max") == "completions/max_length")
        #expect(aliases.canonicalName(for: "zero_std_ratio") == "frac_reward_zero_std")
        #expect(aliases.canonicalName(for: "learning_rate") == "lr")
    }

    @Test func perFunctionRewardsFollowESPO() {
        #expect(aliases.canonicalName(for: "rewards/correctness/mean") == "rewards/correctness")
        #expect(aliases.canonicalName(for: "rewards/correctness") == "rewards/correctness")
        #expect(aliases.canonicalName(for: "rewards/correctness/std") == "rewards/correctness/std")
    }

    @Test func evalNamesTakeTheTensorBoardFormAndAreAliasedToo() {
        #expect(aliases.canonicalName(for: "eval_loss") == "eval/loss")
        #expect(aliases.canonicalName(for: "eval/loss") == "eval/loss")
        #expect(aliases.canonicalName(for: "eval_rewards/mean") == "eval/reward")
        #expect(aliases.canonicalName(for: "test_kl") == "test/kl")
    }

    @Test func unknownNamesPassThroughAndTablesCanBeExtended() {
        #expect(aliases.canonicalName(for: "tokens_per_s") == "tokens_per_s")
        #expect(aliases.canonicalName(for: "clip_ratio/low_mean") == "clip_ratio/low_mean")
        var custom = aliases
        custom.names["trl"] = "loss"
        #expect(custom.canonicalName(for: "trl") == "loss")
    }
}
