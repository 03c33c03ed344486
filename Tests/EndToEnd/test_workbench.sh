#!/usr/bin/env bash
# End-to-end scenarios of the workbench (`unmask`, `unmask tui --model DIR`) in tmux, as a user
# drives it. Run from the repository root: UNMASK=.build/debug/unmask bash Tests/EndToEnd/test_workbench.sh
source "$(dirname "$0")/workbench_env.sh"

test_open_and_quit() {
    app_start -- 
    wait_for 'Unmask · countdown' && wait_for "$READY" && wait_for "$DONE" || return 1
    wait_for 'reward [0-9.]+ · (solved|not solved)' || return 1
    wait_for '▸ strategy +llada' && wait_for 'masked per step · NFE 16' || return 1
    send q
    wait_exit && expect_status 0 && wait_for '^unmask: bye$' && terminal_restored
}

test_play_and_scrub() {
    app_start -- tui --model Examples/models/countdown
    wait_for "$DONE" || return 1
    send Home && wait_for 'step 0/16 · t 1.00' || return 1
    send Right Right && wait_for 'step 2/16 ·' || return 1
    send Left && wait_for 'step 1/16 ·' || return 1
    send PageDown && wait_for 'step 11/16 ·' || return 1
    send Home ']' ']' ']' && wait_for '64 steps/s' || return 1
    send Space && wait_for '▶  step' && wait_for '‖  step 16/16' || return 1
}

test_schedule_changes_resample() {
    app_start -- tui --model Examples/models/countdown
    wait_for "$DONE" || return 1
    local before after
    send Down Down && wait_for '▸ steps +16' || return 1
    send - && wait_for '· 14 steps ·' && wait_for 'step 14/14 ·' && wait_for 'NFE 14 ·' || return 1
    send Up && wait_for '▸ remasking +low-confidence' || return 1
    send + && wait_for 'llada random' && wait_for "$DONE" || return 1
    send : && wait_for '^:▏' || return 1
    send -l 'set steps 4' && send Enter && wait_for '· 4 steps ·' && wait_for 'step 4/4 ·' || return 1
    send : && send -l 'set steps zero' && send Enter && wait_for "steps: 'zero' is not an integer" || return 1
}

# The key/value cache from the keyboard: the schedule editor shows the compute it saves, the
# title names it, the step line says how many positions a cached step computed, and `c` reaches
# the colouring that dims what came from the cache.
test_cache_knob() {
    app_start -- tui --model Examples/models/countdown
    wait_for "$DONE" || return 1
    send : && send -l 'set block 4' && send Enter && wait_for "$DONE" || return 1
    send : && send -l 'set cache dual' && send Enter && wait_for '· dual cache' || return 1
    wait_for 'compute [0-9.]+ passes \(−[0-9]+%\)' && wait_for "$DONE" || return 1
    send Home Right Right && wait_for 'step 2/16 .* computed 4/27' || return 1
    send c c && wait_for 'tokens coloured by computed / cached' || return 1
    send : && send -l 'set cache sometimes' && send Enter && wait_for "cache: 'sometimes' is not none, prefix, dual" || return 1
    send q && wait_exit && expect_status 0
}

# At 80×24 the schedule editor shows two of the image model's knobs: j past them once moved the
# marker off screen, and + changed cfg unseen. The list follows the selection.
test_schedule_scrolls_at_80x24() {
    app_start -s 80x24 -- tui --model Examples/models/glyphs
    wait_for "$DONE" || return 1
    send j j j j && wait_for '▸ cfg +2 ' && wait_for '↑3' || return 1
    send + && wait_for '▸ cfg +2\.5 ' || return 1
    send q && wait_exit && expect_status 0
}

# The length knob past the model: once SIGILL in the predictions (and a training run with it).
# Now refused with the reason; the app stays up and keeps the sample.
test_length_past_the_model_is_refused() {
    app_start -- tui --model Examples/models/countdown
    wait_for "$DONE" || return 1
    send j j j && wait_for '▸ length +16' || return 1
    send + && wait_for 'not applied: prompt \(11\) \+ generation_length \(20\) exceeds the model' || return 1
    wait_for '▸ length +16' || return 1
    send Home && wait_for 'step 0/16 · t 1.00' || return 1
    send : && send -l 'set length 100' && send Enter && wait_for 'not applied: prompt \(11\)' || return 1
    send End l l && wait_for 'Cursor @13' || return 1
    send q && wait_exit && expect_status 0
}

