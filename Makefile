# Media framing analysis — run `make help` for the targets.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FRAMING := $(VENV)/bin/framing
STAMP := $(VENV)/.installed
JOBS ?= 2
N ?= 20000
REPEAT ?= 3

.DEFAULT_GOAL := help
.PHONY: help setup report ingest test test-fast lint format bench lab clean-reports

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

# (Re)install whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (framing)" >/dev/null
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv and install the package with its dev tools

report: $(STAMP) ## Run every notebook on the bundled corpus; writes reports/latest/index.html
	$(FRAMING) run --config notebooks/batch.yaml --jobs $(JOBS) --out reports

ingest: $(STAMP) ## Clean the bundled corpus into reports/ingest
	$(FRAMING) ingest data/ --out reports/ingest

test: $(STAMP) ## Run the whole test suite (doctests, unit tests, notebooks)
	$(PY) -m pytest

test-fast: $(STAMP) ## Run the tests but skip the slow notebook runs
	$(PY) -m pytest -m "not slow"

lint: $(STAMP) ## Check style with ruff and the package's layers with import-linter
	$(VENV)/bin/ruff check analysis tests bench notebooks
	$(VENV)/bin/lint-imports

format: $(STAMP) ## Format the code with ruff
	$(VENV)/bin/ruff format analysis tests bench

bench: $(STAMP) ## Throughput, memory, syndication and Dask benchmarks on synthetic corpora (N=20000 articles)
	$(PY) bench/bench_scoring.py --articles $(N) --jobs $(JOBS)
	$(PY) bench/bench_terms.py --articles $(N)
	$(PY) bench/bench_syndication.py --articles $(N)
	$(PY) bench/bench_dask.py --articles $(N) --jobs $(JOBS) --repeat $(REPEAT)

lab: $(STAMP) ## Open JupyterLab on notebooks/
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

clean-reports: ## Delete generated reports
	rm -rf reports/
