# crmlab: the two set-up commands are `make book` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.crmlab-installed
export PATH := $(CURDIR)/$(BIN):$(PATH)
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg
# Warnings in the book build are errors under `make test`.
JB_FLAGS ?= -n --keep-going

.PHONY: translations help book instructor-book cache-check test lab clean distclean exercises assets venv lock set-repository \
        unit unit-a unit-b nbval lint book-strict book-builds book-en-strict book-zh-strict \
        built-checks install-check linkcheck bench

help:
	@echo "Set-up and reading:"
	@echo "  make book             build the book into _build/html and its Chinese edition into"
	@echo "                        _build/html/zh (creates .venv on first use)"
	@echo "  make instructor-book  the edition with solutions and the instructor guide"
	@echo "  make lab              JupyterLab on the notebooks, widgets working"
	@echo "  make exercises        student notebooks and autograders into exercises/dist/"
	@echo "  make venv             only the virtual environment .venv (pinned dependencies)"
	@echo "  make assets           only the offline web assets (_vendor/, from npm)"
	@echo "Checks:"
	@echo "  make test             the whole suite (what CI runs): every stage below"
	@echo "  make lint             ruff; actionlint on .github/workflows"
	@echo "  make unit             unit, property and hostile-input tests (unit-a + unit-b)"
	@echo "  make unit-a           the first of the two halves make test runs side by side"
	@echo "  make unit-b           the second: grading sandbox, classroom server, hostile sweeps,"
	@echo "                        chart legibility"
	@echo "  make nbval            nbval over every notebook and master exercise"
	@echo "  make book-strict      book-builds, then built-checks"
	@echo "  make book-builds      book-en-strict and book-zh-strict"
	@echo "  make book-en-strict   the book and the instructor edition, warnings as errors"
	@echo "  make book-zh-strict   the Chinese edition, warnings as errors"
	@echo "  make built-checks     the checks of the built pages (tests/built)"
	@echo "  make install-check    the wheel alone in a fresh venv runs every notebook and exercise"
	@echo "  make cache-check      clear the notebook cache when src/ or datasets/ changed"
	@echo "  make linkcheck        check the book's external links (needs network; not in make test)"
	@echo "  make bench            run benchmarks/ and print one table (BENCH_FLAGS=--with-test adds make test)"
	@echo "Housekeeping:"
	@echo "  make clean            remove build output (keeps .venv)"
	@echo "  make distclean        remove build output and .venv"
	@echo "  make translations     update the Chinese edition's catalogs (locales/) from the English"
	@echo "  make lock             re-pin every dependency into requirements/constraints.txt"
	@echo "  make set-repository URL=https://github.com/you/crmlab   point a fork's book at its repository"
	@echo "  make help             this list"

$(STAMP): requirements/requirements.in requirements/constraints.txt pyproject.toml
	@echo "==> [setup] $(VENV): installing pinned dependencies and crmlab (first run: minutes)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23"
	$(BIN)/python -m pip install --progress-bar on \
		-r requirements/requirements.in -c requirements/constraints.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@# `crmlab grade` runs each submission in a bubblewrap sandbox: install Debian's where we can.
	@command -v bwrap >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
		&& (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap \
		>/dev/null) ; } || echo "note: install bubblewrap (apt-get install bubblewrap) for crmlab grade"
	@touch $@

venv: $(STAMP)

assets:
	@bash scripts/fetch_web_assets.sh

exercises: $(STAMP)
	@echo "==> [exercises] student editions and autograders into exercises/dist/"
	$(BIN)/python scripts/build_exercises.py

