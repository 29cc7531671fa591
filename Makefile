# Collegium: the targets people expect.  `make run` and `make test` are the Quick start.
SHELL := /bin/bash
.DEFAULT_GOAL := help

export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/.venv
HOST ?= 127.0.0.1
PORT ?= 8000

# uv: the one on PATH, else a private copy bootstrapped with pip into .tools/.
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/bin/uv)
# Python >= 3.12: a pyenv build if there is one, else python3.13/python3.12 on PATH.
PYTHON_312 := $(shell for p in $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 $$(command -v python3.13 python3.12 2>/dev/null); do \
	"$$p" -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null && echo "$$p" && break; done)
PY := .venv/bin/python
COLLEGIUM := .venv/bin/collegium
PROD_ENV := DJANGO_SETTINGS_MODULE=collegium.settings.production \
	SECRET_KEY=check-deploy-only-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ

.PHONY: help install run serve demo test lint typecheck fmt check-migrations check-deploy messages pytest bench synth clean

help:
	@echo "make run    install, migrate, load the demo, serve on http://$(HOST):$(PORT) with the task worker"
	@echo "make test   install, lint, migration and deploy checks, the whole test suite"
	@echo "make bench  benchmark key pages and endpoints against a floor (writes var/bench/)"
	@echo "make lint | fmt | messages | clean"

$(CURDIR)/.tools/bin/uv:
	@test -n "$(PYTHON_312)" || { echo "Python >= 3.12 is needed (pyenv install 3.12)"; exit 1; }
	python3 -m venv .tools && .tools/bin/pip install --quiet uv

install: $(UV)
	@test -n "$(PYTHON_312)" || { echo "Python >= 3.12 is needed (pyenv install 3.12)"; exit 1; }
	$(UV) sync --frozen --python "$(PYTHON_312)" --quiet
	$(MAKE) --no-print-directory messages

messages:
	@$(COLLEGIUM) compilemessages --ignore=.venv --ignore=.tools -v0

run: install
	$(COLLEGIUM) migrate --no-input -v0
	$(COLLEGIUM) collectstatic --no-input -v0
	$(COLLEGIUM) demo
	$(COLLEGIUM) serve --bind $(HOST):$(PORT) --with-worker

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports --no-cache
	.venv/bin/mypy

typecheck: install
	.venv/bin/mypy

fmt: install
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

check-migrations:
	$(COLLEGIUM) makemigrations --check --dry-run -v1

check-deploy:
	$(PROD_ENV) $(COLLEGIUM) check --deploy --fail-level WARNING

# Parallel on every core (pytest-xdist); JOBS=0 runs in this process.
JOBS ?= auto
pytest:
	.venv/bin/pytest -n $(JOBS) $(PYTEST_ARGS)

test: lint check-migrations check-deploy pytest

bench: install
	$(PY) -m collegium.devdata.bench $(BENCH_ARGS)

clean:
	rm -rf var/ .pytest_cache .ruff_cache
