"""How a reference reads and where it links, in the build's language.

Every word a reader sees comes from the extension's message catalog
(``locale/<language>/LC_MESSAGES/gdpr.po``): the msgids are the English forms,
and each is a whole citation with named placeholders, so a translator sees
"Article {article}({paragraph})({point}) GDPR" and writes
"databeskyttelsesforordningens artikel {article}, stk. {paragraph}, litra {point}".
Titles and text come from the regulation's own data in that language.
"""

from __future__ import annotations

import string

from sphinx.locale import get_translation

from .references import Kind, Provision, Reference
from .regulation import FALLBACK_LANGUAGE, load_structure, load_text

MESSAGE_CATALOG = "gdpr"
_ = get_translation(MESSAGE_CATALOG)

#: The one place the link to the official text is spelled out. ``{language}`` is
#: EUR-Lex's three-letter code (:data:`EURLEX_LANGUAGES`), ``{article}`` the number.
DEFAULT_URL = "https://eur-lex.europa.eu/eli/reg/2016/679/oj/{language}#art_{article}"
URL_FIELDS = frozenset({"language", "article"})
#: EUR-Lex's code for each official language of the EU (ISO 639-2, as its ELI URLs spell them).
EURLEX_LANGUAGES = {
    "bg": "bul", "cs": "ces", "da": "dan", "de": "deu", "el": "ell", "en": "eng", "es": "spa", "et": "est",
    "fi": "fin", "fr": "fra", "ga": "gle", "hr": "hrv", "hu": "hun", "it": "ita", "lt": "lit", "lv": "lav",
    "mt": "mlt", "nl": "nld", "pl": "pol", "pt": "por", "ro": "ron", "sk": "slk", "sl": "slv", "sv": "swe",
}


def url_problems(pattern: object) -> list[str]:
    """What is wrong with a ``gdpr_url`` value, in English; empty if nothing."""
    if not isinstance(pattern, str):
        return [f"gdpr_url must be a string, not {type(pattern).__name__}"]
    try:
        fields = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name is not None}
    except ValueError as error:
        return [f"gdpr_url {pattern!r} is not a valid format string: {error}"]
    problems = []
    if unknown := sorted(fields - URL_FIELDS):
        problems.append(f"gdpr_url {pattern!r} has unknown fields {unknown}: use {{language}} and {{article}}")
    if "article" not in fields:
        problems.append(f"gdpr_url {pattern!r} has no {{article}} field")
    return problems


def article_url(pattern: str, language: str, article: int) -> str:
    code = EURLEX_LANGUAGES.get(language) or EURLEX_LANGUAGES[FALLBACK_LANGUAGE]  # EUR-Lex has EU languages only
    return pattern.format(language=code, article=article)


def _template(kind: Kind, short: bool) -> str:
    """The catalog's sentence for *kind*, with or without the regulation's name."""
    if short:
        templates = {
            Kind.ARTICLE: _("Article {article}"),
            Kind.RANGE: _("Articles {first}–{last}"),
            Kind.PARAGRAPH: _("Article {article}({paragraph})"),
            Kind.POINT: _("Article {article}({paragraph})({point})"),
            Kind.DEFINITION: _("Article {article}({point})"),
            Kind.DEFINITION_POINT: _("Article {article}({point})({subpoint})"),
        }
    else:
        templates = {
            Kind.ARTICLE: _("Article {article} GDPR"),
            Kind.RANGE: _("Articles {first}–{last} GDPR"),
            Kind.PARAGRAPH: _("Article {article}({paragraph}) GDPR"),
            Kind.POINT: _("Article {article}({paragraph})({point}) GDPR"),
            Kind.DEFINITION: _("Article {article}({point}) GDPR"),
            Kind.DEFINITION_POINT: _("Article {article}({point})({subpoint}) GDPR"),
        }
    return str(templates[kind])


def citation_text(reference: Reference, *, short: bool | None = None) -> str:
    """The reference as a reader reads it: "Article 6(1)(a) GDPR", "artikel 15-18"."""
    first = reference.first
    return _template(reference.kind, reference.short if short is None else short).format(
        article=first.article,
        first=first.article,
        last=reference.last_article,
        paragraph=first.paragraph,
        point=first.point,
        subpoint=first.subpoint,
    )


def regulation_name() -> tuple[str, str]:
    """The regulation's name as the role writes it in the build's language, as
    (before the article, after it): ("databeskyttelsesforordningens", "") in Danish,
    ("", "GDPR") in English. Read from the catalog: the long form less the short one."""
    named = _template(Kind.ARTICLE, short=False).format(article=1)
    bare = _template(Kind.ARTICLE, short=True).format(article=1)
    if named.endswith(bare):
        return named[: -len(bare)].strip(), ""
    if named.startswith(bare):
        return "", named[len(bare) :].strip()
    return "", ""


def provision_heading(provision: Provision) -> str:
    """A provision's heading on the cited-provisions page: "Artikel 6, stk. 1, litra a"."""
    text = citation_text(Reference(provision), short=True)
    return text[:1].upper() + text[1:]


def point_label(label: str) -> str:
    """A point's label as the official text prints it: "(a)" in English, "a)" in Danish."""
    return _("({label})").format(label=label)


def reference_title(reference: Reference, language: str) -> str:
    """The official title(s) of the article(s) cited, for the link's ``title``."""
    articles = load_structure().articles
    return "; ".join(
        articles[number].titles.get(language) or load_text(language)[number].title for number in reference.articles
    )