# jupyter-cache keys each notebook on its own text only, and Sphinx re-reads only changed
# sources: when the package or the datasets
# change, outputs would go stale. Clear the cache and the doctrees whenever their hash changes.
cache-check:
	@h=$$(cat $$(find src/crmlab datasets -type f \( -name '*.py' -o -name '*.csv' -o -name '*.md' -o -name '*.po' \) | sort) | sha256sum | cut -c1-16); \
	if [ "$$(cat _build/.source-hash 2>/dev/null)" != "$$h" ]; then \
	  rm -rf _build/.jupyter_cache _build/.doctrees _build/instructor/_build/.doctrees \
	    _build/.jupyter_cache_zh _build/zh/_build/.doctrees; \
	  mkdir -p _build; echo "$$h" > _build/.source-hash; \
	  echo "==> package or datasets changed: notebook outputs will be executed afresh"; \
	fi

instructor-book: $(STAMP) assets exercises cache-check
	@echo "==> [instructor book] solutions and the instructor guide, into _build/instructor/"
	$(BIN)/python scripts/instructor_book.py $(JB_FLAGS)
	@echo "==> The instructor edition is in _build/instructor/_build/html/index.html"

book: $(STAMP) assets exercises cache-check
	@echo "==> [book] executing notebooks (cached in _build/.jupyter_cache) and building HTML"
	$(BIN)/jupyter-book build . $(JB_FLAGS)
	@echo "==> [book] the Chinese edition (catalogs in locales/zh_CN; cache _build/.jupyter_cache_zh)"
	$(BIN)/python scripts/i18n.py build $(JB_FLAGS)
	@echo "==> The book is in _build/html/index.html, the Chinese edition in _build/html/zh/"

# The Chinese edition's catalogs: bring them in step with the English text (new text
# becomes untranslated messages; see scripts/i18n.py and CONTRIBUTING.md).
translations: $(STAMP)
	$(BIN)/python scripts/i18n.py update

