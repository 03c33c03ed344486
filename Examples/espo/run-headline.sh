#!/usr/bin/env bash
# The ESPO headline at toy scale (docs/methods.md §4, issue #19): from the RL bases
# (Examples/espo/BASES.md: greedy success low, the right answer often sampled), held-out greedy
# success before and after ESPO, d1 and wd1 at equal rollout budget and 1,000 optimizer steps
# (3 seeds each, both tasks), ESPO's k1/k2/k3 KL ablation on Sudoku, ESPO's two ablations
# (token-level ELBO ratios; a sequence ratio on mean-field log-probs) on Countdown, the diagnosis
# of each base, a paired fresh-prompt recheck of every final model, and the seconds-per-round
# rate. The study of docs/measurements.md §1 (from the SFT models, 80 steps) used this script as
# of commit 71b2e2b.
#
#   usage: Examples/espo/run-headline.sh [diagnose|headline|ablation|tune|best|eps0|kl-beta|recheck|rate|summary ...]
#          (default: all but tune, best, eps0, kl-beta and rate; rate wants a quiet machine)
#
# Every run is one process at a time, `nice -n 10`, one thread, so the figures survive a shared
# machine; each run's CPU seconds (user+sys) go to NAME.cpu next to its folder. A finished run is
# skipped, so the script can be stopped and started again (OUT outside the clone keeps it across
# checkouts), and so is a run another driver is running (two drivers can share a stage's work).
# Runs go seed-major, so a partial study already has every method at seed 0.
# Budget: about 12 core-minutes per run on 2 Zen 2 cores, 30 runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
UNMASK=${UNMASK:-.build/release/unmask}
OUT=${OUT:-runs/espo-headline}
mkdir -p "$OUT"

# One protocol for every objective and both tasks: 500 rounds × μ 2 = 1,000 optimizer steps on
# 4 prompts × G 8 = 32 rollouts per round (16,000 per run, as the 15,360 of docs/measurements.md §1, which
# took 80 steps). What differs per method is the method itself (ESPO: sequence ratio on the
# coupled ELBO, k2 KL; d1: per-token ratios on one-step mean-field log-probs with 15% prompt
# masking, k3 KL; wd1: ratio-free weighted likelihood on the same log-probs, k3 KL).
# --micro-batch 8 = one group, so ESPO stratifies its mask counts and wd1 takes its softmax over
# one prompt's completions.
PROTOCOL=(--rounds 500 --prompts 4 --group 8 --iterations 2 --beta 0.01 --epsilon 0.2 --temperature 1.2
          --lr 5e-5 --micro-batch 8 --eval-every 50 --eval-items 256 --samples-every 50 --threads 1)
CD=Examples/models/countdown-base
SD=Examples/models/sudoku4-base

run() {  # name, then `unmask espo` arguments
  local name=$1; shift
  if [[ -f "$OUT/$name/latest/rl_state.json" && -f "$OUT/$name.cpu" ]]; then echo "skip $name (done)"; return; fi
  # Another driver's `unmask espo` holds the folder's lock: leave that run to it.
  if [[ -e "$OUT/$name/.lock" ]] && ! flock -n "$OUT/$name/.lock" true; then echo "skip $name (running elsewhere)"; return; fi
  if [[ -f "$OUT/$name/latest/rl_state.json" ]]; then  # interrupted: continue where it stopped
    echo "== $name: resume"
    /usr/bin/time -a -f "%U %S" -o "$OUT/$name.cpu.tmp" nice -n 10 "$UNMASK" espo --out "$OUT/$name" --resume \
      --log-every 10 | tee -a "$OUT/$name.log"
  else
    rm -rf "${OUT:?}/$name" "$OUT/$name.cpu.tmp"
    echo "== $name: unmask espo $*"
    /usr/bin/time -f "%U %S" -o "$OUT/$name.cpu.tmp" nice -n 10 "$UNMASK" espo --out "$OUT/$name" --log-every 10 "$@" \
      | tee "$OUT/$name.log"
  fi
  awk '{u += $1; s += $2} END {print u, s}' "$OUT/$name.cpu.tmp" > "$OUT/$name.cpu" && rm "$OUT/$name.cpu.tmp"
}

diagnose() {  # one rollout round of 256 prompts × 12 at the training temperature, every completion kept
  for m in countdown:$CD sudoku:$SD; do
    run "diag-${m%%:*}" --model "${m#*:}" --rounds 1 --iterations 1 --prompts 256 --group 12 --micro-batch 384 --beta 0 \
      --temperature 1.2 --eval-every 0 --samples-every 1 --sample-groups 256 --threads 1
    python3 Examples/espo/diagnose.py "$OUT/diag-${m%%:*}" | tee "$OUT/diag-${m%%:*}.md"
  done
}

headline() {  # ESPO, d1 and wd1 on both tasks, seed-major
  for seed in 0 1 2; do
    for task in countdown:$CD sudoku:$SD; do
      for objective in espo d1 wd1; do
        run "${task%%:*}-$objective-s$seed" --model "${task#*:}" --objective "$objective" --seed "$seed" "${PROTOCOL[@]}"
      done
    done
  done
}

