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
test: venv ## Run every test.
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

# -- Dated versions from git tags (issue 6) ------------------------------------
# make site [BUILD_DATE=YYYY-MM-DD] [DRAFT=1] [SITE_JOBS=2]; see tools/sitebuild/.
BUILD_DATE ?=
DRAFT      ?=
SITE_JOBS  ?= 2

.PHONY: site
site: venv ## Build every tagged version (vYYYY-MM-DD) in both languages into _build/site/.
	BUILD_DATE="$(BUILD_DATE)" $(VENV)/bin/python -m tools.sitebuild --out "$(BUILDDIR)/site" \
	  --cache "$(BUILDDIR)/site-cache" --jobs "$(SITE_JOBS)" $(if $(DRAFT),--draft)

.PHONY: bench-site
bench-site: venv ## Time make site (cold, warm, one new tag) against one plain version build.
	$(VENV)/bin/python -m tools.bench_site --workdir "$(BUILDDIR)/bench-site"

# -- The legal editor's workflow: preview, redline, release (see CONTRIBUTING.md) --

# LANG is also the locale every shell sets (e.g. "en_US.UTF-8"); only a bare
# language code counts, so 'make preview LANG=en' works and a locale is ignored.
PREVIEW_LANG ?= $(if $(filter da en,$(LANG)),$(LANG),da)
PREVIEW_HOST ?= 127.0.0.1
PREVIEW_PORT ?= 8000

.PHONY: preview
preview: venv ## Live preview on http://127.0.0.1:8000/ (LANG=en for English).
	$(VENV)/bin/python -m tools.preview --language "$(PREVIEW_LANG)" \
	  --host "$(PREVIEW_HOST)" --port "$(PREVIEW_PORT)" \
	  --source "$(SOURCEDIR)" --builddir "$(BUILDDIR)" -- $(SPHINXOPTS)

# BASE: the version to compare with; empty means the latest tag vYYYY-MM-DD.
BASE ?=

.PHONY: redline
redline: venv ## Redline of the working tree against BASE (default: latest version), da + en.
	$(VENV)/bin/python -m tools.editor_redline --repo . --outdir "$(BUILDDIR)/redline" $(if $(BASE),--base "$(BASE)")

# DATE: the new version's effective date; SUMMARY: its one-line headline;
# MATERIAL=yes: readers must be told ahead of the date (WP260 para. 29-30).
DATE     ?=
SUMMARY  ?=
MATERIAL ?=

.PHONY: release
release: export RELEASE_SUMMARY = $(SUMMARY)
release: venv ## Tag vDATE if everything is finished: DATE=YYYY-MM-DD SUMMARY="..." [MATERIAL=yes].
	$(VENV)/bin/python -m tools.release --project . --date "$(DATE)" --summary "$$RELEASE_SUMMARY" \
	  --material "$(MATERIAL)" --make "$(MAKE) --no-print-directory" \
	  --check-command "$(MAKE) --no-print-directory check"

.PHONY: lint
lint: venv ## The pre-commit checks on every file: ruff, YAML, .po syntax.
	$(VENV)/bin/ruff check $(wildcard conf.py _ext tools tests)
	$(VENV)/bin/python -m tools.hygiene yaml $$(git ls-files '*.yml' '*.yaml')
	$(VENV)/bin/python -m tools.hygiene po $$(git ls-files '*.po')

# Files that make must never try to build with the catch-all below.
requirements.txt requirements.in: ;

# Catch-all: any other target is a Sphinx builder, e.g. "make singlehtml".
.PHONY: Makefile
%: Makefile venv
	$(SPHINXBUILD) -M $@ "$(SOURCEDIR)" "$(BUILDDIR)" $(SPHINXOPTS)
