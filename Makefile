# Every target works on a fresh machine with only python3 >= 3.11 and make: .venv is created on demand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIPELINE := PYTHONPATH=openapi $(BIN)/python -m pipeline
PAGES ?= $(sort $(wildcard openapi/pages/*))

.PHONY: help install demo test generate merge import check-generated lint typecheck bench clean

help:
	@echo "make demo             run examples/quickstart.py (against the embedded fake unless SPLX_API_KEY is set)"
	@echo "make test             create .venv, install the project with dev dependencies, run the test suite"
	@echo "make generate         merge the fragments, generate the package, install overrides/, format (all or nothing)"
	@echo "make merge            print the API changes the fragments make against the committed spec"
	@echo "make check-generated  fail with a diff if the committed spec or package is not what make generate makes"
	@echo "make import [PAGES=..] import saved docs pages (default: all of openapi/pages/) into openapi/fragments/"
	@echo "make lint typecheck   ruff and mypy --strict on the hand-written code; pyright on examples/ and typed usage"
	@echo "make bench            run the benchmarks and write benchmarks/RESULTS.md"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python examples/quickstart.py

# Two processes on a 2-core machine halve the suite's time; whole files go to one worker (module fixtures run once).
# The serial tests (schemathesis: its cases cannot run in an xdist worker) run beside them in a process of their
# own, which uses the time the workers spend waiting on sockets; their output follows the workers'.
test: $(STAMP)
	@serial_log=$$(mktemp); \
	$(BIN)/python -m pytest -m serial > $$serial_log 2>&1 & serial=$$!; \
	$(BIN)/python -m pytest --numprocesses=auto --maxprocesses=4 --dist=loadfile -m "not serial"; status=$$?; \
	wait $$serial; serial_status=$$?; \
	echo "--- serial tests (python -m pytest -m serial)"; cat $$serial_log; rm -f $$serial_log; \
	test $$status -eq 0 && test $$serial_status -eq 0

import: $(STAMP)
	$(PIPELINE) import $(PAGES)

# Prints the API changes the fragments make against the committed spec; writes nothing (make generate does).
merge: $(STAMP)
	$(PIPELINE) merge --dry-run

# Atomic: the spec, CHANGELOG.md, the package and api.md are written only after every stage has passed.
generate: $(STAMP)
	$(PIPELINE) generate --merge --changelog CHANGELOG.md

check-generated: $(STAMP)
	$(PIPELINE) check

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy
	$(BIN)/pyright

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
