"""Jinja2 rendering of the site tooling's own pages: autoescape on, undefined names are errors.

One environment for the site's pages (``tools/sitebuild/templates/``) and the
redline (``tools/redline/templates/``). Templates get their words from ``t``
(:func:`tools.messages.translator`), passed in by the caller, so reader-visible
text stays whole sentences in ``tools/locale/<lang>/LC_MESSAGES/site.po``.

A second environment renders the policy pages' own Sphinx partials (the
footer, ``_templates/partials/reader-footer.html``) with the project's Sphinx
catalog (``locale/<lang>/LC_MESSAGES/sphinx.po``), so the site's own pages end
with the same footer as the policy pages.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from po_catalogs import translations
from tools.project import REPO_ROOT

TOOLS = Path(__file__).resolve().parent
TEMPLATE_DIRS = (TOOLS / "sitebuild" / "templates", TOOLS / "redline" / "templates")


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader([str(path) for path in TEMPLATE_DIRS]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, /, **context: object) -> str:
    """Render *template* (a name under one of :data:`TEMPLATE_DIRS`) with *context*."""
    return environment().get_template(template).render(**context)


@cache
def _sphinx_catalog(language: str, root: Path) -> gettext.NullTranslations:
    return translations(root / "locale" / language / "LC_MESSAGES" / "sphinx.po")


@cache
def _sphinx_environment(language: str, root: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(root / "_templates")),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(_sphinx_catalog(language, root), newstyle=False)  # type: ignore[attr-defined]
    return env


def render_sphinx_partial(template: str, language: str, root: Path = REPO_ROOT, /, **context: object) -> Markup:
    """Render one of the project's Sphinx templates (``<root>/_templates/``) outside Sphinx."""
    return Markup(_sphinx_environment(language, root).get_template(template).render(**context))
