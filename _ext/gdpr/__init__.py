"""Checked, localised references to the GDPR, and a page of the provisions cited.

The role ``{gdpr}`6(1)(a)` `` reads "databeskyttelsesforordningens artikel 6, stk. 1,
litra a" in a Danish build and "Article 6(1)(a) GDPR" in an English one, links
to the article in the official text on EUR-Lex, and carries the article's
official title. A reference to a provision that does not exist is a warning
(type ``gdpr``) at its file and line. ``{gdpr-cited}`` makes the page that
quotes every provision cited, with back-links.

Modules: ``references`` (parsing and validation, pure), ``regulation`` (the
data in ``data/``), ``citations`` (wording, titles and links), ``roles``,
``domain`` (state across documents), ``cited`` (the page), ``checks`` (role syntax
readers would see as typed, the regulation's name typed twice). See the README's
"Citing the GDPR" for the syntax.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.errors import ConfigError
from sphinx.util import logging

from message_catalogs import add_extension_catalog

from .checks import check_doctree
from .citations import DEFAULT_URL, MESSAGE_CATALOG, url_problems
from .cited import (
    CitedProvisionsDirective,
    fill_in_cited_provisions,
    rewrite_listing_pages,
)
from .domain import GDPRDomain, cited_provisions
from .regulation import has_language, text_file
from .roles import GDPRRole

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

__version__ = "1.0"

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: The project that holds ``_ext/``: messages name its files from there.
PROJECT_DIR = Path(__file__).resolve().parent.parent.parent


def check_config(app: Sphinx, config: Config) -> None:
    """``config-inited``: a bad ``gdpr_url`` is an error; an unsupported language a warning."""
    if problems := url_problems(config.gdpr_url):
        raise ConfigError("\n".join(problems))
    if not has_language(config.language):
        # No location: Sphinx reads a location string as a document name, and the file has no line to point at.
        logger.warning(
            "missing: %s, the GDPR's official text in %r: GDPR references will be in English; create it "
            "from the EU's Formex text as _ext/gdpr/data/README.md describes",
            text_file(config.language).relative_to(PROJECT_DIR).as_posix(),
            config.language,
            type="gdpr",
            subtype="language",
        )


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("gdpr_url", DEFAULT_URL, "env", types=frozenset({str}))
    add_extension_catalog(app, MESSAGE_CATALOG, LOCALE_DIR)
    app.connect("config-inited", check_config)
    app.add_role("gdpr", GDPRRole())
    app.add_node(cited_provisions)
    app.add_directive("gdpr-cited", CitedProvisionsDirective)
    app.add_domain(GDPRDomain)
    app.connect("doctree-read", check_doctree)
    app.connect("doctree-resolved", fill_in_cited_provisions)
    app.connect("env-get-updated", rewrite_listing_pages)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
