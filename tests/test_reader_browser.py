"""The built site as readers get it, checked in headless Debian chromium.

Privacy (nothing from other hosts, no cookies, no identifying storage, a strict
Content-Security-Policy), accessibility (axe-core's WCAG 2.1 A and AA rules in
light and dark mode, focus, small screens and zoom), print, search in Danish
and English, the site without JavaScript, and HTML validity (Nu Html Checker).

The Danish build is served under /da/ and an English build under /en/, the
layout of the published site. Add a page kind to PAGE_KINDS and every check
below covers it in both languages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support import checkers
from tests.support.readersite import serve, site_root

pytestmark = pytest.mark.browser

# Each kind of page the site has, by one example page. Other features add theirs
# here (the cited-provisions page, the versions page, a redline).
PAGE_KINDS = {
    "front page": "index.html",
    "policy section": "policy/rettigheder.html",
    "search page": "search.html",
    "general index": "genindex.html",
}
LANGUAGES = ("da", "en")
SECTION = PAGE_KINDS["policy section"]

# The language switch (branch i18n) is a visible link to the same page in the
# other language: <a href="..." hreflang="en">. This is its hook.
LANGUAGE_SWITCH = "a[hreflang]:not([hreflang=''])"

# Collects Content-Security-Policy violations; runs before the page's own scripts.
_WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


@dataclass
class Site:
    base_url: str
    outdirs: dict[str, Path]

    def url(self, language: str, page: str) -> str:
        return f"{self.base_url}{language}/{page}"


@dataclass
class Visit:
    """One page opened in a fresh browser context, with what it asked for."""

    page: object
    context: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations || []")


@pytest.fixture(scope="session")
def reader_site(policy_build, tmp_path_factory):
    outdirs = {"da": policy_build("html").outdir, "en": policy_build("html", language="en").outdir}
    root = site_root(tmp_path_factory.mktemp("reader-site") / "site", outdirs)
    with serve(root) as base_url:
        yield Site(base_url, outdirs)


@pytest.fixture
def visit(browser, reader_site):
    """``visit(language, page, **context_options)``: open a page as a first-time visitor."""
    contexts = []

    def open_page(language: str, page: str, **options) -> Visit:
        context = browser.new_context(**options)
        contexts.append(context)
        context.add_init_script(_WATCH_CSP)
        tab = context.new_page()
        result = Visit(tab, context)
        tab.on("request", lambda request: result.requests.append(request.url))
        tab.on("pageerror", lambda error: result.errors.append(str(error)))
        tab.on("console", lambda message: message.type == "error" and result.errors.append(message.text))
        tab.goto(reader_site.url(language, page), wait_until="load")
        return result

    yield open_page
    for context in contexts:
        context.close()


def all_kinds():
    return [pytest.param(language, page, id=f"{kind}-{language}") for kind, page in PAGE_KINDS.items() for language in LANGUAGES]


# -- Privacy -------------------------------------------------------------------


@pytest.mark.parametrize(("language", "page"), all_kinds())
def test_every_request_goes_to_the_site_itself(visit, reader_site, language, page):
    seen = visit(language, page)
    seen.page.wait_for_load_state("networkidle")
    site = urlsplit(reader_site.base_url).netloc
    assert seen.requests, "the page made no requests at all"
    others = [url for url in seen.requests if urlsplit(url).scheme != "data" and urlsplit(url).netloc != site]
    assert others == []
    assert seen.csp_violations() == []
    assert seen.errors == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_cookies_and_only_the_theme_in_storage(visit, language):
    seen = visit(language, SECTION)
    toggle = seen.page.locator(".theme-toggle:visible").first
    toggle.click()
    toggle.click()
    stored = seen.page.evaluate("Object.fromEntries(Object.entries(localStorage))")
    # Furo's colour-theme choice, on this device only: the one thing kept.
    assert set(stored) == {"theme"} and stored["theme"] in {"auto", "light", "dark"}
    assert seen.page.evaluate("sessionStorage.length") == 0
    assert seen.page.evaluate("document.cookie") == ""
    assert seen.context.cookies() == []


@pytest.mark.parametrize(("language", "query", "expected"), [("da", "rettighed", "rettigheder.html"), ("en", "rights", "rettigheder.html")])
def test_search_finds_word_forms_and_stores_nothing(visit, language, query, expected):
    seen = visit(language, f"search.html?q={query}")
    results = seen.page.locator("#search-results a[href*='" + expected + "']")
    results.first.wait_for(timeout=5000)
    assert seen.page.evaluate("Object.keys(localStorage)") == []
    assert seen.errors == []


# -- Language --------------------------------------------------------------------


@pytest.mark.parametrize(("language", "page"), all_kinds())
def test_page_language_is_declared(visit, language, page):
    seen = visit(language, page)
    assert seen.page.get_attribute("html", "lang") == language


@pytest.mark.parametrize(("language", "other"), [("da", "en"), ("en", "da")])
def test_language_switch_lands_on_the_same_section_without_javascript(visit, reader_site, language, other):
    seen = visit(language, SECTION, java_script_enabled=False)
    switch = seen.page.locator(f"{LANGUAGE_SWITCH}[hreflang^='{other}']")
    assert switch.count() >= 1, f"no language switch link ({LANGUAGE_SWITCH}) on {language}/{SECTION}"
    section_id = seen.page.locator("article[role=main] section[id]").first.get_attribute("id")
    switch.first.click()
    seen.page.wait_for_load_state("load")
    assert seen.page.url.split("#")[0] == reader_site.url(other, SECTION)
    assert seen.page.get_attribute("html", "lang") == other
    assert seen.page.locator(f"article[role=main] section[id='{section_id}']").count() == 1


# -- Accessibility ------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("language", "page"), all_kinds())
def test_axe_finds_no_wcag21_aa_violations(visit, axe_source, language, page, scheme):
    seen = visit(language, page, color_scheme=scheme)
    background = seen.page.evaluate("getComputedStyle(document.body).backgroundColor")
    brightness = sum(int(value) for value in re.findall(r"\d+", background)[:3])
    assert (brightness > 600) if scheme == "light" else (brightness < 150), background
    assert checkers.axe_violations(seen.page, axe_source) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_skip_link_comes_first_shows_on_focus_and_reaches_the_text(visit, language):
    seen = visit(language, SECTION)
    seen.page.keyboard.press("Tab")
    link = seen.page.locator(":focus")
    assert "skip-to-content" in link.get_attribute("class")
    assert link.get_attribute("href") == "#furo-main-content"
    # Furo slides the link into view when it has focus.
    # (Polled from Python: Playwright's wait_for_function needs eval, which the CSP forbids.)
    for _ in range(40):
        if seen.page.evaluate("document.activeElement.getBoundingClientRect().top") >= 0:
            break
        seen.page.wait_for_timeout(50)
    assert seen.page.evaluate("document.activeElement.getBoundingClientRect().top") >= 0
    seen.page.keyboard.press("Enter")
    assert seen.page.evaluate("location.hash") == "#furo-main-content"


_FOCUS_STATE = """() => { const e = document.activeElement, s = getComputedStyle(e);
  return {inPage: !!e.closest('article, footer, .sidebar-drawer'), tag: e.tagName,
          text: (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 40),
          visible: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2}; }"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_keyboard_focus_is_always_visible(visit, language, scheme):
    seen = visit(language, SECTION, color_scheme=scheme)
    reached = []
    for _ in range(40):
        seen.page.keyboard.press("Tab")
        reached.append(seen.page.evaluate(_FOCUS_STATE))
    assert len([state for state in reached if state["inPage"]]) >= 10
    assert [state for state in reached if state["tag"] != "BODY" and not state["visible"]] == []


