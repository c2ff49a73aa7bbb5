"""Reader-visible text of the site tooling, from gettext catalogs in ``tools/locale/``.

The catalogs are ``.po`` files (``tools/locale/<lang>/LC_MESSAGES/site.po``),
read and compiled in memory by the project's one reader (:mod:`po_catalogs`),
so no binary ``.mo`` file is kept in git. Message
ids are whole English sentences with named placeholders; English readers see
the id itself, every other language needs a translation (``tests/test_site_units.py``
checks that every id used in ``tools/`` is translated).

Usage::

    t = translator("da")
    t("This version applied up to and including {date}.", date="30. november 2026")
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel.dates import format_date
from markupsafe import Markup

from po_catalogs import translations as compiled

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "site"

#: Babel locale used for dates in each site language.
BABEL_LOCALES = {"da": "da_DK", "en": "en_GB"}


def catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalog for *language*, or the identity for the source (English) ids."""
    return compiled(catalog_path(language), DOMAIN)


def translator(language: str) -> Callable[..., Markup]:
    """Return ``t(msgid, **placeholders)``: the translated sentence as safe HTML.

    Placeholder values are HTML-escaped unless they are already :class:`Markup`.
    """
    catalog = translations(language)

    def t(msgid: str, /, **placeholders: object) -> Markup:
        return Markup(catalog.gettext(msgid)).format(**placeholders)

    return t


def text_translator(language: str) -> Callable[..., str]:
    """Return ``t(msgid, **placeholders)``: the translated sentence as plain text, nothing escaped.

    For text that is not HTML (a feed's titles, which the XML writer escapes once).
    """
    catalog = translations(language)

    def t(msgid: str, /, **placeholders: object) -> str:
        return catalog.gettext(msgid).format(**placeholders)

    return t


def N_(msgid: str) -> str:
    """Mark *msgid* for extraction where it is translated later (e.g. in a table)."""
    return msgid


def long_date(value, language: str) -> str:
    """A long date in *language*, e.g. ``24. november 2026`` or ``24 November 2026``."""
    return format_date(value, format="long", locale=BABEL_LOCALES.get(language, language))
