"""The PDFs on paper: every word inside the text area, every column's text extracted, tagged structure.

Each dated version's PDF is made with this repository's ``pdf.py`` and
``print.css`` from that version's own tree (``make site``), so the PDFs of the
working tree and of the released trees are built here, in Danish and English,
the way ``make site`` builds them (:func:`tools.sitebuild.unit.unit_command`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pdfplumber
import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from hyphenation import hyphenator
from tools.messages import long_date
from tools.project import REPO_ROOT, copy_policy_sources
from tools.sitebuild.layout import pdf_name
from tools.sitebuild.ledger import LEDGER_PATH, parse_ledger
from tools.sitebuild.pdf import PRINT_CSS, header_scope, printed_url, stack_table
from tools.sitebuild.unit import unit_command, unit_env
from vendors.jurisdictions import load_jurisdictions
from vendors.registry import read_registry

pytestmark = pytest.mark.site

#: The trees whose PDFs are checked: the working tree and every dated version in
#: the ledger (the published text of 2026-11-24, its correction of 2026-12-01, ...).
TREES = {"working-tree": None} | {
    entry.name: entry.commit
    for entry in parse_ledger((REPO_ROOT / LEDGER_PATH).read_text(encoding="utf-8")).entries
}
LANGUAGES = ("da", "en")
MM = 72 / 25.4

#: Text each language's PDF must contain, one per column of the vendor table
#: besides the vendors' own names and terms hosts (checked from vendors.yaml).
COLUMN_TEXTS = {
    "da": ("Virksomhed", "Land", "Tjeneste", "Beskrivelse", "Overførselsgrundlag", "Aftalevilkår",
           "standardkontraktbestemmelser"),
    "en": ("Company", "Country", "Service", "Description", "Transfer basis", "Terms",
           "standard contractual clauses"),
}
CITED_PAGE = {"da": "Henvisninger til databeskyttelsesforordningen", "en": "GDPR provisions cited in this policy"}


@dataclass
class BuiltPdf:
    tree: str
    language: str
    path: Path
    source: Path

    def __str__(self) -> str:
        return f"{self.tree}/{self.language}"


def _export(commit: str, destination: Path) -> Path:
    """The tree of *commit* (``git archive``), as ``make site`` checks a tag out."""
    archive = destination.with_suffix(".tar")
    process = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "archive", "--format=tar", "-o", str(archive), commit],
        capture_output=True, check=False, encoding="utf-8",
    )
    if process.returncode:
        pytest.fail(f"git archive {commit} failed (a shallow clone?): {process.stderr.strip()}")
    with tarfile.open(archive) as tar:
        tar.extractall(destination, filter="data")
    return destination


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], BuiltPdf]:
    """Every tree's PDF in every language: one build process per tree, run side by side."""
    base = tmp_path_factory.mktemp("pdf-layout")
    processes = {}
    for tree, commit in TREES.items():
        source = base / f"src-{tree}"
        if commit is None:
            copy_policy_sources(source)
        else:
            _export(commit, source)
        effective = None if commit is None else dt.date.fromisoformat(tree)  # the working tree is a draft
        command = unit_command(source, base / tree, name=tree, effective=effective, timestamp=1764547200,
                               languages=LANGUAGES, builders=("singlehtml", "pdf"))
        processes[tree] = (source, subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                                    encoding="utf-8", env=unit_env()))
    built = {}
    for tree, (source, process) in processes.items():
        _stdout, stderr = process.communicate()
        assert process.returncode == 0, f"building the {tree} PDFs failed:\n{stderr}"
        for language in LANGUAGES:
            path = base / tree / language / pdf_name(tree, language)
            built[tree, language] = BuiltPdf(tree, language, path, source)
    return built


CASES = [pytest.param((tree, language), id=f"{tree}-{language}") for tree in TREES for language in LANGUAGES]