test_branch_and_pin() {
    app_start -- tui --model Examples/models/countdown
    wait_for "$DONE" || return 1
    send Home Right Right Right Right && wait_for 'step 4/16 ·' || return 1
    send b && wait_for 'branches  main · b1 \(step 4\)' && wait_for 'Trajectory.* b1 · row' || return 1
    send B && wait_for 'Trajectory.* main · row' || return 1
    # Pin the second-best candidate at a position still masked at step 4.
    # The prompt is 11 tokens, so eight moves put the cursor on position 19; wait for its
    # candidates there (not for those of a position the cursor passed on the way).
    send Home Right Right Right Right l l l l l l l l && wait_for "Cursor @19 " || return 1
    wait_for "'[^']+' [0-9]\.[0-9]{2} +'" || return 1
    send p && wait_for "branch b2 from step 4 with '.*' pinned at" && wait_for "b2 \\(step 4, '[^']+'@19\\)" || return 1
}

test_image_pane() {
    app_start -- tui --model Examples/models/glyphs
    wait_for 'Unmask · glyphs' && wait_for 'Image samples' && wait_for "$DONE" || return 1
    send Home Right Right && wait_for 'step 2/16 · t' || return 1
    screen | grep -qE '░' || { echo "  no masked patches drawn at step 2" >&2; return 1; }
}

# Reads the last "bits/token  X ± Y" from the screen and prints Y.
elbo_error() { screen | grep -oE 'bits/token +[0-9.]+ ± [0-9.]+' | tail -n 1 | awk '{print $4}'; }

test_elbo_converges() {
    app_start -- tui --model Examples/models/countdown
    wait_for "$DONE" || return 1
    send : && send -l 'units 400' && send Enter
    send 4 && wait_for 'estimator +espo' || return 1
    send e && wait_for 'units +[0-9]+ / 400' && wait_for 'bits/token +[0-9.]+ ± ' || return 1
    wait_for 'units +([4-9][0-9]|[1-9][0-9][0-9]) / 400' 30 || return 1
    local early late
    early=$(elbo_error)
    wait_for 'units +400 / 400' 60 || return 1
    late=$(elbo_error)
    awk -v a="$early" -v b="$late" 'BEGIN { exit !(b < a) }' || { echo "  s.e. did not shrink: $early → $late" >&2; return 1; }
}

test_training_curve() {
    app_start -- tui --model Examples/models/countdown --run "$WORK/run"
    wait_for "$DONE" || return 1
    send 5 && wait_for 'objective +espo' || return 1
    send t && wait_for 'espo running' 30 || return 1
    wait_for 'round [2-9]/' 120 || return 1
    wait_for '╭─ reward ─+ [0-9.]+ · step [0-9]+ ─╮' || return 1
    wait_for 'round [3-9]/' 120 || return 1
    screen | grep -qE '⠁|⠂|⠄|⡀|⠈|⠐|⠠|⢀|⠉|⠒|⠤|⣀|⠑|⠢|⡠|⠊|⠔|⢄|⡄|⠃' || { echo "  no braille curve drawn" >&2; return 1; }
    send t && wait_for 'paused at round [0-9]+ · saved' 120 || return 1
    [ -s "$WORK/run/metrics.jsonl" ] && [ -e "$WORK/run/latest/model.safetensors" ] || { echo "  run not on disk" >&2; return 1; }
    send q && wait_exit || return 1
    # The run the Train tab wrote is an `unmask espo` run: the CLI resumes it for one more round.
    local round
    round=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[\"round\"])" "$WORK/run/latest/rl_state.json")
    "$UNMASK" espo --out "$WORK/run" --resume --rounds $((round + 1)) > "$WORK/resume.txt" 2>&1 \
        || { cat "$WORK/resume.txt" >&2; return 1; }
    grep -q "resuming $WORK/run at round $round/" "$WORK/resume.txt" && grep -q "done: $((round + 1)) rounds" "$WORK/resume.txt" \
        || return 1
    # `:run` on the existing folder shows its settings, round and curves (it once said "no rounds yet").
    tm kill-session -t e2e && tm kill-session -t hold
    app_start -- tui --model Examples/models/countdown
    wait_for "$DONE" || return 1
    send 5 && send : && send -l "run $WORK/run" && send Enter || return 1
    wait_for "paused at round $((round + 1)) · t resumes" && wait_for "round $((round + 1))/" || return 1
    wait_for '╭─ reward ─+ [0-9.]+ · step [0-9]+ ─╮' || return 1
    send q && wait_exit || return 1
    # So does `--run` at start (it once showed the model's default folder until training began).
    tm kill-session -t e2e && tm kill-session -t hold
    app_start -- tui --model Examples/models/countdown --run "$WORK/run"
    wait_for "$DONE" || return 1
    send 5 && wait_for "paused at round $((round + 1)) · t resumes" && wait_for "round $((round + 1))/" || return 1
    send q && wait_exit
}

