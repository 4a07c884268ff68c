# The two set-up commands of the README: `make run` (the chat UI) and `make test` (the suite).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install

run: install
	$(BIN)/article-qa serve

test: install
	$(BIN)/python -m pytest

install: $(STAMP)

# torch comes first and pinned: 2.13.0 is the CPU build; an unpinned torch pulls CUDA.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[ui,eval,test]'
	touch $(STAMP)