def text_area(width: float, height: float) -> tuple[float, float, float, float]:
    """(x0, top, x1, bottom) in points: the page less print.css's ``@page`` margins left and right,
    and less 5 mm, the edge a printer leaves blank, at the top and bottom (the running header and
    footer are in the top and bottom margins, as wide as the text)."""
    page_rule = re.search(r"@page\s*\{[^}]*?margin:\s*([^;]+);", PRINT_CSS.read_text(encoding="utf-8"))
    assert page_rule, "print.css has no @page margin"
    sides = [float(value.removesuffix("mm")) * MM for value in page_rule.group(1).split()]
    _top, right, _bottom, left = (sides * 4)[:4] if len(sides) == 1 else sides
    return left, 5 * MM, width - right, height - 5 * MM


@dataclass(frozen=True)
class Paper:
    """What pdfplumber reads from a PDF's pages."""

    words_outside: list[str]  # every word not wholly inside its page's text area
    text: str  # the text inside the text areas (what a reader of the paper sees)


@functools.cache
def read_paper(pdf: Path) -> Paper:
    outside, pages = [], []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, 1):
            area = text_area(float(page.width), float(page.height))
            x0, top, x1, bottom = area
            for word in page.extract_words():
                if word["x0"] < x0 - 0.5 or word["x1"] > x1 + 0.5 or word["top"] < top or word["bottom"] > bottom:
                    outside.append(f"page {number}: {word['text']!r} at x {word['x0']:.0f}-{word['x1']:.0f}, "
                                   f"y {word['top']:.0f}-{word['bottom']:.0f} (text area x {x0:.0f}-{x1:.0f})")
            # The same half-point tolerance as above: a glyph's box may start a hair before the margin.
            pages.append(page.within_bbox((x0 - 0.5, top, x1 + 0.5, bottom)).extract_text() or "")
    text = "\n".join(pages).replace("\u200b", "")
    # Also with the lines that hyphenation broke joined again.
    return Paper(outside, text + "\n" + re.sub(r"(?<=\w)[-\u2010]\n(?=\w)", "", text))


def terms_hosts(source: Path) -> list[str]:
    registry = read_registry(source / "policy" / "vendors.yaml", load_jurisdictions())
    return [urlsplit(service.terms).hostname for vendor in registry.vendors for service in vendor.services
            if service.terms]


# -- layout ----------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_every_word_lies_inside_the_text_area(pdfs, case) -> None:
    built = pdfs[case]
    assert read_paper(built.path).words_outside == [], f"{built}: words outside the text area"


@pytest.mark.parametrize("case", CASES)
def test_every_column_of_the_vendor_table_is_on_the_page(pdfs, case) -> None:
    built = pdfs[case]
    text = read_paper(built.path).text
    hosts = terms_hosts(built.source)
    assert len(hosts) >= 6
    missing = [needle for needle in (*COLUMN_TEXTS[built.language], *hosts) if needle not in text]
    assert missing == [], f"{built}: not in the text on the pages"
    # Links print as their text; only the table's terms links print their address.
    assert "<https://" not in text
    assert "eur-lex.europa.eu/eli" not in text


# -- running header, hyphenation, title ---------------------------------------------

#: Where print.css's header and footer sit: above the text area's top, below its bottom (points).
HEADER_BOTTOM = 25 * MM + 1
#: print.css's h2 and h3 (DejaVu Sans Bold, 13 pt and 11 pt) set the running header's section.
SECTION_HEADING_SIZES = (13.0, 11.0)
#: Breaks the issue saw and the patterns must never make again.
BAD_BREAKS = {
    "da": ("medlem-sstaternes", "perso-noplysningerne", "perso-noplysninger", "gælden-de"),
    "en": ("Art-icle", "eras-ure", "portab-ility", "port-ab"),
}
ADDRESSES = ("www.datatilsynet.dk", "kontakt@wexo.dk", "+45 71 99 48 16", "Gøteborgvej 16, 9200 Aalborg SV")
HYPHEN = "\u2010"  # what WeasyPrint draws at a soft hyphen