# `make install-files PREFIX=…` puts the binary, themes and demo models where the installed
# binary finds them, from any working directory.
test_installed_binary_finds_models_and_themes() {
    local prefix="$WORK/prefix" repo=$UNMASK
    make -s install-files PREFIX="$prefix" BIN="$UNMASK" >/dev/null || return 1
    UNMASK="$prefix/bin/unmask"
    pushd / >/dev/null && app_start -- && popd >/dev/null
    UNMASK=$repo
    wait_for 'Unmask · countdown' && wait_for "$DONE" || return 1
    send 6 && wait_for 'glyphs' && wait_for 'sudoku4' || return 1
    send T && wait_for 'theme (light|high-contrast|monochrome|nord)' || return 1
    # The text model's held-out windows come from its training text, installed beside it and
    # found from the model folder (the app runs in /).
    send : && send -l "model $prefix/share/unmask/Examples/models/text" && send Enter && wait_for 'Unmask · text' || return 1
    send : && send -l 'sweep 2' && send Enter && wait_for '2 held-out prompts per config · done' 60 || return 1
    send q && wait_exit && expect_status 0
}

# A checkout's binary on PATH, started from another folder (argv[0] is then just "unmask"):
# it once found no demo models ("no Examples/models here").
test_checkout_binary_on_path() {
    local repo=$UNMASK
    UNMASK=unmask
    pushd / >/dev/null && app_start -e "PATH=$(dirname "$repo"):$PATH" -- && popd >/dev/null
    UNMASK=$repo
    wait_for 'Unmask · countdown' && wait_for "$DONE" || return 1
    send q && wait_exit && expect_status 0
}

test_resize_and_theme() {
    app_start -- tui --model Examples/models/countdown
    wait_for "$DONE" || return 1
    resize 90 30 && wait_for 'Schedule · main' || return 1
    resize 60 20 && wait_for 'need 80×24, have 60×20' || return 1
    resize 120 40 && wait_for 'Trajectory' || return 1
    send T && wait_for 'theme (light|high-contrast|monochrome|nord)' || return 1
    send '?' && wait_for 'Keys · / search · \? or Esc closes' && wait_for 'pin next candidate' || return 1
    send Escape && send q
    wait_exit && expect_status 0 && terminal_restored
}

test_models_tab_and_export() {
    app_start -- tui --model Examples/models/countdown
    wait_for "$DONE" || return 1
    send 6 && wait_for '● countdown' || return 1
    send : && send -l "export trajectory $WORK/t.jsonl" && send Enter && wait_for "exported $WORK/t.jsonl" || return 1
    head -n 1 "$WORK/t.jsonl" | grep -q '"format":"unmask-trajectory"' || { echo "  not a trajectory file" >&2; return 1; }
    send : && send -l "export screen $WORK/s.txt" && send Enter && wait_for "exported $WORK/s.txt" || return 1
    grep -q 'Unmask · countdown' "$WORK/s.txt" || return 1
}

test_replay_recorded_file() {
    # Recorded from a (tiny, random) PyTorch LLaDA: no weights here, display only.
    local f=Examples/recorders/tiny-llada.trajectory.jsonl
    app_start -- replay "$f"
    wait_for "replaying $f" && wait_for 'step 0/[0-9]+ ·' && wait_for 'recorded · row 1/' || return 1
    send End && wait_for 'step ([0-9]+)/\1 ·' || return 1
    send r && wait_for 'no weights to sample' || return 1
    send q
    wait_exit && expect_status 0 && terminal_restored
}

test_replay_with_weights() {
    "$UNMASK" sample --model Examples/models/countdown --steps 8 --out "$WORK/s.jsonl" >/dev/null || return 1
    app_start -- replay "$WORK/s.jsonl"
    wait_for 'Unmask · countdown' && wait_for 'step 0/8 ·' && wait_for 'recorded · row 1/' || return 1
    send End && wait_for 'step 8/8 ·' || return 1
    # Resampled with other settings, main is no longer the recording (it kept the name once).
    send : && send -l 'set steps 4' && send Enter && wait_for 'step 4/4 ·' && wait_for "$DONE" || return 1
    wait_for 'main · row 1/' || return 1
}

