# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: run test bench bench-startup bench-tui bench-entities bench-timeline bench-contradictions clean tools

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Command-line tools the tests drive in real pipes, and the PostgreSQL server
# binaries for tests/pgserver.py (which runs its own server in a temporary
# directory; a temporary policy-rc.d keeps the Debian package from starting a
# system cluster, which the tests never use).
tools:
	@command -v jq >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && apt-get install -y -qq jq >/dev/null; \
	  else echo "make: please install jq (the tests pipe JSON through it)" >&2; exit 1; fi; }
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    policy=; [ -e /usr/sbin/policy-rc.d ] || { policy=/usr/sbin/policy-rc.d; \
	      printf '#!/bin/sh\nexit 101\n' > $$policy; chmod +x $$policy; }; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 postgresql-contrib >/dev/null; \
	    status=$$?; [ -z "$$policy" ] || rm -f $$policy; exit $$status; \
	  else echo "make: PostgreSQL server not found (/usr/lib/postgresql/*/bin/initdb): the PostgreSQL tests will be skipped" >&2; fi; }

run: $(STAMP)
	$(BIN)/newsdesk $(ARGS)

test: $(STAMP) tools
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/search.py

bench-startup: $(STAMP)
	$(BIN)/python bench/startup.py

bench-tui: $(STAMP)
	$(BIN)/python bench/tui.py

bench-entities: $(STAMP)
	$(BIN)/python bench/entities.py

bench-contradictions: $(STAMP)
	$(BIN)/python bench/contradictions.py

# whoosh, tantivy and PostgreSQL (a throwaway server: `tools` installs it)
# against raw tantivy, on Reuters and 200,000 generated articles (cached in
# /tmp/newsdesk-bench-backends).  BACKENDS_ARGS=--quick for a smoke test.
.PHONY: bench-backends
bench-backends: $(STAMP) tools
	$(BIN)/python bench/backends.py $(BACKENDS_ARGS)

# The timeline benchmark's baseline (dateparser) comes from the bench extra.
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $(BENCH_STAMP)

bench-timeline: $(BENCH_STAMP)
	$(BIN)/python bench/timeline.py

# atheris (libFuzzer) on the readers, the query language, the date
# normalisers and the alias merger, FUZZ_RUNS inputs each (not part of `make
# test`).  A harness stops at the first undocumented exception, leaves the
# input in build/fuzz/crash-*, and the target fails.  See fuzz/README.md.
FUZZ_RUNS ?= 100000
FUZZ_TARGETS ?= readers query dates aliases
FUZZ_STAMP := $(VENV)/.installed-fuzz

$(FUZZ_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[fuzz]'
	touch $(FUZZ_STAMP)

.PHONY: fuzz
fuzz: $(FUZZ_STAMP)
	@mkdir -p build/fuzz
	@for target in $(FUZZ_TARGETS); do \
	  mkdir -p build/fuzz/corpus-$$target; \
	  echo "fuzz: $$target, $(FUZZ_RUNS) runs" >&2; \
	  $(BIN)/python fuzz/$$target.py -runs=$(FUZZ_RUNS) -max_len=4096 -timeout=20 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix=build/fuzz/ build/fuzz/corpus-$$target fuzz/seeds/$$target \
	    || exit 1; \
	done

clean:
	rm -rf $(VENV) build dist *.egg-info
