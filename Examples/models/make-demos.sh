#!/usr/bin/env bash
# Re-trains the bundled demo models from scratch, exactly as shipped (each ~5–7 minutes on
# 2 cores), and copies each final checkpoint (without optimizer state) into Examples/models/.
#   usage: Examples/models/make-demos.sh [countdown|sudoku4|glyphs|text ...]   (default: all)
set -euo pipefail
cd "$(dirname "$0")/../.."
UNMASK=${UNMASK:-.build/release/unmask}
RUNS=${RUNS:-.build-demos}

train() {  # name, then `unmask train` arguments
  local name=$1; shift
  rm -rf "$RUNS/$name"
  "$UNMASK" train "$@" --out "$RUNS/$name" --log-every 500
  mkdir -p "Examples/models/$name"
  for f in config.json model.safetensors tokenizer.json trainer_state.json; do
    cp "$RUNS/$name/latest/$f" "Examples/models/$name/$f"
  done
}

for demo in "${@:-countdown sudoku4 glyphs text}"; do
  for d in $demo; do
    case $d in
      countdown) train countdown --task countdown --preset small --steps 4000 --batch 64 --lr 1e-3 --warmup 200 --seed 0 ;;
      # Deliberately under-trained (tiny, 600 steps) so RL has room: 13% solved, 56% of cells.
      sudoku4)   train sudoku4 --task sudoku --preset tiny --steps 600 --batch 32 --lr 1e-3 --warmup 50 --seed 0 --threads 1 ;;
      glyphs)    train glyphs --task glyphs --preset small --steps 3000 --batch 32 --lr 1e-3 --warmup 200 --seed 0 ;;
      text)      train text --task text Examples/data/corpus.txt --seq-len 64 --preset small --steps 2500 --batch 32 \
                   --lr 1e-3 --warmup 200 --seed 0 ;;
      *) echo "unknown demo '$d'" >&2; exit 2 ;;
    esac
  done
done
