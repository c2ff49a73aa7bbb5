"""``make site`` on a fixture repository with three dated tags (one upcoming) and one bad tag.

One cold build of the fixture is shared by the whole module; tests that add
tags work on clones of the fixture with a copy of its cache, so they never
disturb each other and never rebuild what is cached.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.support.synthetic import commit_all, edit, make_history, run_git, tag

pytestmark = pytest.mark.site

REPO_ROOT = Path(__file__).resolve().parent.parent
BUILD_DATE = "2026-09-01"
DATES = [dt.date(2026, 1, 1), dt.date(2026, 6, 1), dt.date(2027, 1, 1)]


@dataclass
class SiteRun:
    repo: Path
    out: Path
    cache: Path
    process: subprocess.CompletedProcess[str]

    def read(self, relpath: str) -> str:
        return (self.out / relpath).read_text(encoding="utf-8")


def run_site(repo: Path, out: Path, cache: Path, *extra: str, build_date: str = BUILD_DATE) -> SiteRun:
    process = subprocess.run(
        [sys.executable, "-m", "tools.sitebuild", "--repo", str(repo), "--out", str(out), "--cache", str(cache),
         "--build-date", build_date, *extra],
        cwd=REPO_ROOT, capture_output=True, check=False, encoding="utf-8",
    )
    return SiteRun(repo, out, cache, process)


def clone(site: SiteRun, destination: Path) -> tuple[Path, Path]:
    """A clone of the fixture repository (same tags) and a copy of its build cache."""
    run_git(destination.parent, "clone", "-q", str(site.repo), destination.name)
    cache = destination.parent / f"{destination.name}-cache"
    shutil.copytree(site.cache, cache)
    return destination, cache


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> SiteRun:
    base = tmp_path_factory.mktemp("site")
    repo = base / "repo"
    make_history(repo, DATES)
    run_git(repo, "tag", "-a", "v1.0", "-m", "Not a dated version")
    run_git(repo, "tag", "v2026-02-30")  # lightweight, and not a date either
    run = run_site(repo, base / "site", base / "cache")
    assert run.process.returncode == 0, run.process.stderr
    return run


@pytest.fixture(scope="module")
def warm(site: SiteRun) -> SiteRun:
    """The same repository built again, with nothing new."""
    first = (site.out / "SHA256SUMS").read_text(encoding="utf-8")
    run = run_site(site.repo, site.out, site.cache)
    run.first_manifest = first  # type: ignore[attr-defined]
    return run


# -- structure and statuses ------------------------------------------------------


def test_bad_tags_are_reported_and_not_built(site: SiteRun) -> None:
    stderr = site.process.stderr
    assert "tag 'v1.0' is not built: the name does not have the form vYYYY-MM-DD" in stderr
    assert "tag 'v2026-02-30' is not built: '2026-02-30' is not a calendar date" in stderr
    assert not (site.out / "da" / "1.0").exists()
    assert "built 3 (v2026-01-01, v2026-06-01, v2027-01-01)" in stderr


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_version_in_every_language(site: SiteRun, language: str) -> None:
    for version in ("2026-01-01", "2026-06-01", "2027-01-01", "current"):
        root = site.out / language / version
        assert (root / "index.html").is_file(), root
        assert (root / "policy" / "rettigheder.html").is_file()
    for version in ("2026-01-01", "2026-06-01", "2027-01-01"):
        assert (site.out / language / version / f"privatlivspolitik-{version}-{language}.pdf").is_file()
    # current/ is the version in force on the build date: 1 June 2026, not the upcoming one.
    current = site.read(f"{language}/current/policy/rettigheder.html")
    assert "altid ret til at få urigtige eller ufuldstændige" in current
    assert "automatiske-afgoerelser" not in current
    assert (site.out / language / "current" / f"privatlivspolitik-2026-06-01-{language}.pdf").is_file()
    assert f' lang="{language}" data-content_root' in current


def test_root_redirects_to_danish_current_with_hreflang(site: SiteRun) -> None:
    root = site.read("index.html")
    assert '<meta http-equiv="refresh" content="0; url=da/current/index.html">' in root
    assert '<link rel="alternate" hreflang="da" href="da/current/index.html">' in root
    assert '<link rel="alternate" hreflang="en" href="en/current/index.html">' in root
    assert '<link rel="alternate" hreflang="x-default" href="da/current/index.html">' in root
    assert '<a href="en/current/index.html" hreflang="en">Go to the privacy policy in force (English).</a>' in root
    # A language's name in running text is written as the language writes it: "dansk", lower case.
    assert '<a href="da/current/index.html" hreflang="da">Gå til den gældende privatlivspolitik (dansk).</a>' in root
    # It works without JavaScript: no inline script, only the theme's own file (Furo's stored choice).
    import lxml.html

    assert [script.get("src") for script in lxml.html.fromstring(root).xpath("//script")] == [
        "da/current/_static/reader-theme.js"
    ]


def _version_sections(page: str) -> dict[str, str]:
    return dict(re.findall(r'<section class="version version-[\w-]+" id="v([\d-]+|draft)">(.*?)</section>', page, re.DOTALL))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", {"2026-01-01": ("1. januar 2026", "Afløst"), "2026-06-01": ("1. juni 2026", "Gældende"),
                "2027-01-01": ("1. januar 2027", "Kommende")}),
        ("en", {"2026-01-01": ("1 January 2026", "Superseded"), "2026-06-01": ("1 June 2026", "In force"),
                "2027-01-01": ("1 January 2027", "Upcoming")}),
    ],
)
def test_versions_page(site: SiteRun, language: str, expected: dict[str, tuple[str, str]]) -> None:
    page = site.read(f"{language}/versions.html")
    sections = _version_sections(page)
    assert list(sections) == ["2027-01-01", "2026-06-01", "2026-01-01"]  # newest first
    for name, (long_date, status) in expected.items():
        section = sections[name]
        assert f'<time datetime="{name}">{long_date}</time> <span class="status">{status}</span>' in section
        number = DATES.index(dt.date.fromisoformat(name)) + 1
        assert f'<p class="headline">Version {number} of the policy</p>' in section
        assert f"What changed in version {number}." in section
        assert f'href="{name}/index.html"' in section
        assert f'href="{name}/privatlivspolitik-{name}-{language}.pdf"' in section
    assert 'href="changes/2026-01-01_2026-06-01.html"' in sections["2026-06-01"]
    assert 'href="changes/2026-06-01_2027-01-01.html"' in sections["2027-01-01"]
    assert "changes/" not in sections["2026-01-01"]


# -- banners and switchers ---------------------------------------------------------


def test_superseded_banner_links_to_same_page_in_current(site: SiteRun) -> None:
    da = site.read("da/2026-01-01/policy/rettigheder.html")
    assert '<div class="site-notice site-notice-superseded" role="note">' in da
    assert "<p>Denne version gjaldt til og med 31. maj 2026.</p>" in da
    assert '<a href="../../current/policy/rettigheder.html">Læs denne side i den gældende version.</a>' in da
    en = site.read("en/2026-01-01/index.html")
    assert "<p>This version applied until 31 May 2026.</p>" in en
    assert '<a href="../current/index.html">Read this page in the version in force.</a>' in en


def test_upcoming_version_and_announcement(site: SiteRun) -> None:
    upcoming = site.read("da/2027-01-01/index.html")
    assert ("Denne version træder i kraft den 1. januar 2027. Indtil da gælder versionen af 1. juni 2026."
            in upcoming)
    for page in ("da/current/index.html", "da/2026-06-01/policy/klage.html"):
        text = site.read(page)
        assert "En ny version træder i kraft den 1. januar 2027." in text
        assert "changes/2026-06-01_2027-01-01.html\">Se, hvad der ændres.</a>" in text
        assert "site-notice-superseded" not in text
    assert "A new version takes effect on 1 January 2027." in site.read("en/current/index.html")


def test_every_page_has_both_switchers_and_no_script_of_ours(site: SiteRun) -> None:
    checked = 0
    for path in site.out.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue
        relpath = path.relative_to(site.out).as_posix()
        assert '<nav class="site-bar"' in text, relpath
        assert '<details class="site-versions">' in text, relpath
        assert 'hreflang="en" lang="en">English</a>' in text or 'hreflang="da" lang="da">Dansk</a>' in text, relpath
        checked += 1
    assert checked > 40
    # Language switch goes to the same page and version in the other language.
    page = site.read("da/2026-01-01/policy/rettigheder.html")
    assert '<a href="../../../en/2026-01-01/policy/rettigheder.html" hreflang="en" lang="en">English</a>' in page
    # The version switcher marks the shown version.
    assert '<a href="rettigheder.html" aria-current="page">1. januar 2026 (Afløst)</a>' in page
    assert '<a href="../../2027-01-01/policy/rettigheder.html">1. januar 2027 (Kommende)</a>' in page


# -- redlines --------------------------------------------------------------------


def test_redline_pairs_consecutive_versions(site: SiteRun) -> None:
    for language in ("da", "en"):
        assert sorted(p.name for p in (site.out / language / "changes").iterdir()) == [
            "2026-01-01_2026-06-01.html", "2026-06-01_2027-01-01.html",
        ]
    first = site.read("da/changes/2026-01-01_2026-06-01.html")
    assert "<h1>Ændringer fra versionen af 1. januar 2026 til versionen af 1. juni 2026</h1>" in first
    # Short common runs ("Du har", "ret til at få urigtige") stay unmarked.
    assert "Du har <ins>altid</ins> ret til at få urigtige <ins>eller ufuldstændige</ins> oplysninger" in first
    assert "Ændrede afsnit: 1. Nye afsnit: 0. Fjernede afsnit: 0." in first
    second = site.read("en/changes/2026-06-01_2027-01-01.html")
    added = re.search(r'<section class="redline-section redline-added" id="automatiske-afgoerelser">(.*?)</section>',
                      second, re.DOTALL)
    assert added is not None
    # The untranslated Danish heading is marked as Danish, its English status word as English.
    assert ('<h4 lang="da"><ins>5.7 Automatiske afgørelser</ins><span class="redline-status" lang="en">New section</span>'
            in added[1])
    toc = re.search(r'<nav class="redline-toc".*?</nav>', second, re.DOTALL)[0]
    assert '<a href="#automatiske-afgoerelser" lang="da">5.7 Automatiske afgørelser</a> (New section)' in toc
    assert '<nav class="site-bar"' in second


# -- PDF -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "texts", "bookmarks"),
    [
        ("da", ["WEXO A/S", "Gælder fra 1. januar 2026", "Sprog: dansk", "Side 1 af", "5. Dine rettigheder"],
         ("1. Privatlivspolitik", "5. Dine rettigheder", "5.3 Ret til sletning")),
        ("en", ["WEXO A/S", "Effective from 1 January 2026", "Language: English", "Page 1 of", "5. Your rights"],
         ("1. Privacy policy", "5. Your rights", "5.3 Right to erasure")),
    ],
)  # fmt: skip
def test_pdf_text_lang_bookmarks_fonts(site: SiteRun, language: str, texts: list[str], bookmarks) -> None:
    reader = PdfReader(site.out / language / "2026-01-01" / f"privatlivspolitik-2026-01-01-{language}.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in texts:
        assert expected in text, expected
    pages = len(reader.pages)
    assert ("Side" if language == "da" else "Page") + f" {pages} af {pages}".replace(
        " af ", " af " if language == "da" else " of ") in text
    assert reader.trailer["/Root"]["/Lang"] == language
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    section, rights, erasure = bookmarks
    assert section in titles
    assert rights in titles
    nested = [item for item in reader.outline if isinstance(item, list)]
    assert any(child.title == erasure for group in nested for child in group)
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object().get("/FontDescriptor") or \
                font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor.get_object(), font.get_object()["/BaseFont"]
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("DejaVu-Serif" in name for name in fonts)
    assert b"pdfuaid" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()


def test_pdf_running_header_names_the_section(site: SiteRun) -> None:
    reader = PdfReader(site.out / "da" / "2026-01-01" / "privatlivspolitik-2026-01-01-da.pdf")
    lines = reader.pages[1].extract_text().splitlines()
    # Header: the document title and the first section on the page, e.g. "2.1 Besøgende på hjemmesiden"
    # or, since the front page's first layer fills page 1, "1. Privatlivspolitik".
    assert any(re.fullmatch(r"WEXOs privatlivspolitik \d\.\d? ?\w.*", line) for line in lines), lines
    assert f"Side 2 af {len(reader.pages)}" in lines


# -- cache, integrity, reproducibility -----------------------------------------------


def test_second_build_builds_no_version_and_gives_the_same_hashes(warm: SiteRun) -> None:
    assert warm.process.returncode == 0, warm.process.stderr
    assert "built 0 (none), cached 3" in warm.process.stderr
    assert (warm.out / "SHA256SUMS").read_text(encoding="utf-8") == warm.first_manifest  # type: ignore[attr-defined]


def test_manifest_lists_every_published_file(site: SiteRun) -> None:
    import hashlib

    lines = site.read("SHA256SUMS").splitlines()
    listed = {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in lines}
    files = {p.relative_to(site.out).as_posix() for p in site.out.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert set(listed) == files
    pdf = "da/2026-01-01/privatlivspolitik-2026-01-01-da.pdf"
    assert listed[pdf] == hashlib.sha256((site.out / pdf).read_bytes()).hexdigest()


def test_same_tag_built_twice_is_byte_identical(site: SiteRun, tmp_path: Path) -> None:
    """A fresh clone with only the first tag, built with an empty cache, gives the same bytes."""
    repo = tmp_path / "again"
    run_git(tmp_path, "clone", "-q", "--no-tags", str(site.repo), repo.name)
    run_git(repo, "fetch", "-q", "origin", "refs/tags/v2026-01-01:refs/tags/v2026-01-01")
    run = run_site(repo, tmp_path / "out", tmp_path / "cache")
    assert run.process.returncode == 0, run.process.stderr
    (fresh,) = [p for p in (tmp_path / "cache").iterdir() if p.name.startswith("2026-01-01")]
    original = site.cache / fresh.name  # same tag, same tooling: same cache key
    assert original.is_dir()

    def digest(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    first, second = digest(original), digest(fresh)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []
    assert any(name.endswith(".pdf") for name in first)


# -- new tags, failures, drafts ------------------------------------------------------


def test_new_tag_builds_only_that_version_and_draft(site: SiteRun, tmp_path: Path) -> None:
    repo, cache = clone(site, tmp_path / "repo")
    when = dt.datetime(2026, 8, 1, 9, 0)
    edit(repo, "policy/klage.md", "Datatilsynet", "Datatilsynet (www.datatilsynet.dk)")
    commit_all(repo, "Version 2b", when)
    tag(repo, "v2026-08-15", "Clearer complaint address\n\nThe complaint section names the website.", when)
    edit(repo, "policy/klage.md", "Datatilsynet (www.datatilsynet.dk)", "Datatilsynet, Carl Jacobsens Vej 35")
    run = run_site(repo, tmp_path / "out", cache, "--draft")
    assert run.process.returncode == 0, run.process.stderr
    assert "built 1 (v2026-08-15), cached 3" in run.process.stderr
    # The new version is in force now; the one before it became superseded, via the cache.
    assert "Denne version gjaldt til og med 14. august 2026." in run.read("da/2026-06-01/index.html")
    assert "Carl Jacobsens Vej" not in run.read("da/current/policy/klage.html")
    assert "www.datatilsynet.dk" in run.read("da/current/policy/klage.html")
    # The draft: clearly marked, never in force, compared with the latest version.
    draft = run.read("da/draft/policy/klage.html")
    assert "Dette er et udkast til gennemsyn. Det er ikke trådt i kraft" in draft
    assert "Carl Jacobsens Vej" in draft
    versions = _version_sections(run.read("en/versions.html"))
    assert '<span class="status">Draft</span>' in versions["draft"]
    assert '<span class="status">In force</span>' in versions["2026-08-15"]
    assert "Version: Draft" in run.read("en/draft/index.html")
    assert (run.out / "da" / "changes" / "2027-01-01_draft.html").is_file()
    assert (run.out / "da" / "draft" / "privatlivspolitik-draft-da.pdf").is_file()
    pdf = PdfReader(run.out / "da" / "draft" / "privatlivspolitik-draft-da.pdf")
    assert "Udkast. Denne tekst er ikke trådt i kraft" in pdf.pages[0].extract_text()


def test_broken_tag_fails_the_build_naming_it(site: SiteRun, tmp_path: Path) -> None:
    repo, cache = clone(site, tmp_path / "repo")
    when = dt.datetime(2026, 7, 1, 9, 0)
    edit(repo, "conf.py", '"myst_parser",', '"myst_parser",\n    "no_such_extension_here",')
    commit_all(repo, "Broken", when)
    tag(repo, "v2026-07-01", "Broken version", when)
    out = tmp_path / "out"
    run = run_site(repo, out, cache)
    assert run.process.returncode == 1
    stderr = run.process.stderr
    assert "site: error: tag v2026-07-01 failed to build:" in stderr
    assert "no_such_extension_here" in stderr
    assert "1 version(s) failed to build: v2026-07-01; the site was not updated" in stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("language", "title", "chrome", "other_chrome"),
    [
        ("da", "Versioner af WEXOs privatlivspolitik", ('placeholder="Søg"', "Henvisninger til databeskyttelsesforordningen"),
         ('placeholder="Search"', "GDPR provisions cited in this policy")),
        ("en", "Versions of WEXO’s privacy policy", ('placeholder="Search"', "GDPR provisions cited in this policy"),
         ('placeholder="Søg"', "Henvisninger til databeskyttelsesforordningen")),
    ],
)  # fmt: skip
def test_each_language_is_built_with_its_own_catalogs(site: SiteRun, language, title, chrome, other_chrome) -> None:
    """Danish and English are built in one process: the English pages must not keep Danish labels."""
    assert f"<h1>{title}</h1>" in site.read(f"{language}/versions.html")
    page = site.read(f"{language}/2026-06-01/policy/klage.html")
    for text in chrome:
        assert text in page, text
    for text in other_chrome:
        assert text not in page, text


# -- in a browser: switchers and banners, accessibility ----------------------------


@pytest.fixture(scope="module")
def served_site(site: SiteRun):
    from tests.support.readersite import serve

    with serve(site.out) as base_url:
        yield base_url


def open_without_javascript(browser, url: str):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url, wait_until="load")
    return context, page, requests


def test_superseded_banner_leads_to_the_same_page_in_force_without_javascript(browser, served_site) -> None:
    context, page, requests = open_without_javascript(browser, f"{served_site}da/2026-01-01/policy/rettigheder.html")
    try:
        banner = page.locator(".site-notice-superseded")
        assert banner.is_visible()
        assert "Denne version gjaldt til og med 31. maj 2026." in banner.inner_text()
        banner.get_by_role("link").click()
        page.wait_for_load_state("load")
        assert page.url == f"{served_site}da/current/policy/rettigheder.html"
        assert page.locator(".site-notice-superseded").count() == 0
        assert all(url.startswith(served_site) for url in requests), requests
    finally:
        context.close()


def test_version_switch_lands_on_the_same_page_in_another_version_without_javascript(browser, served_site) -> None:
    context, page, _ = open_without_javascript(browser, f"{served_site}en/current/policy/klage.html")
    try:
        page.locator("details.site-versions > summary").click()
        page.get_by_role("link", name="1 January 2026 (Superseded)").click()
        page.wait_for_load_state("load")
        assert page.url == f"{served_site}en/2026-01-01/policy/klage.html"
        assert page.get_attribute("html", "lang") == "en"
        assert page.locator(".site-notice-superseded").is_visible()
    finally:
        context.close()


SITE_PAGES = ["versions.html", "changes/2026-01-01_2026-06-01.html", "changes/2026-06-01_2027-01-01.html",
              "2026-01-01/index.html"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("page_name", SITE_PAGES)
def test_site_pages_have_no_wcag21_aa_violations(browser, served_site, language, page_name, scheme) -> None:
    from test_reader_browser import AXE, WCAG_TAGS, axe_violations

    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(f"{served_site}{language}/{page_name}", wait_until="load")
        assert page.get_attribute("html", "lang") == language
        assert _brightness(page) > 600 if scheme == "light" else _brightness(page) < 150
        assert axe_violations(page, AXE.read_text(encoding="utf-8")) == [], WCAG_TAGS
    finally:
        context.close()


def _brightness(page) -> int:
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    return sum(int(value) for value in re.findall(r"\d+", background)[:3])


@pytest.mark.parametrize("page_name", ["versions.html", "changes/2026-06-01_2027-01-01.html"])
def test_site_pages_share_the_policy_pages_look_and_furo_theme_choice(browser, served_site, page_name) -> None:
    """Furo's type, its header and controller footer, and the reader's stored theme choice (data-theme)."""
    context = browser.new_context(color_scheme="light")
    try:
        page = context.new_page()
        page.goto(f"{served_site}en/current/index.html", wait_until="load")
        policy_font = page.evaluate("getComputedStyle(document.body).fontFamily")
        page.evaluate("localStorage.setItem('theme', 'dark')")  # what Furo's toggle stores
        page.goto(f"{served_site}en/{page_name}", wait_until="load")
        assert page.evaluate("getComputedStyle(document.body).fontFamily") == policy_font
        assert page.get_attribute("body", "data-theme") == "dark"
        assert _brightness(page) < 150  # dark although the system asks for light
        assert page.locator("header.site-header a.site-brand").inner_text() == "WEXO’s privacy policy"
        footer = page.locator("footer.site-footer .reader-controller")
        assert "Controller:" in footer.inner_text() or "Data controller:" in footer.inner_text()
        assert "kontakt@wexo.dk" in footer.inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("page_name", ["versions.html", "changes/2026-01-01_2026-06-01.html",
                                       "changes/2026-06-01_2027-01-01.html"])
def test_site_pages_do_not_scroll_sideways(browser, served_site, language, page_name, width) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{served_site}{language}/{page_name}", wait_until="load")
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert scroll <= inner, f"{page_name} is {scroll} px wide at {width} px"
    finally:
        context.close()


def test_site_pages_pass_the_nu_html_checker(site: SiteRun) -> None:
    """The pages the site adds (root, redirects, versions pages, redlines) and a version's pages with bar and notice."""
    from test_reader_browser import NOT_INSTALLED, VNU

    if not VNU.is_file():
        pytest.fail(NOT_INSTALLED.format(VNU))
    java = shutil.which("java")
    assert java, "java is missing: run 'make browser-deps'"
    pages = [site.out / "index.html"]
    for language in ("da", "en"):
        pages += [site.out / language / "index.html", site.out / language / "versions.html",
                  *sorted((site.out / language / "changes").glob("*.html")),
                  site.out / language / "2026-01-01" / "policy" / "rettigheder.html",
                  site.out / language / "current" / "index.html"]
    run = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
                         capture_output=True, check=False, encoding="utf-8")
    import json

    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    errors = [f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m["type"] in {"error", "non-document-error"}]
    print(f"vnu: {len(pages)} site pages, {len(errors)} errors")
    assert errors == []


