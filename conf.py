"""Sphinx configuration for WEXO A/S's privacy policy ("privatlivspolitik").

Danish is the source language; English comes from the ``.po`` files under
``locale/``. See README.md for how to build and test.
"""

from __future__ import annotations

import sys
from pathlib import Path

# -- Paths -------------------------------------------------------------------

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

# -- Project -----------------------------------------------------------------

project = "WEXOs privatlivspolitik"
author = "WEXO A/S"
copyright = "WEXO A/S"  # noqa: A001 (Sphinx's name for it)
needs_sphinx = "9.0"

extensions = [
    "myst_parser",
]

root_doc = "index"
exclude_patterns = [
    "_build",
    ".pytest_cache",  # written by `make test`; not part of the policy
    ".venv",
    "README.md",
    "CONTRIBUTING.md",
    "tests",
    "tools",
    "locale",
]

# -- Strictness ----------------------------------------------------------------

nitpicky = True
show_warning_types = True

# -- MyST --------------------------------------------------------------------

myst_heading_anchors = 0
# "tel:" links for the phone number; everything else is as MyST's default.
myst_url_schemes = ("http", "https", "mailto", "tel")

# -- Internationalisation ----------------------------------------------------

language = "da"
locale_dirs = ["locale/"]
# One catalog per source file, and no "#: file:line" comments, so that a pull
# request that edits one paragraph changes one entry in one .po file.
gettext_compact = False
gettext_location = False
gettext_uuid = False
# A fuzzy translation is unreviewed: it must never reach readers.
gettext_allow_fuzzy_translations = False

# -- HTML --------------------------------------------------------------------

html_theme = "furo"
html_title = "WEXOs privatlivspolitik"
html_static_path: list[str] = []
html_show_sphinx = False
html_show_sourcelink = False
html_copy_source = False
# No build timestamp: Sphinx's "last updated" stays off, so output only
# changes when the text does (SOURCE_DATE_EPOCH governs any date Sphinx prints).
html_last_updated_fmt = None
html_theme_options = {
    # Furo links to its own GitHub page and Sphinx's by default; a policy page
    # names only its own authors.
    "footer_icons": [],
}

# -- The legal editor's workflow (make preview, redline, release) --------------
# GitHub's files (.github/pull_request_template.md) and tool caches are no
# pages of the policy.
exclude_patterns += [".github", ".pytest_cache", ".ruff_cache"]
