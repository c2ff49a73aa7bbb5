"""The redline of the real history: the transfer text that moved from 4.2 to 4.1.

Version 2026-11-24 (commit cb74824) has the transfer text and the vendor table
under "4.2 WEXO som databehandler"; version 2026-12-01 (604f12e) moved them to
"4.1 Overførsel til tredjelande" and removed 4.2. The redline must show them
once, as moved, fit the screen at 375 and 1280 px, and print at 10 pt or more.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import lxml.html
import pytest

from tests.support import checkers
from tests.support.readersite import serve
from tools import git
from tools.project import REPO_ROOT
from tools.redline.compare import REDLINE_CSS_FILE, compare_documents, redline_context
from tools.rendering import render
from tools.sitebuild.ledger import LEDGER_PATH, parse_ledger
from tools.sitebuild.pages import SITE_CSS
from tools.sitebuild.unit import build_ref
from tools.sitebuild.views import Link, Page, Theme

pytestmark = pytest.mark.site

#: The published text and its correction: the ledger's first two versions.
OLD, NEW = (entry.commit for entry in parse_ledger((REPO_ROOT / LEDGER_PATH).read_text(encoding="utf-8")).entries[:2])


@pytest.fixture(scope="module")
def redlines(tmp_path_factory):
    """``{language: (redline, directory of the new singlehtml build)}``."""
    for commit in (OLD, NEW):
        if git.git(REPO_ROOT, "cat-file", "-e", f"{commit}^{{commit}}", check=False).returncode:
            pytest.skip(f"commit {commit} is not in this clone")
    base = tmp_path_factory.mktemp("history")
    result = {}
    # build_ref runs asyncio; a thread of its own keeps it clear of Playwright's event loop.
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = {(language, ref): pool.submit(build_ref, REPO_ROOT, ref, base / language / ref, language=language)
                for language in ("da", "en") for ref in (OLD, NEW)}
    for language in ("da", "en"):
        old = jobs[language, OLD].result() / "singlehtml"
        new = jobs[language, NEW].result() / "singlehtml"
        redline = compare_documents((old / "index.html").read_text(encoding="utf-8"),
                                    (new / "index.html").read_text(encoding="utf-8"))
        result[language] = (redline, new)
    return result


def site_style_page(redline, language: str, directory: Path) -> Path:
    """The redline as the site renders it, next to the build's own Furo stylesheets."""
    for css in (SITE_CSS, REDLINE_CSS_FILE):
        shutil.copyfile(css, directory / css.name)
    context = redline_context(redline, language, old_name="24. november 2026", new_name="1. december 2026")
    page = Page(language=language, title=str(context["heading"]), site_title="WEXO", home=None,
                theme=Theme(("_static/styles/furo.css", "_static/vendors.css", "_static/reader.css"),
                            "_static/reader-theme.js"),
                stylesheets=("site.css", "redline.css"), alternates=(), footer="",
                feed=Link("versions.atom", "Atom", language))
    path = directory / "redline.html"
    path.write_text(render("changes.html", page=page, bar=None, **context), encoding="utf-8")
    return path


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_transfer_text_is_shown_as_moved_from_4_2_to_4_1(redlines, language) -> None:
    redline, _ = redlines[language]
    moves = redline.moves
    assert [(m.old_label, m.new_label) for m in moves] == [("wexo-som-databehandler", "overfoersel-til-tredjelande")]
    by_label = {change.label: change for change in redline.sections}
    arrived = "".join(p.html for p in by_label["overfoersel-til-tredjelande"].parts if p.kind == "moved-in")
    assert "modtagere-tabel" in arrived and "Microsoft" in arrived
    assert "<ins>" not in arrived and "<del>" not in arrived
    left = by_label["wexo-som-databehandler"]
    assert left.status == "removed"
    assert [p.kind for p in left.parts] == ["diff", "moved-out"]
    assert "Microsoft" not in left.diff_html
    page = lxml.html.document_fromstring(redline.render_page(language, old_name="a", new_name="b"))
    ids = page.xpath("//@id")
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    note = page.get_element_by_id(moves[0].origin_anchor)
    assert note.xpath(".//a/@href") == [f"#{moves[0].anchor}"]


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_redline_fits_the_screen_and_prints_at_10pt_or_more(redlines, browser, language) -> None:
    redline, directory = redlines[language]
    path = site_style_page(redline, language, directory)
    with serve(directory) as base_url:
        for width in (375, 1280):
            context = browser.new_context(viewport={"width": width, "height": 800})
            page = context.new_page()
            page.goto(f"{base_url}{path.name}", wait_until="load")
            scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            assert scroll <= inner, f"the page is {scroll} px wide at {width} px"
            table = page.locator("#moved-1 table")
            assert table.count() == 1
            context.close()
        # Print: A4 less 2 cm margins is about 170 mm = 643 CSS px; nothing wider, nothing under 10 pt.
        context = browser.new_context(viewport={"width": 643, "height": 900})
        page = context.new_page()
        page.goto(f"{base_url}{path.name}", wait_until="load")
        page.emulate_media(media="print")
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert scroll <= inner, f"in print the page is {scroll} px wide on a {inner} px page"
        smallest = page.evaluate(
            "Math.min(...[...document.querySelectorAll('main *')].filter(e => e.offsetParent !== null"
            " && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))"
            ".map(e => parseFloat(getComputedStyle(e).fontSize)))"
        )
        assert smallest >= 10 * 96 / 72 - 0.01, f"smallest printed text: {smallest * 72 / 96:.1f} pt"
        context.close()


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_real_redline_passes_axe_in_light_and_dark_and_vnu(redlines, browser, axe_source, nu_html_checker, language) -> None:
    redline, directory = redlines[language]
    path = site_style_page(redline, language, directory)
    with serve(directory) as base_url:
        for scheme in ("light", "dark"):
            context = browser.new_context(color_scheme=scheme)
            page = context.new_page()
            page.goto(f"{base_url}{path.name}", wait_until="load")
            assert checkers.axe_violations(page, axe_source) == [], scheme
            context.close()
    _run, messages = nu_html_checker([path])
    assert [f"{m.get('lastLine')}: {m['message']}" for m in messages if m["type"] != "info"] == []
