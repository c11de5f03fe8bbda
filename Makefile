# One command each: `make run` (set up, ingest, then the bot, the console chat or one sample answer), `make test`, `make lint`, `make bench`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
QUESTION ?= Nhiệm vụ trọng tâm năm 2018 là gì?

.PHONY: setup run test lint format bench clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# The CPU build of torch first: with it in place nothing else can pull a multi-GB CUDA build.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# After ingestion: the Telegram bot when TELEGRAM_BOT_TOKEN is set (environment or .env),
# else the console chat when run from a terminal, else (CI, a pipe: no TTY) one answer to
# QUESTION. `bot --auto` decides, because it reads .env the same way the bot does; a shell
# test here would miss a token that is only in .env.
run: setup
	$(PY) -m ingest
	$(PY) -m bot --auto --question "$(QUESTION)"

test: setup
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: setup
	$(PY) bench/bench_ingest.py

clean:
	rm -rf data/chroma data/bench
