"""PDF of one version in one language: WeasyPrint from Sphinx ``singlehtml``.

The singlehtml page's main content is moved into a bare document with a title
block (company, effective date, language; the title is the one ``<h1>`` and
names the version's date) and our print stylesheet (``print.css``): running
headers with the section in force at the top of the page, the dated title and
"Side X af Y" in the footer, bookmarks from the headings, ``/Lang`` from
``<html lang>``, soft hyphens at the hyphenation points of that language
(:mod:`hyphenation`, in ``_ext/``), fonts embedded from local files (nothing is
fetched from the network), PDF/UA-1 (tagged PDF, header cells with ``/Scope``).

The vendor table is too wide for A4 portrait in six columns, so the PDF shows
it stacked: one block per vendor, each cell a row of its own labelled by its
column's header (:func:`stack_table`). This works on the table markup of every
released version, since each version's PDF is made with this module.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from babel import Locale
from lxml.html import builder as E

from hyphenation import MIN_CHARS, WHOLE_ELEMENTS, hyphenate_element, unhyphenate
from tools.messages import N_, long_date, translations, translator

# WeasyPrint's progress lines and singlehtml's duplicate anchors ("Anchor defined
# twice") are noise here; a missing resource still fails (fail_on_errors).
logging.getLogger("weasyprint").setLevel(logging.ERROR)

PRINT_CSS = Path(__file__).with_name("print.css")
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
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
    source_language: str | None = None,
    translation: TranslationDate | None = None,
    source_pdf: str = "",
) -> str:
    """The HTML that WeasyPrint renders: title block + the policy text of *singlehtml*.

    A translation (*language* is not *source_language*) says on its title page
    that the source text prevails and names that text's PDF, *source_pdf* (paper
    cannot be clicked), and when the translation was made or revised.
    The title names the version's date (on the title page, in the running
    header and in the PDF's metadata), so two versions' PDFs never share a
    title. Every word of the text carries soft hyphens at its hyphenation
    points (:mod:`hyphenation`, in ``_ext/``), the only places WeasyPrint may break it.
    """
    t = translator(language)
    # Hyphenated afresh, whatever soft hyphens the version's own build wrote.
    source = lxml.html.document_fromstring(unhyphenate(singlehtml))
    main = (source.xpath('//*[@role="main"]') or source.xpath("//body"))[0]
    for junk in main.xpath('.//a[contains(concat(" ", @class, " "), " headerlink ")]'):
        junk.drop_tree()
    for table in main.xpath('.//table[contains(concat(" ", @class, " "), " vendor-table ")]'):
        table.getparent().replace(table, stack_table(table))
    # The cited provisions are rubrics (h2) of the GDPR page, whose own title is h2 too:
    # one level down, so that their tags and bookmarks sit under that page.
    for rubric in main.xpath('.//*[contains(concat(" ", @class, " "), " gdpr-cited ")]'
                             '//h2[contains(concat(" ", @class, " "), " rubric ")]'):
        rubric.tag = "h3"
    # The front page's "Contents" heading: on paper the whole policy follows it, not a list of links.
    for heading in main.xpath('.//*[contains(concat(" ", @class, " "), " rubric ")]'
                              '[following-sibling::*[1][contains(concat(" ", @class, " "), " toctree-wrapper ")]]'):
        heading.drop_tree()
    for anchor in [span for span in main.iter("span") if _is_empty_anchor(span)]:
        _move_anchor_into_heading(anchor)
    # Headings are short enough for A4 and stay whole (print.css: hyphens: manual).
    hyphenate_element(main, language, min_length=2 * MIN_CHARS, whole=WHOLE_ELEMENTS | HEADINGS)
    content = "".join(lxml.html.tostring(child, encoding="unicode") for child in main)
    language_name = Locale.parse(language).get_display_name(language)
    meta = [t("Language: {language}", language=language_name)]
    if effective is not None:
        meta.insert(0, t("Effective from {date}", date=long_date(effective, language)))
    draft = "" if effective is not None else '<p class="draft">{}</p>'.format(
        t("Draft. This text is not in force and may change.")
    )
    notice = ""
    if source_language is not None and source_language != language:
        source_name = Locale.parse(source_language).get_display_name(language)
        if translation is not None:
            meta.append(t("Translation revised on {date}", date=long_date(translation.date, language))
                        if translation.revised else t("Translated on {date}", date=long_date(translation.date, language)))
        sentences = [t("This is a translation. The {language} text prevails, and the statuses and dates shown apply "
                       "to it.", language=source_name)]
        if source_pdf:
            sentences.append(t("The {language} text is published beside this file as {file}.",
                               language=source_name, file=source_pdf))
        notice = '<p class="translation-notice">{}</p>'.format(" ".join(sentences))  # t() escapes its values
    heading = title
    if effective is not None:
        # The raw sentence: the whole title is escaped once, where it is written.
        dated = translations(language).gettext(N_("{title}, effective {date}"))
        date = long_date(effective, language)
        title = dated.format(title=title, date=date)
        heading = dated.format(title=heading, date=date.replace(" ", "\u00a0"))  # the date on one line
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
        f'<h1 class="doc-title">{html.escape(heading)}</h1>',
        *(f'<p class="meta">{line}</p>' for line in meta),
        draft,
        notice,
        "</header>",
        f"<main>{content}</main>",
        "</body>",
        "</html>",
    ])


@dataclass(frozen=True)
class TranslationDate:
    """When the translation in a PDF was made: with its version, or in a later revision."""

    date: dt.date
    revised: bool = False
def _is_empty_anchor(element: lxml.html.HtmlElement) -> bool:
    return element.tag == "span" and bool(element.get("id")) and not len(element) and not (element.text or "").strip()


def _move_anchor_into_heading(anchor: lxml.html.HtmlElement) -> None:
    """Move an empty ``<span id>`` link target (Sphinx and MyST put them before headings) into its heading.

    The running header's ``string(section, start)`` takes a heading's title only
    if the heading is the first box of its page; an empty span before it would
    be the first (in a line box of its own), and the header would name the
    section before. The target keeps its id and its place on the page.
    """
    target = anchor.getnext()
    while target is not None and target.tag not in HEADINGS:
        if _is_empty_anchor(target):
            target = target.getnext()
        elif target.tag in ("section", "div") and len(target):
            target = target[0]
        else:
            return
    if target is None:
        return
    moved = E.SPAN(id=anchor.get("id"))
    moved.tail, target.text = target.text, None
    target.insert(0, moved)
    anchor.drop_tree()


def _classes(element: lxml.html.HtmlElement) -> list[str]:
    return (element.get("class") or "").split()


def _span(cell: lxml.html.HtmlElement, attribute: str) -> int:
    value = cell.get(attribute, "1")
    return int(value) if value.isdigit() and int(value) > 0 else 1


def _grid(rows: list[lxml.html.HtmlElement]) -> list[list[tuple[int, lxml.html.HtmlElement]]]:
    """Each row's cells with their column index, counting the cells that rows above span into it."""
    spanned: dict[int, int] = {}  # column -> rows it is still covered for
    grid = []
    for row in rows:
        cells, column = [], 0
        for cell in row.xpath("./td|./th"):
            while spanned.get(column, 0) > 0:
                column += 1
            rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
            cells.append((column, cell))
            for covered in range(column, column + colspan):
                spanned[covered] = rowspan  # decremented below, with this row
            column += colspan
        spanned = {column: left - 1 for column, left in spanned.items() if left > 1}
        grid.append(cells)
    return grid


