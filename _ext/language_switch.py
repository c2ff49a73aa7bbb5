"""A link on every page to the same page in the other language(s), without JavaScript.

The policy is built once per language (``make html``): ``_build/html/da/`` and
``_build/html/en/``. Each page gets

* a visible link, rendered by ``_templates/sidebar/language-switch.html``, whose
  text is written *in the language it points to* ("Læs denne side på dansk" on
  an English page), marked with ``lang`` and ``hreflang``;
* ``<link rel="alternate" hreflang="...">`` in ``<head>`` for every language,
  this one included.

Configuration (``conf.py``):

``site_languages``
    The languages the site is built in, source language first: the project's
    one list of them (``tools/languages.py`` reads it for make and the tools).
    Default ``["da", "en"]``.
``language_switch_root``
    Where a language's build starts, relative to the root of the current
    language's build, with ``{language}`` for the language code. Default
    ``"../{language}/"``. A dated build in ``/<lang>/<YYYY-MM-DD>/`` overrides it,
    e.g. ``-D language_switch_root=../../{language}/2026-01-01/``. A value that
    starts with ``/`` or a scheme (``https://``) is used as it is.

The link text comes from this extension's message catalog,
``_ext/locale/<language>/LC_MESSAGES/language_switch.po``. It is looked up in the
*target* language, which is not the language Sphinx is building, so the catalog
is read by the project's one reader (:mod:`po_catalogs`) rather than through
``sphinx.locale`` (which only serves the build's own language); the msgid is its
English text. A language whose catalog lacks a reviewed sentence is labelled
with its own name in its own words (Babel's "Deutsch"), never in another
language's. The catalog itself is checked by ``make check-po``, which names a
missing one (:mod:`tools.i18n.language_files`): the build does not say it again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel import Locale, UnknownLocaleError
from markupsafe import Markup
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from po_catalogs import CatalogError, read_po_file

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

CATALOG = "language_switch"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
STATIC_DIR = Path(__file__).resolve().parent / "language_switch_static"


def N_(msgid: str) -> str:
    """Mark *msgid* for extraction (``make update-po``); it is looked up in :func:`link_text`."""
    return msgid


# Translators: the link to this page in the catalog's own language, written in
# that language (Danish: "Læs denne side på dansk").
LINK_TEXT = N_("Read this page in English")

#: The language the msgids are written in: its link needs no catalog.
MSGID_LANGUAGE = "en"

_ABSOLUTE = re.compile(r"^(?:/|[a-z][a-z0-9+.-]*:)", re.IGNORECASE)
#: Builders whose pages exist in every language at the same relative URL.
_BUILDERS = frozenset({"html", "dirhtml"})


@dataclass(frozen=True)
class LanguageLink:
    """One link to the current page in another language."""

    language: str
    url: str
    text: str


def root_problems(root: str) -> list[str]:
    """What is wrong with a ``language_switch_root`` value (empty if nothing)."""
    problems = []
    try:
        root.format(language="xx")
    except (KeyError, IndexError, ValueError) as error:
        problems.append(f"language_switch_root {root!r} may only use the placeholder {{language}} ({error!r})")
    if not root.endswith("/"):
        problems.append(f"language_switch_root {root!r} must end with '/'")
    return problems


def switch_url(root: str, language: str, page_uri: str, to_root: str) -> str:
    """The URL of *page_uri* in *language*, as seen from *page_uri* in this language.

    *to_root* is the relative path from the page to the root of this language's
    build (``"../"`` for ``policy/klage.html``, ``""`` for ``index.html``).
    """
    base = root.format(language=language)
    if _ABSOLUTE.match(base):
        return base + page_uri
    return to_root + base + page_uri


def own_name(language: str) -> str:
    """*language*'s name in its own words, capitalised as a label: "Deutsch", "Dansk"."""
    try:
        name = Locale.parse(language.replace("-", "_")).get_display_name(language.replace("-", "_")) or language
    except (ValueError, UnknownLocaleError):
        name = language
    return name[:1].upper() + name[1:]


def catalog_file(language: str, locale_dir: Path = LOCALE_DIR) -> Path:
    """``_ext/locale/<language>/LC_MESSAGES/language_switch.po``."""
    return locale_dir / language / "LC_MESSAGES" / f"{CATALOG}.po"


@cache
def link_text(language: str, locale_dir: Path = LOCALE_DIR) -> str:
    """The link text in *language*: the catalog's reviewed sentence, else the language's own name
    (a missing, broken or unreviewed catalog is reported by ``make check-po``, not here)."""
    if language == MSGID_LANGUAGE:
        return LINK_TEXT
    try:
        message = read_po_file(catalog_file(language, locale_dir)).catalog.get(LINK_TEXT)
    except CatalogError:  # no catalog, or one that cannot be read
        message = None
    if message is None or message.fuzzy or not message.string:
        return own_name(language)
    return message.string


def language_links(languages: list[str], current: str, root: str, page_uri: str) -> list[LanguageLink]:
    """Links to *page_uri* in every language but *current*, in configured order."""
    to_root = relative_uri(page_uri, "").removeprefix("./")
    return [
        LanguageLink(language, switch_url(root, language, page_uri, to_root), link_text(language))
        for language in languages
        if language != current
    ]


def alternate_links(languages: list[str], root: str, page_uri: str) -> Markup:
    """``<link rel="alternate" hreflang>`` for every language, this one included."""
    to_root = relative_uri(page_uri, "").removeprefix("./")
    return Markup("\n").join(
        Markup('<link rel="alternate" hreflang="{}" href="{}">').format(
            language, switch_url(root, language, page_uri, to_root)
        )
        for language in languages
    )


# -- Sphinx glue ------------------------------------------------------------------------


def check_config(app: Sphinx, config: Config) -> None:
    problems = root_problems(config.language_switch_root)
    languages = config.site_languages
    if not languages or not all(isinstance(code, str) and code for code in languages):
        problems.append(f"site_languages must be a non-empty list of language codes, not {languages!r}")
    elif config.language not in languages:
        problems.append(f"language {config.language!r} is not in site_languages {list(languages)!r}")

    if problems:
        raise ConfigError("\n".join(problems))


def add_static_files(app: Sphinx) -> None:
    if app.builder.name in _BUILDERS:
        app.config.html_static_path.append(str(STATIC_DIR))
        app.add_css_file("language-switch.css")


def add_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if app.builder.name not in _BUILDERS:
        return
    config = app.config
    page_uri = app.builder.get_target_uri(pagename)
    context["language_switch"] = language_links(
        list(config.site_languages), config.language, config.language_switch_root, page_uri
    )
    alternates = alternate_links(list(config.site_languages), config.language_switch_root, page_uri)
    context["metatags"] = Markup(context.get("metatags") or "") + Markup("\n") + alternates


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("site_languages", ["da", "en"], "html", types=frozenset({list, tuple}))
    app.add_config_value("language_switch_root", "../{language}/", "html", types=frozenset({str}))
    app.connect("config-inited", check_config)
    app.connect("builder-inited", add_static_files)
    app.connect("html-page-context", add_page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
