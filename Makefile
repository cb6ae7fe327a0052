# Two commands for a new machine (see README):  make site   and   make test
# Everything the project needs is installed from here: a venv with the package
# and its test tools, and Debian's chromium for the browser tests.
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site test setup chromium serve check clean

site: setup                       ## set up (once) and build the site into site/
	$(BIN)/explainer build

test: setup chromium              ## set up (once) and run the whole test suite
	$(BIN)/python -m pytest

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q generator   # an editable install writes no bytecode (nor does Python under PYTHONDONTWRITEBYTECODE)
	touch $@

chromium:                         ## Debian's chromium for Playwright (its own browser download is blocked here)
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

serve: setup
	$(BIN)/explainer serve

check: setup
	$(BIN)/explainer check

clean:
	rm -rf site .site-new-* .site-old-* .site.lock

.PHONY: bench
bench: setup                      ## newsroom-scale benchmark (see README, "Performance"); takes several minutes
	$(BIN)/python -m bench