lint: $(STAMP)
	@echo "==> [1/5] ruff; actionlint on the GitHub Actions workflows"
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/actionlint .github/workflows/*.yml

# The unit tests, in two parts that `make test` runs side by side: the sandboxed grading and the
# classroom server (mostly child processes) beside the rest.
UNIT_B := tests/grading tests/classroom tests/project/test_hostile.py tests/plots/test_plots_hostile.py \
	tests/plots/test_legibility.py tests/book/test_exercises_zh.py tests/widgets/test_widgets_hostile.py
unit: unit-a unit-b

unit-a: $(STAMP) exercises
	@echo "==> [2/5] unit tests (all but those of unit-b)"
	$(BIN)/python -m pytest tests --ignore=tests/built --ignore=tests/install \
		$(addprefix --ignore=,$(UNIT_B)) -p no:cacheprovider

unit-b: $(STAMP) exercises
	@echo "==> [2b/5] unit tests: grading sandbox, classroom server, hostile sweeps, chart legibility"
	$(BIN)/python -m pytest $(UNIT_B) -p no:cacheprovider

nbval: $(STAMP) exercises
	@echo "==> [3/5] nbval over every notebook and master exercise notebook (lax mode)"
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env -p no:cacheprovider \
		-p tests.built.nbval_record notebooks exercises/*.ipynb

book-strict: book-builds built-checks

book-builds: book-en-strict book-zh-strict

book-en-strict: $(STAMP) assets exercises cache-check
	@echo "==> [4/5] the book and the instructor edition, warnings as errors"
	$(BIN)/jupyter-book build . -n -W --keep-going
	$(BIN)/python scripts/instructor_book.py -n -W --keep-going

book-zh-strict: $(STAMP) assets exercises cache-check
	@echo "==> [4c/5] the Chinese edition, warnings as errors"
	$(BIN)/python scripts/i18n.py build -n -W --keep-going

# The reproducibility check compares the book's outputs with those nbval recorded: run nbval
# before these.
built-checks: $(STAMP)
	@echo "==> [4b/5] checks of the built pages (browser, legibility, navigation, reproducibility)"
	CRMLAB_REQUIRE_BUILD=1 $(BIN)/python -m pytest tests/built -p no:cacheprovider

# The reader's install: the built wheel alone (its declared dependencies, from PyPI) in a fresh
# venv runs every chapter notebook and every exercise's student edition, renamed, from an
# empty folder outside the repository.
install-check: $(STAMP)
	@echo "==> [5/5] the reader's install: the wheel alone in a fresh venv (pip reaches PyPI)"
	CRMLAB_INSTALL_CHECK=1 $(BIN)/python -m pytest tests/install -p no:cacheprovider

# Most stages use one core, so `make test` runs two streams side by side on the reference
# machine's two: (A) unit-a, nbval, the English book and the instructor edition, then (once
# B has built the Chinese edition) the built-page checks, which read what nbval recorded;
# (B) the Chinese edition, unit-b, then install-check with one notebook at a time. The
# prerequisites are made once, first (-o keeps the streams from rebuilding them at the same
# time). Stream B's output is printed when both have finished.
test: lint $(STAMP) assets exercises cache-check
	@log=$$(mktemp); zh=_build/.zh-build-status; rm -f $$zh; \
	( skip="-o exercises -o assets -o cache-check -o $(STAMP)"; \
	  $(MAKE) --no-print-directory $$skip book-zh-strict; z=$$?; echo $$z > $$zh; \
	  CRMLAB_INSTALL_WORKERS=1 $(MAKE) --no-print-directory -k $$skip unit-b install-check; \
	  u=$$?; [ $$z -eq 0 ] && [ $$u -eq 0 ] ) >"$$log" 2>&1 & pid=$$!; \
	$(MAKE) --no-print-directory -k -o exercises -o assets -o cache-check -o $(STAMP) \
		unit-a nbval book-en-strict; a=$$?; \
	while [ ! -f $$zh ] && kill -0 $$pid 2>/dev/null; do sleep 5; done; \
	$(MAKE) --no-print-directory -o $(STAMP) built-checks || a=1; \
	wait $$pid; b=$$?; \
	echo "==> stream B (the Chinese edition, unit-b, install-check), run beside the stages above:"; \
	cat "$$log"; rm -f "$$log"; \
	if [ $$a -ne 0 ] || [ $$b -ne 0 ]; then echo "==> make test: FAILED (stream A: $$a, stream B: $$b)"; exit 1; fi
	@echo "==> make test: all checks passed"

# External links, on demand (CI has no network). Reuses the book's execution cache; writes
# only under _build/linkcheck (the report: _build/linkcheck/_build/html/output.txt).
linkcheck: $(STAMP) assets exercises
	@echo "==> [linkcheck] every external link in the book"
	$(BIN)/jupyter-book build . --builder linkcheck --path-output _build/linkcheck

# Benchmarks: one table of build, notebook, widget and model timings (see benchmarks/README.md).
BENCH_FLAGS ?=
bench: $(STAMP) assets exercises
	$(BIN)/python benchmarks/run.py $(BENCH_FLAGS)

# As root (e.g. in a container) JupyterLab needs --allow-root.
LAB_FLAGS ?= $(if $(filter 0,$(shell id -u)),--allow-root,)
lab: $(STAMP)
	$(BIN)/jupyter lab $(LAB_FLAGS) notebooks

clean:
	rm -rf _build _vendor exercises/dist .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)

# Re-pin every dependency: resolve requirements.in in a scratch venv and freeze it.
lock:
	rm -rf /tmp/crmlab-lock && $(PYTHON) -m venv /tmp/crmlab-lock
	/tmp/crmlab-lock/bin/pip install --quiet -r requirements/requirements.in
	/tmp/crmlab-lock/bin/pip freeze --exclude crmlab > requirements/constraints.txt
	@echo "requirements/constraints.txt updated"

# For forks: point the book's buttons and the notebooks' Colab set-up cell at URL.
set-repository: $(STAMP)
	@test -n "$(URL)" || { echo "usage: make set-repository URL=https://github.com/you/crmlab"; exit 2; }
	$(BIN)/python scripts/set_repository.py "$(URL)"