@dataclass(frozen=True)
class PrintedPage:
    number: int
    header: str
    #: The text lines inside the text area, top to bottom.
    lines: tuple[str, ...]
    #: (index into lines, text) of each section heading that starts on the page, wrapped lines joined.
    headings: tuple[tuple[int, str], ...]


def _lines(words: list[dict]) -> list[list[dict]]:
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - word["top"]) < 2:
            rows[-1].append(word)
        else:
            rows.append([word])
    return rows


@functools.cache
def printed_pages(pdf: Path) -> tuple[PrintedPage, ...]:
    pages = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, 1):
            words = page.extract_words(extra_attrs=["fontname", "size"])
            header = " ".join(w["text"] for w in words if w["bottom"] < HEADER_BOTTOM)
            _x0, _top, _x1, bottom = text_area(float(page.width), float(page.height))
            rows = _lines([w for w in words if HEADER_BOTTOM <= w["top"] and w["bottom"] <= page.height - 22 * MM])
            lines, headings, previous_heading = [], [], None
            for row in rows:
                text = " ".join(w["text"] for w in row)
                is_heading = all(re.search(r"DejaVu-?Sans-Bold$", w["fontname"])
                                 and round(w["size"], 1) in SECTION_HEADING_SIZES for w in row)
                # A heading's next line (1.25 line height) or the next heading (after its margin)?
                wrapped = previous_heading is not None and row[0]["top"] - previous_heading < 1.5 * row[0]["size"]
                if is_heading and wrapped:
                    index, first = headings.pop()
                    headings.append((index, f"{first} {text}"))
                elif is_heading:
                    headings.append((len(lines), text))
                previous_heading = row[0]["top"] if is_heading else None
                lines.append(text)
            pages.append(PrintedPage(number, header, tuple(lines), tuple(headings)))
    return tuple(pages)


def _plain(text: str) -> str:
    """Text as read: the hyphens of broken words joined, white space single."""
    return " ".join(re.sub(f"{HYPHEN} ", "", text).split())


@pytest.mark.parametrize("case", CASES)
def test_running_header_names_the_section_at_the_top_of_the_page(pdfs, case) -> None:
    in_force = ""
    wrong = []
    pages = printed_pages(pdfs[case].path)
    assert sum(len(page.headings) for page in pages) >= 10, "no section headings found (h2/h3 at 13/11 pt)"
    for page in pages:
        opens_with_heading = bool(page.headings) and page.headings[0][0] == 0
        expected = page.headings[0][1] if opens_with_heading else in_force
        if page.number > 1 and _plain(page.header) != _plain(expected):
            wrong.append(f"page {page.number}: header {page.header!r}, section in force {expected!r}")
        if page.headings:
            in_force = page.headings[-1][1]
    assert wrong == [], f"{pdfs[case]}: running headers"


def line_breaks(lines: tuple[str, ...]) -> list[tuple[str, str]]:
    """(before, after) of every word broken at a hyphen at the end of a line: the letters on each side."""
    breaks = []
    for line, following in zip(lines, lines[1:]):
        if line.endswith(HYPHEN) and following:
            before = re.search(r"(\S*)" + HYPHEN + "$", line).group(1)
            breaks.append((before, following.split()[0]))
    return breaks


