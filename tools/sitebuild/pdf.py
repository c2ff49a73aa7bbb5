"""PDF of one version in one language: WeasyPrint from Sphinx ``singlehtml``.

The singlehtml page's main content is moved into a bare document with a title
block (company, effective date, language) and our print stylesheet
(``print.css``): running headers with the section title, "Side X af Y" footers,
bookmarks from the headings, ``/Lang`` from ``<html lang>``, fonts embedded
from local files (nothing is fetched from the network), PDF/UA-1 (tagged PDF).
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from pathlib import Path

import lxml.html
from babel import Locale

from tools.messages import N_, long_date, translations, translator

# WeasyPrint's progress lines and singlehtml's duplicate anchors ("Anchor defined
# twice") are noise here; a missing resource still fails (fail_on_errors).
logging.getLogger("weasyprint").setLevel(logging.ERROR)

PRINT_CSS = Path(__file__).with_name("print.css")
PDF_VARIANT = "pdf/ua-1"

#: Fonts embedded in every PDF: (family, weight, style, file).
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = (
    ("DejaVu Serif", "normal", "normal", "DejaVuSerif.ttf"),
    ("DejaVu Serif", "bold", "normal", "DejaVuSerif-Bold.ttf"),
    ("DejaVu Serif", "normal", "italic", "DejaVuSerif-Italic.ttf"),
    ("DejaVu Serif", "bold", "italic", "DejaVuSerif-BoldItalic.ttf"),
    ("DejaVu Sans", "normal", "normal", "DejaVuSans.ttf"),
    ("DejaVu Sans", "bold", "normal", "DejaVuSans-Bold.ttf"),
)


def font_faces(font_dir: Path = FONT_DIR) -> str:
    """``@font-face`` rules for the embedded fonts; FileNotFoundError naming a missing file."""
    rules = []
    for family, weight, style, filename in FONTS:
        path = font_dir / filename
        if not path.is_file():
            raise FileNotFoundError(f"font {path} is missing (Debian package fonts-dejavu-core/-extra)")
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
            f'src: url("{path.as_uri()}"); }}'
        )
    return "\n".join(rules)


def css_content(template: str, counters: dict[str, str]) -> str:
    """A CSS ``content`` value from a sentence with named placeholders.

    >>> css_content("Side {page} af {pages}", {"page": "counter(page)", "pages": "counter(pages)"})
    '"Side " counter(page) " af " counter(pages)'
    """
    parts = []
    for index, piece in enumerate(re.split(r"\{(\w+)\}", template)):
        if index % 2:
            parts.append(counters[piece])
        elif piece:
            escaped = piece.replace("\\", "\\\\").replace('"', '\\"')
            parts.append(f'"{escaped}"')
    return " ".join(parts)


def print_document(
    singlehtml: str,
    *,
    language: str,
    company: str,
    title: str,
    effective: dt.date | None,
    created: dt.datetime,
) -> str:
    """The HTML that WeasyPrint renders: title block + the policy text of *singlehtml*."""
    t = translator(language)
    source = lxml.html.document_fromstring(singlehtml)
    main = (source.xpath('//*[@role="main"]') or source.xpath("//body"))[0]
    for junk in main.xpath('.//a[contains(concat(" ", @class, " "), " headerlink ")]'):
        junk.drop_tree()
    content = "".join(lxml.html.tostring(child, encoding="unicode") for child in main)
    language_name = Locale.parse(language).get_display_name(language)
    meta = [t("Language: {language}", language=language_name)]
    if effective is not None:
        meta.insert(0, t("Effective from {date}", date=long_date(effective, language)))
    draft = "" if effective is not None else '<p class="draft">{}</p>'.format(
        t("Draft. This text is not in force and may change.")
    )
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(language)}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        f'<meta name="author" content="{html.escape(company)}">',
        f'<meta name="dcterms.created" content="{stamp}">',
        f'<meta name="dcterms.modified" content="{stamp}">',
        "</head>",
        "<body>",
        '<header class="title-block">',
        f'<p class="company">{html.escape(company)}</p>',
        f'<p class="doc-title">{html.escape(title)}</p>',
        *(f'<p class="meta">{line}</p>' for line in meta),
        draft,
        "</header>",
        f"<main>{content}</main>",
        "</body>",
        "</html>",
    ])


def stylesheet(language: str) -> str:
    # The raw sentence: its placeholders become CSS counters, not text.
    footer = css_content(translations(language).gettext(N_("Page {page} of {pages}")), {"page": "counter(page)", "pages": "counter(pages)"})
    css = PRINT_CSS.read_text(encoding="utf-8").replace("var(--footer)", footer)
    return font_faces() + "\n" + css


def write_pdf(document_html: str, target: Path, *, language: str, base_url: Path) -> None:
    """Render *document_html* to *target*; only local files may be fetched."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher


    fetcher = URLFetcher(allowed_protocols={"file"}, fail_on_errors=True)
    document = HTML(string=document_html, base_url=str(base_url), url_fetcher=fetcher)
    document.write_pdf(
        target,
        stylesheets=[CSS(string=stylesheet(language), url_fetcher=fetcher)],
        pdf_variant=PDF_VARIANT,
        pdf_identifier=True,  # /ID from an MD5 of the content: same input, same bytes
    )
