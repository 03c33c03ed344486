#!/usr/bin/env bash
# The ESPO headline at toy scale (docs/methods.md §4, issue #6): from the bundled Countdown and Sudoku
# models, held-out greedy success before and after ESPO, d1 and wd1 at equal rollout budget
# (3 seeds each), ESPO's k1/k2/k3 KL ablation on Sudoku, the diagnosis of what limits the gain,
# and the seconds-per-round rate that converts rounds to wall time.
#
#   usage: Examples/espo/run-headline.sh [diagnose|countdown|sudoku|ablation|recheck|pilots|rate|summary ...]
#          (default: all but pilots and rate, which wants a quiet machine)
#
# Every run is one process at a time, `nice -n 10`, one thread, so the figures survive a shared
# machine; each run's CPU seconds (user+sys) go to NAME.cpu next to its folder. A finished run is
# skipped, so the script can be stopped and started again. Budget (this machine, 2 Zen 4 cores):
# about 110 core-minutes for the default stages, 12 more for the lr pilots.
set -euo pipefail
cd "$(dirname "$0")/../.."
UNMASK=${UNMASK:-.build/release/unmask}
OUT=${OUT:-runs/espo-headline}
mkdir -p "$OUT"

# One protocol for every objective and both tasks. What differs per method is the method itself
# (ESPO: sequence ratio on the coupled ELBO, k2 KL; d1: per-token ratios on one-step mean-field
# log-probs with 15% prompt masking, k3 KL; wd1: ratio-free weighted likelihood on the same
# log-probs, k3 KL). --micro-batch 12 = one group, so ESPO stratifies its mask counts and wd1 takes
# its softmax over one prompt's completions.
PROTOCOL=(--rounds 40 --prompts 32 --group 12 --iterations 2 --beta 0.01 --epsilon 0.2 --temperature 1.2
          --lr 5e-5 --micro-batch 12 --eval-every 10 --eval-items 256 --samples-every 10 --threads 1)
CD=Examples/models/countdown
SD=Examples/models/sudoku4

run() {  # name, then `unmask espo` arguments
  local name=$1; shift
  if [[ -f "$OUT/$name/latest/rl_state.json" && -f "$OUT/$name.cpu" ]]; then echo "skip $name (done)"; return; fi
  rm -rf "${OUT:?}/$name"
  echo "== $name: unmask espo $*"
  /usr/bin/time -f "%U %S" -o "$OUT/$name.cpu.tmp" nice -n 10 "$UNMASK" espo --out "$OUT/$name" --log-every 10 "$@" \
    | tee "$OUT/$name.log"
  mv "$OUT/$name.cpu.tmp" "$OUT/$name.cpu"
}

diagnose() {  # one rollout round of 256 prompts × 12 at the training temperature, every completion kept
  for m in countdown:$CD sudoku:$SD; do
    run "diag-${m%%:*}" --model "${m#*:}" --rounds 1 --iterations 1 --prompts 256 --group 12 --micro-batch 384 --beta 0 \
      --temperature 1.2 --eval-every 0 --samples-every 1 --sample-groups 256 --threads 1
    python3 Examples/espo/diagnose.py "$OUT/diag-${m%%:*}" | tee "$OUT/diag-${m%%:*}.md"
  done
}

headline() {  # task name, model
  for seed in 0 1 2; do
    for objective in espo d1 wd1; do
      run "$1-$objective-s$seed" --model "$2" --objective "$objective" --seed "$seed" "${PROTOCOL[@]}"
    done
  done
}

ablation() {  # ESPO's KL estimator on Sudoku (k2 is the headline run)
  for seed in 0 1 2; do
    for kl in k1 k3; do
      run "sudoku-espo-$kl-s$seed" --model "$SD" --objective espo --kl "$kl" --seed "$seed" "${PROTOCOL[@]}"
    done
  done
}

pilots() {  # why lr 5e-5: ESPO on Countdown at larger steps, seed 0, otherwise the protocol
  for lr in 1e-4 2e-4; do
    run "pilot-countdown-espo-lr$lr" --model "$CD" --objective espo --seed 0 "${PROTOCOL[@]}" --rounds 20 --lr "$lr"
  done
}

rate() {  # seconds per ESPO round with both threads, to turn rounds into wall time; run when the machine is quiet
  local r=(--rounds 5 --prompts 32 --group 12 --iterations 2 --beta 0.01 --temperature 1.2 --lr 5e-5 --micro-batch 12
           --eval-every 0 --samples-every 0 --threads 2)
  for task in countdown:$CD sudoku:$SD; do
    local name="rate-${task%%:*}"
    rm -rf "${OUT:?}/$name"
    /usr/bin/time -f "%e %U %S" -o "$OUT/$name.time" nice -n 10 "$UNMASK" espo --model "${task#*:}" --out "$OUT/$name" "${r[@]}" \
      > /dev/null
    echo "$name: $(cat "$OUT/$name.time") (wall, user, sys seconds for 5 rounds at 2 threads)"
  done
}

recheck() {  # greedy decodes of 1024 fresh prompts (seed 99, never a training prompt of seeds 0–2) per final model
  for task in countdown:$CD sudoku:$SD; do
    local t=${task%%:*} models=("base:${task#*:}")
    for r in "$OUT/$t"-*-s[0-9]; do models+=("$(basename "$r"):$r/latest"); done
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

for stage in "${@:-diagnose countdown sudoku ablation recheck summary}"; do
  for s in $stage; do
    case $s in
      diagnose) diagnose ;;
      countdown) headline countdown "$CD" ;;
      sudoku) headline sudoku "$SD" ;;
      ablation) ablation ;;
      recheck) recheck ;;
      pilots) pilots ;;
      rate) rate ;;
      summary) summary ;;
      *) echo "unknown stage '$s'" >&2; exit 2 ;;
    esac
  done
done
