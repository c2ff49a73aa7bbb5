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
    "vendors",
    # Reader experience: see the "Reader experience" section below.
    "reader_privacy",
    "reader_weight",
    "reader_language",
    "reader_contact",
    "reader_hyphenation",  # soft hyphens in headings and table cells (_ext/hyphenation)
    "furo_table_ids",  # a named table's id appears once, not on Furo's wrapper too
    "policy_labels",  # _ext/policy_labels.py: a label is unique across files and is its own anchor
]

root_doc = "index"
exclude_patterns = [
    "_build",
    ".*",  # .venv, .pytest_cache, .github ...
    "node_modules",
    "README.md",
    "CONTRIBUTING.md",
    "tests",
    "tools",
    "locale",
    "_ext",  # the extensions' data/README.md files are for maintainers
    "_templates",
    "_static",
]

# -- Strictness ----------------------------------------------------------------

nitpicky = True
show_warning_types = True

# -- MyST --------------------------------------------------------------------

myst_heading_anchors = 0
# "tel:" links for the phone number; everything else is as MyST's default.
myst_url_schemes = ("http", "https", "mailto", "tel")

# -- Internationalisation ----------------------------------------------------

# The site's languages, source language first: the one list, and the one place
# that names the source language (the text of policy/*.md; it prevails over every
# translation, which each translated page says: _ext/translation_notice.py). make, the tools and
# the extensions read it (tools/languages.py, through Sphinx's config). A new
# language is added here, with its catalogs under locale/<language>/.
site_languages = ["da", "en"]
language = site_languages[0]
locale_dirs = ["locale/"]
# One catalog per source file, and no "#: file:line" comments, so that a pull
# request that edits one paragraph changes one entry in one .po file.
gettext_compact = False
gettext_location = False
gettext_uuid = False
# A fuzzy translation is unreviewed: it must never reach readers.
gettext_allow_fuzzy_translations = False

# -- Labels (_ext/policy_labels.py) --------------------------------------------
# Every heading of the policy has a label, "(sletning)=" on the line above it:
# links, translations and redlines follow it (README, "Editing a section").

policy_labels_required = ["policy/*"]

# -- Vendor registry (_ext/vendors) -------------------------------------------
# Section 4's vendors and transfer bases, checked at every build and rendered by
# {vendor-table}; the HTML site also gets the data as vendors.json.

vendors_file = "policy/vendors.yaml"
vendors_json = "vendors.json"

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

# -- Translations and the language switch -----------------------------------------
# make html builds every language into _build/html/<language>/; see CONTRIBUTING.md.

extensions += [
    "language_switch",  # _ext/language_switch.py: link to this page in the other language
    "translation_report",  # _ext/translation_report.py: how many paragraphs fell back to Danish
    "site_title",  # _ext/site_title.py: the site title is the front page heading, translated
    "translation_notice",  # _ext/translation_notice.py: a translation says the Danish text prevails
]
templates_path = ["_templates"]
# The language of policy/*.md: a translated build reports paragraphs that fell back to it.
translation_report_source_language = site_languages[0]
# Where the other language's build starts, relative to this language's root.
# Dated builds override it: -D language_switch_root=../../{language}/<YYYY-MM-DD>/
language_switch_root = "../{language}/"
# Furo's sidebar, with the language switch under the site name.
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/language-switch.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/ethical-ads.html",
        "sidebar/scroll-end.html",
        "sidebar/variant-selector.html",
    ]
}

# -- GDPR references -----------------------------------------------------------
# The {gdpr} role (checked, localised links to the regulation on EUR-Lex) and the
# {gdpr-cited} page of cited provisions: _ext/gdpr/, README "Citing the GDPR".
# Its one setting, gdpr_url, defaults to EUR-Lex's ELI URL per language.

extensions.append("gdpr")

# -- Transparency register (_ext/transparency) ---------------------------------
# Every element of GDPR Articles 13 and 14, checked against the text at every
# build; {transparency-overview} is the front page's first layer. README
# "Transparency register".

extensions.append("transparency")
transparency_file = "policy/transparency.yaml"

# -- Processing facts (_ext/processing) --------------------------------------------
# The processing the policy describes, each fact a quote of the Danish text (or a
# gap): checked against the text at every build; the transparency statuses and the
# overview are derived from it. README "Processing facts".

extensions.append("processing")
processing_file = "policy/processing.yaml"

# -- Reader experience -----------------------------------------------------------
# Privacy, accessibility and page weight; see README "Reader experience".
# _ext/reader_privacy.py: Content-Security-Policy and referrer <meta> on every
# page, rel="noopener noreferrer" on links to other hosts (reader_csp,
# reader_referrer_policy keep their defaults). _ext/reader_weight.py: a page
# links only the CSS/JS it uses. _ext/reader_language.py: untranslated passages
# keep lang="da". _ext/reader_contact.py: the controller in every footer.

html_static_path.append("_static")
html_css_files = ["reader.css"]
reader_controller = {
    "name": "WEXO A/S",
    "address": "Gøteborgvej 16, 9200 Aalborg SV",
    "email": "kontakt@wexo.dk",
    "phone": "+45 71 99 48 16",
    "phone_uri": "tel:+4571994816",
}
reader_contact_label = "dataansvarlig"

# -- The machine-readable notice (_ext/notice) ------------------------------------
# notice.jsonld (W3C DPV 2.3, JSON-LD) in each language's output, built from
# processing_file's facts and linked from every page's head; policy/dpv.yaml
# says which DPV concept the policy's words are. README "The machine-readable notice".

extensions.append("notice")
notice_mapping_file = "policy/dpv.yaml"
