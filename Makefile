# Makefile for WEXO's privacy policy, after the Sphinx quickstart and CPython's Doc/Makefile.
# Every target that runs Python first makes sure .venv matches requirements.txt.

PYTHON      ?= $(shell command -v python3.11 || command -v python3)
VENV        ?= .venv
SPHINXOPTS  ?=
SOURCEDIR   ?= .
BUILDDIR    ?= _build
PYTEST_ARGS ?=

SPHINXBUILD := $(VENV)/bin/sphinx-build
VENV_STAMP  := $(VENV)/.installed-requirements.txt

.DEFAULT_GOAL := help

.PHONY: help
help: ## Show this help.
	@echo "Usage: make <target> [VARIABLE=value ...]"
	@echo
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "}; {printf "  %-12s %s\n", $$1, $$2}'
	@echo
	@echo "Any other target is passed to sphinx-build -M, e.g. 'make singlehtml'."

.PHONY: venv
venv: $(VENV_STAMP) ## Create .venv from requirements.txt (only when it changed).

$(VENV_STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	cp requirements.txt $@

.PHONY: html
html: venv ## Build the HTML site into _build/html/.
	$(SPHINXBUILD) -b html "$(SOURCEDIR)" "$(BUILDDIR)/html" $(SPHINXOPTS)
	@echo "Open $(BUILDDIR)/html/index.html"

.PHONY: check
check: venv ## Strict build from scratch: every warning is an error, with file:line.
	$(SPHINXBUILD) -E -W --keep-going -n -b html -d "$(BUILDDIR)/check/.doctrees" \
	  "$(SOURCEDIR)" "$(BUILDDIR)/check" $(SPHINXOPTS)

.PHONY: test
test: venv browser-deps ## Run every test.
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS) tests

.PHONY: clean
clean: ## Remove all build output (keeps .venv).
	rm -rf "$(BUILDDIR)"

.PHONY: pin
pin: ## Re-pin requirements.txt from requirements.in in a throwaway venv.
	rm -rf "$(BUILDDIR)/pin-venv"
	$(PYTHON) -m venv "$(BUILDDIR)/pin-venv"
	"$(BUILDDIR)/pin-venv/bin/pip" install --quiet --disable-pip-version-check -r requirements.in
	{ sed -n '1,2p' requirements.txt; "$(BUILDDIR)/pin-venv/bin/pip" freeze; } > requirements.txt.new
	mv requirements.txt.new requirements.txt

# -- Reader experience (issue 7): browser tests and page weight ----------------

NPM_STAMP := node_modules/.installed-package-lock.json

.PHONY: browser-deps
browser-deps: ## Install chromium, Java (apt, if missing) and axe-core, vnu-jar (npm ci).
	@tools/install_browser_deps.sh
	@cmp -s package-lock.json $(NPM_STAMP) || { \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && cp package-lock.json $(NPM_STAMP); }

.PHONY: bench-page
bench-page: venv browser-deps ## Bytes a first visit to a policy page transfers, vs plain Furo.
	$(VENV)/bin/python tools/bench_page.py

# Files that make must never try to build with the catch-all below.
requirements.txt requirements.in package.json package-lock.json: ;

# Catch-all: any other target is a Sphinx builder, e.g. "make singlehtml".
.PHONY: Makefile
%: Makefile venv
	$(SPHINXBUILD) -M $@ "$(SOURCEDIR)" "$(BUILDDIR)" $(SPHINXOPTS)