# A model folder with a Hugging Face tokenizer.json (the text demo's characters as a merge-free
# BPE) and a ChatML template: a typed prompt is sampled wrapped in the template, as typed after
# `:chat off`, and its tokens read as text with spaces shown as ␣.
test_hf_tokenizer_and_chat() {
    cp -R Examples/models/text "$WORK/hf" || return 1
    python3 - "$WORK/hf" <<'PY' || return 1
import json, sys
folder = sys.argv[1]
chars = json.load(open(folder + "/tokenizer.json", encoding="utf-8"))["tokens"]
doc = {"added_tokens": [], "normalizer": None, "pre_tokenizer": None, "decoder": {"type": "Fuse"},
       "model": {"type": "BPE", "vocab": {c: i for i, c in enumerate(chars)}, "merges": []}}
json.dump(doc, open(folder + "/tokenizer.json", "w", encoding="utf-8"), ensure_ascii=False)
template = ("{%- for message in messages %}{{- '<|im_start|>' + message.role + '\\n' + message.content"
            " + '<|im_end|>\\n' }}{%- endfor %}{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}")
json.dump({"chat_template": template}, open(folder + "/tokenizer_config.json", "w"))
PY
    app_start -- tui --model "$WORK/hf"
    wait_for "$DONE" || return 1
    # 16 generated of the model's 64 positions leave 48 for the wrapped prompt (57 characters).
    send : && send -l 'set length 16' && send Enter && wait_for "$DONE" || return 1
    send : && send -l 'prompt the cat' && send Enter && wait_for 'user␊the␣cat<\|im_end\|>␊<\|im_start\|>assistant␊' || return 1
    send : && send -l 'chat off' && send Enter && wait_for 'prompts are used as typed' || return 1
    wait_for "$DONE" && wait_for '^│the␣cat' && ! screen | grep -q 'im_start' || { echo "  the template is still there" >&2; return 1; }
    send q && wait_exit && expect_status 0
}

# A Hugging Face folder (transformers-made LLaMA, GQA, mask id 5 of 40 rows) opened in place
# with a vocabulary tokenizer in the folder's ids: "f" is the mask's row and is never written.
test_hugging_face_folder_in_place() {
    cp -R Tests/MaskedDiffusionTests/Fixtures/hf_families/llama-gqa-f32 "$WORK/hf-llama" || return 1
    printf '{"kind": "vocabulary", "tokens": [%s]}' \
        "$(printf '"%s",' a b c d e f g h i j k l m n o p q r s t u v w x y z A B C D E F G H I J K L M N | sed 's/,$//')" \
        > "$WORK/hf-llama/tokenizer.json"
    app_start -- tui --model "$WORK/hf-llama"
    wait_for 'Unmask · hf-llama' && wait_for "$READY" && wait_for "$DONE" || return 1
    local row
    row=$(screen | grep -oE '^│[a-zA-Z]{48} ' | head -n 1)
    [ -n "$row" ] && [[ "$row" != *f* ]] || { echo "  sampled row '$row' missing or holds the mask's letter" >&2; return 1; }
    ! screen | grep -q "'f' [0-9]" || { echo "  the mask's letter is offered as a candidate" >&2; return 1; }
    send q
    wait_exit && expect_status 0 && terminal_restored
}

check open_and_quit test_open_and_quit
check hugging_face_folder_in_place test_hugging_face_folder_in_place
check play_and_scrub test_play_and_scrub
check schedule_changes_resample test_schedule_changes_resample
check cache_knob test_cache_knob
check schedule_scrolls_at_80x24 test_schedule_scrolls_at_80x24
check length_past_the_model_is_refused test_length_past_the_model_is_refused
check branch_and_pin test_branch_and_pin
check image_pane test_image_pane
check elbo_converges test_elbo_converges
check training_curve test_training_curve
check installed_binary test_installed_binary_finds_models_and_themes
check checkout_binary_on_path test_checkout_binary_on_path
check resize_and_theme test_resize_and_theme
check models_tab_and_export test_models_tab_and_export
check replay_recorded_file test_replay_recorded_file
check replay_with_weights test_replay_with_weights
check hf_tokenizer_and_chat test_hf_tokenizer_and_chat
summary
