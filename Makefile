# Unmask: `make run` opens the workbench, `make test` runs every test. Both install the
# system packages a fresh Debian machine lacks, so they are the only two set-up commands.

SWIFT      ?= swift
APT_PKGS   := libncursesw5-dev libopenblas-dev ncurses-term libpng-dev
RELEASE    := .build/release
DEBUG      := .build/debug
# Python with torch for `make bench-compare` (see Benchmarks/README.md); never inside the repo.
TORCH_PY   ?= $(shell for p in "$$TORCH_PY" /work/torch-venv/bin/python python3; do \
                [ -x "$$(command -v $$p 2>/dev/null)" ] && $$p -c 'import torch' 2>/dev/null && { echo $$p; break; }; done)
TORCH_REF  ?= Benchmarks/reference/torch_ref.py

.PHONY: deps deps-python build install install-files lint run test test-unit test-e2e test-recorder bench bench-compare fuzz clean

## Install missing system packages (Debian): ncursesw headers, OpenBLAS, truecolor terminfo.
deps:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c release --product unmask

## Installs the binary to PREFIX/bin and its themes, demo models and the text model's training
## text (its held-out set) to PREFIX/share/unmask, where the installed binary looks for them.
PREFIX ?= /usr/local
BIN    ?= $(RELEASE)/unmask
install: build install-files

install-files:
	install -d "$(PREFIX)/bin" "$(PREFIX)/share/unmask/Themes" "$(PREFIX)/share/unmask/Examples/models" \
	  "$(PREFIX)/share/unmask/Examples/data"
	install -m 755 "$(BIN)" "$(PREFIX)/bin/unmask"
	cp Themes/*.toml "$(PREFIX)/share/unmask/Themes/"
	cp -R Examples/models/* "$(PREFIX)/share/unmask/Examples/models/"
	cp Examples/data/* "$(PREFIX)/share/unmask/Examples/data/"

run: build
	$(RELEASE)/unmask

test: deps deps-python test-unit test-e2e

## Python packages the cross-checks read reference files with (never torch: see test-recorder).
deps-python:
	@python3 -c 'import safetensors, numpy, tensorboard' 2>/dev/null || python3 -m pip install -q safetensors numpy tensorboard

## The unit tests' scratch folders (run folders, models, trajectories) go under one folder that
## each run empties first, instead of piling up in /tmp (1.3 GB over a few days of runs). The
## end-to-end scripts clean up after themselves and keep /tmp: their screens show paths, and a
## short one keeps a message on one line.
TEST_TMP := $(CURDIR)/.build/test-tmp

test-unit:
	$(SWIFT) build --build-tests
	rm -rf "$(TEST_TMP)" && mkdir -p "$(TEST_TMP)"
	TMPDIR="$(TEST_TMP)" $(SWIFT) test --skip-build

test-e2e:
	$(SWIFT) build --product unmask
	$(SWIFT) build --product unmask-bench
	@if ls Tests/EndToEnd/test_*.sh >/dev/null 2>&1; then \
	  for t in Tests/EndToEnd/test_*.sh; do UNMASK=$(DEBUG)/unmask bash $$t || exit 1; done; \
	fi

## Records trajectories from a tiny random PyTorch model with Examples/recorders/record_llada.py and checks
## that `unmask replay --check` reads them; then serves that model with Examples/backends/serve_torch.py to
## `unmask sample --backend` and checks the streamed steps equal the recorder's and plain generate's; and
## checks a bundled Unmask checkpoint, served as a Hugging Face folder, samples greedily the same tokens at
## every step in the Swift engine and in serve_torch.py.
## torch is too large for every run, so it lives in a virtualenv outside the repo (TORCH_PY above); not
## part of `make test`.
test-recorder:
	@if [ -z "$(TORCH_PY)" ]; then \
	  echo "torch is not importable. Create a virtualenv outside the repo and point TORCH_PY at it:"; \
	  echo "  python3 -m venv /work/torch-venv && /work/torch-venv/bin/pip install 'torch==2.13.0+cpu' numpy"; \
	  echo "  (or plain 'pip install torch numpy'), then: make test-recorder TORCH_PY=/work/torch-venv/bin/python"; \
	  exit 1; fi
	$(SWIFT) build --product unmask
	$(TORCH_PY) Examples/recorders/test_recorder.py --unmask $(DEBUG)/unmask
	$(TORCH_PY) Examples/backends/test_serve_torch.py --unmask $(DEBUG)/unmask
	$(TORCH_PY) Examples/backends/test_parity.py --unmask $(DEBUG)/unmask

bench: deps
	$(SWIFT) build -c release --product unmask
	$(SWIFT) build -c release --product unmask-bench
	$(RELEASE)/unmask-bench

## Style check against .swift-format (swift-format ships with the toolchain).
lint:
	$(SWIFT) format lint --strict -r Sources Tests Benchmarks Examples/gallery Package.swift

## Alternates the engine and PyTorch's reference (same architecture) and prints Unmask/PyTorch ratios.
## Fuzzes every file parser with libFuzzer (Swift's -sanitize=fuzzer, with AddressSanitizer):
## FUZZ_RUNS executions per target, new inputs kept in .build-fuzz/corpus/, seeds from Tests/Fuzz/Corpus.
## `make test` replays the seeds and fixed mutations of them without libFuzzer (FuzzReplayTests).
## lld links it (gold crashes on the instrumented objects); Tests/Fuzz/lsan.supp names Foundation's own leaks.
FUZZ_RUNS    ?= 1000000
FUZZ_TARGETS ?= safetensors config tokenizer trajectory theme events metrics trainer-state
fuzz: deps
	$(SWIFT) build -c release --product unmask-fuzz --scratch-path .build-fuzz \
	  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p .build-fuzz/corpus/$$t; \
	  echo "== $$t"; \
	  LSAN_OPTIONS=suppressions=Tests/Fuzz/lsan.supp UNMASK_FUZZ_TARGET=$$t .build-fuzz/release/unmask-fuzz -runs=$(FUZZ_RUNS) -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix=.build-fuzz/crash-$$t- .build-fuzz/corpus/$$t Tests/Fuzz/Corpus/$$t \
	    > .build-fuzz/$$t.log 2>&1; status=$$?; \
	  grep -E '^(#[0-9]+[[:space:]]+(INITED|DONE)|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)' .build-fuzz/$$t.log; \
	  [ $$status -eq 0 ] || { tail -40 .build-fuzz/$$t.log; exit 1; }; \
	done

bench-compare: deps
	$(SWIFT) build -c release --product unmask-bench
	@if [ -z "$(TORCH_PY)" ]; then echo "torch is not importable: see Benchmarks/README.md (set TORCH_PY)"; exit 1; fi
	$(RELEASE)/unmask-bench compare --torch-python "$(TORCH_PY)" --torch-ref "$(TORCH_REF)"

clean:
	rm -rf .build