def test_every_internal_link_of_the_site_resolves(site: SiteRun) -> None:
    """Every href and src of every page: the file exists, and so does the #fragment's id."""
    from tests.support.links import crawl

    result = crawl(site.out)
    print(f"make site: {result.summary()}")
    assert result.pages > 80
    assert result.broken == []


def test_a_version_is_built_with_the_current_tools_not_its_own(site: SiteRun, tmp_path: Path) -> None:
    """A tag's own tools/ (older site tooling, say) must not replace this repository's."""
    repo, cache = clone(site, tmp_path / "repo")
    when = dt.datetime(2026, 7, 1, 9, 0)
    own_tools = repo / "tools" / "sitebuild"
    own_tools.mkdir(parents=True)
    (repo / "tools" / "__init__.py").write_text("", encoding="utf-8")
    (own_tools / "__init__.py").write_text("", encoding="utf-8")
    (own_tools / "unit.py").write_text('raise SystemExit("the checkout\'s own tools ran")\n', encoding="utf-8")
    commit_all(repo, "Tooling of its own", when)
    tag(repo, "v2026-07-15", "Same text, tools of its own", when)
    run = run_site(repo, tmp_path / "out", cache)
    assert run.process.returncode == 0, run.process.stderr
    assert "built 1 (v2026-07-15)" in run.process.stderr
    assert "own tools ran" not in run.process.stderr