@pytest.mark.parametrize("case", CASES)
def test_words_break_only_at_the_languages_hyphenation_points(pdfs, case) -> None:
    built = pdfs[case]
    rules = hyphenator(built.language)
    breaks = [pair for page in printed_pages(built.path) for pair in line_breaks(page.lines)]
    assert len(breaks) >= 20, "no hyphenated line ends found"
    problems = []
    for before, after in breaks:
        head = re.search(r"[^\W\d_]*$", before).group()
        tail = re.match(r"[^\W\d_]*", after).group()
        word = head + tail
        if len(head) < 3 or len(tail) < 3:
            problems.append(f"{head}-{tail}: fewer than three letters on a line")
        elif len(head) not in rules.positions(word):
            problems.append(f"{head}-{tail}: not a hyphenation point of {word!r}")
        if re.search(r"[@/:\d]|\.(?=\w)", before + after):
            problems.append(f"{before}-{after}: an address hyphenated")
    assert problems == [], f"{built}: line breaks"
    joined = {f"{head}-{tail}" for head, tail in breaks}
    assert joined.isdisjoint(BAD_BREAKS[built.language])


@pytest.mark.parametrize("case", CASES)
def test_addresses_are_never_broken_across_lines(pdfs, case) -> None:
    built = pdfs[case]
    lines = [line for page in printed_pages(built.path) for line in page.lines]
    for address in ADDRESSES:
        whole = [line for line in lines if address in line]
        assert whole, f"{built}: {address!r} is not on one line"
    assert not [line for line in lines if re.search(r"(www\.|@)\S*" + HYPHEN + "$", line)]


@pytest.mark.parametrize("case", CASES)
def test_title_names_the_versions_date(pdfs, case) -> None:
    built = pdfs[case]
    title = PdfReader(built.path).metadata.title
    first_page = printed_pages(built.path)[0]
    if built.tree == "working-tree":
        assert not re.search(r"\d{4}", title), title  # a draft has no date yet
        return
    date = long_date(dt.date.fromisoformat(built.tree), built.language)
    assert title.endswith(date), title
    assert date in " ".join(first_page.lines[:4]).replace("\u00a0", " ")
    # Two versions' PDFs never share a title.
    titles = {PdfReader(other.path).metadata.title for (tree, language), other in pdfs.items()
              if language == built.language}
    assert len(titles) == len(TREES)


# -- structure -------------------------------------------------------------------


def structure_elements(reader: PdfReader) -> list[DictionaryObject]:
    """The structure tree's elements, in document order."""
    found = []

    def walk(node) -> None:
        node = node.get_object()
        if not isinstance(node, DictionaryObject):
            return
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid, "get_object"):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.parametrize("case", CASES)
def test_title_is_h1_and_header_cells_have_a_scope(pdfs, case) -> None:
    elements = structure_elements(PdfReader(pdfs[case].path))
    headings = [str(element["/S"]) for element in elements if re.fullmatch(r"/H\d", str(element["/S"]))]
    assert headings[0] == "/H1"
    assert headings.count("/H1") == 1
    header_cells = [element for element in elements if element["/S"] == "/TH"]
    assert header_cells
    scopes = {str(element.get("/A", {}).get("/Scope")) for element in header_cells}
    assert scopes <= {"/Row", "/Column"}, scopes


@pytest.mark.parametrize("case", CASES)
def test_cited_articles_are_bookmarked_under_their_page(pdfs, case) -> None:
    outline = PdfReader(pdfs[case].path).outline
    top = [item.title for item in outline if not isinstance(item, list)]
    assert not [title for title in top if title.startswith(("Artikel", "Article"))], top
    page = next(index for index, item in enumerate(outline)
                if not isinstance(item, list) and item.title == CITED_PAGE[pdfs[case].language])
    children = outline[page + 1]
    assert isinstance(children, list), top
    assert len([child for child in children if child.title.startswith(("Artikel", "Article"))]) >= 10


# -- the pure functions ----------------------------------------------------------

GROUPED = """<table class="vendor-table" id="t">
<thead><tr><th><p>Company</p></th><th><p>Service</p></th><th><p>Basis</p></th><th><p>Terms</p></th></tr></thead>
<tbody>
<tr><td rowspan="2"><p>Google Inc</p></td><td><p>Analytics</p></td><td rowspan="2"><p>SCC</p></td>
    <td><p><a href="https://marketingplatform.google.com/about/analytics/terms/us/">Terms for Analytics</a></p></td></tr>
<tr><td><p>YouTube</p></td><td></td></tr>
<tr><td><p>TikTok Ltd</p></td><td><p>TikTok</p></td><td><p>SCC</p></td><td></td></tr>
</tbody></table>"""


