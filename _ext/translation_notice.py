"""On every page of a translated build: this is a translation, and the source text prevails.

The policy is written in the source language, the first of ``site_languages``
(``conf.py`` names it there and nowhere else). A build in any other language is a
translation: every page of it starts with one whole sentence saying so, that the
source-language text prevails and that the statuses and dates shown apply to
it, and a link to the same page in the source language. A build in the source
language shows nothing.

The sentence is in the build's language, from this extension's message catalog
(``_ext/locale/<language>/LC_MESSAGES/translation_notice.po``; the msgids are the
English text); the source language's name is a placeholder in the reader's
language ("Danish", "dansk"). ``_templates/partials/translation-notice.html``
renders it above the content (``_templates/page.html``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel import Locale, UnknownLocaleError
from sphinx.locale import get_translation
from sphinx.util.osutil import relative_uri

from language_switch import switch_url
from message_catalogs import add_extension_catalog
from reader_language import same_language

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

CATALOG = "translation_notice"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
STATIC_DIR = Path(__file__).resolve().parent / "translation_notice_static"
_ = get_translation(CATALOG)


def N_(msgid: str) -> str:
    """Mark *msgid* for extraction (``make update-po``); it is translated where it is shown."""
    return msgid


# Translators: {language} is the name of the source language in your language ("Danish").
NOTICE = N_("This is a translation. The {language} text prevails, and the statuses and dates shown apply to it.")
# Translators: the link to the same page in the source language; {language} as above.
LINK = N_("Read this page in {language}.")


@dataclass(frozen=True)
class TranslationNotice:
    """What ``translation-notice.html`` shows: the sentence and the link to the source page."""

    text: str
    link_text: str
    href: str
    language: str


@cache  # asked on every page of a build, always for the same two languages
def language_name(code: str, in_language: str) -> str:
    """The name of language *code* as written in running text in *in_language* ("Danish", "dansk")."""
    try:
        return Locale.parse(code).get_display_name(Locale.parse(in_language)) or code
    except (ValueError, UnknownLocaleError):
        return code


def source_language(site_languages: list[str] | tuple[str, ...]) -> str:
    """The language the policy is written in: the first of ``site_languages``."""
    return site_languages[0]


def translation_notice(
    language: str, source: str, root: str, page_uri: str, gettext: Any = _
) -> TranslationNotice | None:
    """The notice for *page_uri* of a build in *language*; None in the source language."""
    if same_language(language, source):
        return None
    name = language_name(source, language)
    to_root = relative_uri(page_uri, "").removeprefix("./")
    return TranslationNotice(
        gettext(NOTICE).format(language=name),
        gettext(LINK).format(language=name),
        switch_url(root, source, page_uri, to_root),
        source,
    )


# -- Sphinx glue ------------------------------------------------------------------------


def init_catalog(app: Sphinx, config: Any) -> None:
    add_extension_catalog(app, CATALOG, LOCALE_DIR)


def add_static_files(app: Sphinx) -> None:
    translated = not same_language(app.config.language, source_language(app.config.site_languages))
    if app.builder.name in _BUILDERS and translated:
        app.config.html_static_path.append(str(STATIC_DIR))
        app.add_css_file("translation-notice.css")


#: Builders whose pages readers see; the one-page build is the PDF's and the redlines'
#: source, and the PDF's title page says it (tools/sitebuild/pdf.py).
_BUILDERS = frozenset({"html", "dirhtml"})


def add_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if app.builder.name not in _BUILDERS:
        return
    config = app.config
    context["translation_notice"] = translation_notice(
        config.language, source_language(config.site_languages), config.language_switch_root,
        app.builder.get_target_uri(pagename),
    )


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("language_switch")
    app.connect("config-inited", init_catalog)
    app.connect("builder-inited", add_static_files)
    app.connect("html-page-context", add_page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
