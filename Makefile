# The two set-up commands of the README: `make run` (the chat UI) and `make test` (the suite).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install chromium

run: install
	$(BIN)/article-qa serve

test: install chromium
	$(BIN)/python -m pytest

# The browser tests drive Debian's chromium; playwright never downloads a browser.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
chromium:
	@test -x /usr/bin/chromium || { $(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

install: $(STAMP)

# torch comes first and pinned: 2.13.0 is the CPU build; an unpinned torch pulls CUDA.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[ui,eval,test,postgres,api,ray]'
	touch $(STAMP)
