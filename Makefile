# One command each: `make run` (set up, ingest, then the bot, the console chat or one sample answer), `make test`, `make lint`, `make bench`.
# The interpreter the virtualenv is made from, Python 3.11 to 3.13: `make setup PYTHON=python3.12`.
# An existing $(VENV) is kept whatever it was made from: give another VENV, or remove it first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
QUESTION ?= Nhiệm vụ trọng tâm năm 2018 là gì?

.PHONY: setup run test lint format bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if (3, 11) <= v < (3, 14) else \
		"hỏi đáp needs Python 3.11, 3.12 or 3.13; $(PYTHON) is %d.%d: try make setup PYTHON=python3.11" % v)'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch first, pinned: on Python 3.11 this takes a CPU build where one lies in pip's
	# find-links; else it is PyPI's Linux build, which is the CUDA one (about 6 GB in the venv,
	# see the README for the CPU build). torch only exports the embedding model to ONNX once
	# and runs EMBEDDING_BACKEND=torch.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Tesseract is a system package, not pip's: only named here (see the README).
setup: $(STAMP)
	@command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie \
		|| echo "note: OCR of scanned PDFs and images needs Tesseract with Vietnamese data:" \
			"sudo apt-get install tesseract-ocr tesseract-ocr-vie (without it those files are" \
			"reported as unreadable and the OCR tests skip)"

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