def stack_table(table: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """Pure (lxml in, lxml out): *table* as one block per row group, each cell a row labelled by its column.

    A row group is a row and the rows its cells span (a vendor and its
    services). Each group becomes a ``<tbody>``: first the cells of the columns
    that span rows anywhere in the table (the vendor's own), then, row by row,
    the others (each service's). Every row is ``<th scope="row">`` label +
    ``<td>`` value; empty cells are left out. External links in the cells show
    their address (:func:`printed_url`), since paper cannot be clicked.
    """
    labels = [header.text_content().strip() for header in table.xpath("./thead/tr[last()]/th|./thead/tr[last()]/td")]
    rows = table.xpath("./tbody/tr|./tr")
    grid = _grid(rows)
    group_columns = {column for cells in grid for column, cell in cells if _span(cell, "rowspan") > 1}
    stacked = E.TABLE(*table.xpath("./caption"), **{"class": " ".join([*_classes(table), "stacked"])})
    if table.get("id"):
        stacked.set("id", table.get("id"))
    group: lxml.html.HtmlElement | None = None
    remaining = 0  # rows of the current group still to come
    for cells in grid:
        if remaining == 0:
            group = E.TBODY()
            stacked.append(group)
            own = [(column, cell) for column, cell in cells if column in group_columns]
            rest = [(column, cell) for column, cell in cells if column not in group_columns]
            remaining = max((_span(cell, "rowspan") for _column, cell in cells), default=1)
            ordered = [("group-start", own), ("item-start", rest)] if own else [("group-start", rest)]
        else:
            ordered = [("item-start", cells)]
        remaining -= 1
        assert group is not None
        for first_class, part in ordered:
            for column, cell in part:
                if not cell.text_content().strip():
                    continue
                label = labels[column] if column < len(labels) else ""
                value = E.TD(*cell.getchildren())
                value.text = cell.text
                for link in value.xpath('.//a[starts-with(@href, "https://") or starts-with(@href, "http://")]'):
                    if link.text_content().strip() != link.get("href"):
                        _show_address(link)
                row = E.TR(E.TH(label, scope="row"), value)
                if first_class:
                    row.set("class", first_class)
                    first_class = ""
                group.append(row)
    return stacked


def printed_url(url: str) -> str:
    """The address as printed: without ``https://`` and a trailing slash.

    >>> printed_url("https://www.youtube.com/t/terms")
    'www.youtube.com/t/terms'
    """
    return re.sub(r"^https?://", "", url).rstrip("/")


def _show_address(link: lxml.html.HtmlElement) -> None:
    """Replace *link*'s text by its printed address, with break points after each slash."""
    for child in link.getchildren():
        link.remove(child)
    *directories, last = printed_url(link.get("href")).split("/")
    pieces = [f"{directory}/" for directory in directories] + [last]
    link.text = pieces[0]
    for piece in pieces[1:]:
        wbr = E.WBR()  # the line may break after a slash, never inside a name
        wbr.tail = piece
        link.append(wbr)
    link.set("class", " ".join([*_classes(link), "printed-url"]))


def stylesheet(language: str) -> str:
    # The raw sentence: its placeholders become CSS counters, not text.
    footer = css_content(translations(language).gettext(N_("Page {page} of {pages}")), {"page": "counter(page)", "pages": "counter(pages)"})
    css = PRINT_CSS.read_text(encoding="utf-8").replace("var(--footer)", footer)
    return font_faces() + "\n" + css


def header_scope(row_cells: list[str], in_head: bool) -> str:
    """Pure: the PDF ``/Scope`` of a header cell, from the tags of its row's cells and its row group.

    As HTML's ``scope="auto"``: in ``<thead>``, or in a row of header cells
    only, it heads its column; in a row with data cells, it heads its row.

    >>> header_scope(["TH", "TD"], in_head=False), header_scope(["TH", "TH"], in_head=False)
    ('Row', 'Column')
    """
    return "Column" if in_head or "TD" not in row_cells else "Row"


def add_header_scopes(_document: object, pdf: object) -> None:
    """WeasyPrint finisher: give every ``/TH`` structure element its ``/Scope``.

    WeasyPrint tags ``<th>`` as ``/TH`` (with ``/O /Table``) but writes no
    ``/Scope``, which PDF/UA asks of header cells.
    """
    import pydyf

    elements = {obj.reference: obj for obj in pdf.objects if isinstance(obj, pydyf.Dictionary)}
    for element in list(elements.values()):
        if element.get("S") != "/TH":
            continue
        row = elements.get(element.get("P"))
        if row is None:
            continue
        group = elements.get(row.get("P"))
        cells = [elements[kid].get("S", "")[1:] for kid in row.get("K", []) if kid in elements]
        scope = header_scope(cells, in_head=group is not None and group.get("S") == "/THead")
        element.setdefault("A", pydyf.Dictionary({"O": "/Table"}))["Scope"] = f"/{scope}"


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
        finisher=add_header_scopes,
    )