@pytest.mark.parametrize(
    ("width", "height", "zoom"),
    [pytest.param(375, 740, 1, id="phone-375px"), pytest.param(1280, 800, 2, id="desktop-200-percent")],
)
@pytest.mark.parametrize(("language", "page"), all_kinds())
def test_legible_on_small_screens_and_at_200_percent(visit, language, page, width, height, zoom):
    # 200 % zoom on a 1280 px window lays the page out in 640 CSS pixels.
    seen = visit(language, page, viewport={"width": width // zoom, "height": height // zoom}, device_scale_factor=zoom)
    layout = seen.page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, width: innerWidth,"
        " font: parseFloat(getComputedStyle(document.querySelector('article p, article li') || document.body).fontSize),"
        " article: document.querySelector('article[role=main]').getBoundingClientRect().width})"
    )
    assert layout["scroll"] <= layout["width"], "the page scrolls sideways"
    assert layout["font"] >= 16
    assert layout["article"] >= 0.8 * (layout["width"] - 40)


@pytest.mark.parametrize("language", LANGUAGES)
def test_lines_keep_a_readable_measure(visit, language):
    seen = visit(language, SECTION, viewport={"width": 1920, "height": 1080})
    ratio = seen.page.evaluate(
        "() => { const p = document.querySelector('article p'); const s = document.createElement('span');"
        " s.textContent = '0'; p.append(s); const ch = s.getBoundingClientRect().width; s.remove();"
        " return p.getBoundingClientRect().width / ch; }"
    )
    assert 45 <= ratio <= 80


# -- Print and no-JavaScript -------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_print_shows_the_text_and_link_addresses_without_navigation(visit, language):
    seen = visit(language, "policy/klage.html")
    seen.page.emulate_media(media="print")
    for chrome in (".sidebar-drawer", ".toc-drawer", ".mobile-header", ".related-pages", ".content-icon-container", ".back-to-top"):
        assert not seen.page.locator(chrome).first.is_visible(), chrome
    assert seen.page.locator("article[role=main] h1").is_visible()
    after = seen.page.evaluate(
        "getComputedStyle(document.querySelector('article a[href^=\"http\"]'), '::after').content"
    )
    assert "https://www.datatilsynet.dk" in after
    seen.page.emulate_media(media="screen")
    assert seen.page.locator(".related-pages").is_visible()


@pytest.mark.parametrize(("language", "page"), all_kinds())
def test_content_and_navigation_work_without_javascript(visit, reader_site, language, page):
    seen = visit(language, page, java_script_enabled=False)
    assert seen.page.locator("article[role=main]").is_visible()
    # The theme toggle needs scripts, so it is hidden without them.
    assert seen.page.locator(".theme-toggle:visible").count() == 0
    links = seen.page.locator(".sidebar-tree a.reference")
    assert links.count() >= 6
    links.nth(1).click()
    seen.page.wait_for_load_state("load")
    assert seen.page.url.startswith(reader_site.url(language, "policy/"))
    assert seen.page.locator("article[role=main] h1").is_visible()


# -- HTML validity ------------------------------------------------------------------


def test_nu_html_checker_finds_no_errors(reader_site, nu_html_checker):
    pages = sorted(str(path) for outdir in reader_site.outdirs.values() for path in outdir.rglob("*.html"))
    assert len(pages) >= 2 * len(PAGE_KINDS)
    run, messages = nu_html_checker(pages)
    errors = [f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in messages if m["type"] in {"error", "non-document-error"}]
    assert errors == []
    assert run.returncode == 0


# -- Phones and long words ------------------------------------------------------------

VENDOR_PAGE = "policy/modtagere.html"
#: A page of each kind with long words in its headings or tables.
LONG_WORD_PAGES = ("index.html", VENDOR_PAGE, "policy/opbevaringsperiode.html",
                   "policy/formaal-og-retsgrundlag.html", "henvisninger.html")

_VENDOR_CELLS = """() => {
  const cells = [...document.querySelectorAll('table.vendor-table td')].filter(c => c.offsetParent !== null);
  const wrapper = document.querySelector('.table-wrapper.vendor-table');
  return {
    width: innerWidth, scroll: document.documentElement.scrollWidth,
    wrapperScrolls: wrapper.scrollWidth > wrapper.clientWidth + 1,
    labels: cells.map(c => getComputedStyle(c, '::before').content),
    cells: cells.map(c => { const r = c.getBoundingClientRect();
      return {text: c.textContent.trim().slice(0, 30), left: r.left, right: r.right, cut: c.scrollWidth > c.clientWidth + 1}; }),
  };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_vendor_table_reads_one_vendor_at_a_time_on_a_phone(visit, language, scheme):
    seen = visit(language, VENDOR_PAGE, viewport={"width": 375, "height": 740}, color_scheme=scheme)
    table = seen.page.evaluate(_VENDOR_CELLS)
    assert len(table["cells"]) >= 30
    outside = [cell for cell in table["cells"] if cell["left"] < 0 or cell["right"] > table["width"] or cell["cut"]]
    assert outside == []
    assert not table["wrapperScrolls"], "the vendor table scrolls in its own box"
    assert table["scroll"] <= table["width"], "the page scrolls sideways"
    # Each cell names its column, in the page's language.
    headers = seen.page.evaluate("[...document.querySelectorAll('table.vendor-table thead th')].map(h => h.textContent.trim())")
    labels = {label.strip('"').replace("\u00ad", "") for label in table["labels"]}
    assert labels == {header.replace("\u00ad", "") for header in headers}




@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_word_in_headings_or_tables_breaks_without_a_hyphen(visit, language, width, scheme):
    broken, hyphenated = {}, 0
    for page in LONG_WORD_PAGES:
        seen = visit(language, page, viewport={"width": width, "height": 800}, color_scheme=scheme)
        if found := seen.page.evaluate(checkers.BROKEN_WORDS, "article[role=main]"):
            broken[page] = found
        # The sidebar's table of contents, beside the page from 63em on ("Henvisninger til databeskyttelses…").
        if width >= 1280 and (found := seen.page.evaluate(checkers.BROKEN_WORDS, [".sidebar-tree", "a"])):
            broken[f"{page} (sidebar)"] = found
        hyphenated += seen.page.evaluate(
            "[...document.querySelectorAll('article :is(h1, h2, h3, td)')].filter(e => e.textContent.includes('\u00ad')).length")
        seen.context.close()
    assert broken == {}
    assert hyphenated >= 5, "no soft hyphens in headings and cells: the check above would prove nothing"