ablation() {  # ESPO's KL estimator on Sudoku (k2 is the headline run); ESPO's own ablations on Countdown
  for seed in 0 1 2; do
    for kl in k1 k3; do
      run "sudoku-espo-$kl-s$seed" --model "$SD" --objective espo --kl "$kl" --seed "$seed" "${PROTOCOL[@]}"
    done
    for objective in token-elbo seq-mean-field; do
      run "countdown-$objective-s$seed" --model "$CD" --objective "$objective" --seed "$seed" "${PROTOCOL[@]}"
    done
  done
}

tune() {  # equal tuning: every objective at two more learning rates (seed 0), either side of the protocol's 5e-5
  for task in countdown:$CD sudoku:$SD; do
    for lr in 2e-5 1e-4; do
      for objective in espo d1 wd1; do
        run "${task%%:*}-$objective-lr$lr-s0" --model "${task#*:}" --objective "$objective" --seed 0 "${PROTOCOL[@]}" --lr "$lr"
      done
    done
  done
}

best() {  # seeds 1 and 2 of each objective at its best learning rate (best_lr.py, from the tune stage's seed 0)
  local task objective lr lines
  mapfile -t lines < <(python3 Examples/espo/best_lr.py "$OUT")
  for seed in 1 2; do
    for line in "${lines[@]}"; do
      read -r task objective lr <<< "$line"
      [[ $lr == 5e-5 ]] && continue  # the protocol's rate: the headline stage ran these seeds
      local model=$CD; [[ $task == sudoku ]] && model=$SD
      run "$task-$objective-lr$lr-s$seed" --model "$model" --objective "$objective" --seed "$seed" "${PROTOCOL[@]}" --lr "$lr"
    done
  done
}

eps0() {  # ESPO with its Countdown recipe's clip ε = 0 (docs/methods.md §4.5) at each seed of EPS0_SEEDS (default 0)
  for seed in ${EPS0_SEEDS:-0}; do
    run "countdown-espo-eps0-s$seed" --model "$CD" --objective espo --seed "$seed" "${PROTOCOL[@]}" --epsilon 0
  done
}

kl-beta() {  # the KL estimator where the KL term weighs more: k1/k2/k3 on Sudoku at each β of KL_BETAS
  # (default 0.1, 10× the protocol's) and each seed of KL_SEEDS (default 0 1 2), seed-major
  for seed in ${KL_SEEDS:-0 1 2}; do
    for beta in ${KL_BETAS:-0.1}; do
      for kl in k1 k2 k3; do
        run "sudoku-espo-$kl-b$beta-s$seed" --model "$SD" --objective espo --kl "$kl" --seed "$seed" "${PROTOCOL[@]}" --beta "$beta"
      done
    done
  done
}

rate() {  # seconds per ESPO round with both threads, to turn rounds into wall time; run when the machine is quiet
  local r=("${PROTOCOL[@]}" --rounds 20 --eval-every 0 --samples-every 0 --threads 2)
  for task in countdown:$CD sudoku:$SD; do
    local name="rate-${task%%:*}"
    rm -rf "${OUT:?}/$name"
    /usr/bin/time -f "%e %U %S" -o "$OUT/$name.time" nice -n 10 "$UNMASK" espo --model "${task#*:}" --out "$OUT/$name" "${r[@]}" \
      > /dev/null
    echo "$name: $(cat "$OUT/$name.time") (wall, user, sys seconds for 20 rounds = 40 optimizer steps at 2 threads)"
  done
}

recheck() {  # greedy decodes of 1024 fresh prompts (seed 99, never a training prompt of seeds 0–2) per final model
  for task in countdown:$CD sudoku:$SD; do
    local t=${task%%:*} models=("base:${task#*:}")
    for r in "$OUT/$t"-*-s[0-9]; do
      [[ -f $r.cpu ]] || continue  # finished runs only: run the stage again once the others end
      models+=("$(basename "$r"):$r/latest")
    done
    for m in "${models[@]}"; do
      run "recheck-$t-${m%%:*}" --model "${m#*:}" --objective wd1 --rounds 1 --iterations 1 --prompts 1024 --group 2 \
        --micro-batch 256 --beta 0 --temperature 0 --seed 99 --eval-every 0 --samples-every 1 --sample-groups 1024 --threads 1
    done
    python3 Examples/espo/recheck.py "$OUT/recheck-$t-base" "$OUT/recheck-$t"-*-s[0-9] | tee "$OUT/recheck-$t.md"
  done
}

summary() {
  python3 Examples/espo/summarize.py "$OUT" | tee "$OUT/summary.md"
}

for stage in "${@:-diagnose headline ablation recheck summary}"; do
  for s in $stage; do
    case $s in
      diagnose) diagnose ;;
      headline) headline ;;
      ablation) ablation ;;
      tune) tune ;;
      best) best ;;
      eps0) eps0 ;;
      kl-beta) kl-beta ;;
      recheck) recheck ;;
      rate) rate ;;
      summary) summary ;;
      *) echo "unknown stage '$s'" >&2; exit 2 ;;
    esac
  done
done