def test_stack_table_makes_a_labelled_block_per_row_group() -> None:
    stacked = stack_table(lxml.html.fragment_fromstring(GROUPED))
    assert stacked.get("id") == "t"
    groups = [[(row.get("class"), row.xpath("string(th)"), row.xpath("normalize-space(td)"))
               for row in body.xpath("tr")] for body in stacked.xpath("tbody")]
    assert groups == [
        [("group-start", "Company", "Google Inc"), (None, "Basis", "SCC"),
         ("item-start", "Service", "Analytics"),
         (None, "Terms", "marketingplatform.google.com/about/analytics/terms/us"),
         ("item-start", "Service", "YouTube")],  # its empty terms cell is left out
        [("group-start", "Company", "TikTok Ltd"), (None, "Basis", "SCC"), ("item-start", "Service", "TikTok")],
    ]
    assert {th.get("scope") for th in stacked.xpath(".//th")} == {"row"}
    # The address may break after each slash only.
    link = stacked.xpath(".//a")[0]
    assert [link.text, *(wbr.tail for wbr in link)] == [
        "marketingplatform.google.com/", "about/", "analytics/", "terms/", "us"]


def test_printed_url_and_header_scope() -> None:
    assert printed_url("https://www.facebook.com/terms.php") == "www.facebook.com/terms.php"
    assert header_scope(["TH", "TH", "TH"], in_head=True) == "Column"
    assert header_scope(["TH", "TD"], in_head=False) == "Row"


@pytest.mark.parametrize("case", CASES)
def test_a_translation_says_on_its_title_page_that_the_danish_prevails(pdfs, case) -> None:
    built = pdfs[case]
    first_page = " ".join(PdfReader(built.path).pages[0].extract_text().split())
    if built.language == "da":
        assert "oversættelse" not in first_page and "Oversat" not in first_page
        return
    assert "Translated on 1 December 2025" in first_page  # the day of the build's timestamp: its commit's
    assert ("This is a translation. The Danish text prevails, and the statuses and dates shown apply to it. "
            f"The Danish text is published beside this file as privatlivspolitik-{built.tree}-da.pdf.") in first_page


def test_a_revised_translation_gives_its_revision_date() -> None:
    from tools.sitebuild.pdf import TranslationDate, print_document

    single = "<html><body><div role='main'><h1>Privacy policy</h1></div></body></html>"
    document = print_document(single, language="en", company="WEXO A/S", title="Privacy policy",
                              effective=dt.date(2026, 12, 1), created=dt.datetime(2026, 11, 30, tzinfo=dt.UTC),
                              source_language="da", translation=TranslationDate(dt.date(2026, 12, 6), revised=True),
                              source_pdf="privatlivspolitik-2026-12-01-da.pdf")
    title = lxml.html.document_fromstring(document).xpath('//header[@class="title-block"]')[0]
    assert [p.text_content() for p in title.xpath("./p")] == [
        "WEXO A/S", "Effective from 1 December 2026", "Language: English", "Translation revised on 6 December 2026",
        "This is a translation. The Danish text prevails, and the statuses and dates shown apply to it. "
        "The Danish text is published beside this file as privatlivspolitik-2026-12-01-da.pdf.",
    ]
    danish = print_document(single, language="da", company="WEXO A/S", title="Privatlivspolitik",
                            effective=dt.date(2026, 12, 1), created=dt.datetime(2026, 11, 30, tzinfo=dt.UTC),
                            source_language="da", source_pdf="privatlivspolitik-2026-12-01-da.pdf")
    assert "translation-notice" not in danish and "Oversat" not in danish
