"""A small policy project for the editor workflow's tests (make redline, make release).

It is shaped like the real project (MyST, Danish source, English from .po
files, labelled sections, a vendor registry), but has no project extensions:
its ``{gdpr}`` role below only prints the target, so that the tests do not
depend on the real GDPR extension.
"""

from __future__ import annotations

project = "Eksempelpolitik"
author = "Eksempel A/S"
copyright = "Eksempel A/S"  # noqa: A001
needs_sphinx = "9.0"
extensions = ["myst_parser"]
root_doc = "index"
exclude_patterns = ["_build", ".venv", "tests", "tools", "_ext", "locale", "README.md"]
nitpicky = True
show_warning_types = True
site_languages = ["da", "en"]  # the site's languages, as in the real conf.py
language = site_languages[0]
locale_dirs = ["locale/"]
gettext_compact = False
gettext_location = False
gettext_uuid = False
gettext_allow_fuzzy_translations = False
html_theme = "furo"
html_last_updated_fmt = None


def _gdpr_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    from docutils import nodes

    return [nodes.inline(rawtext, f"GDPR {text}")], []


def setup(app):
    app.add_role("gdpr", _gdpr_role)
    # make site tells each version where its other languages are built; this small
    # policy has no language switch to use it, but must know the setting.
    app.add_config_value("language_switch_root", "../{language}/", "html", types=frozenset({str}))
