"""``make site`` on a fixture repository whose ledger has three dated versions (one upcoming) and no tag.

One cold build of the fixture is shared by every test, on every xdist worker
(tests/conftest.py spreads this module's tests over the workers); tests that add
versions or tags work on clones of the fixture with a copy of its cache, so
they never disturb each other and never rebuild what is cached. The ledger's
and the tags' own cases (a clone without tags, shallow, lightweight or moved
tags, bad tag names, an edited entry) are in ``tests/test_site_ledger.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from pypdf import PdfReader

from tests.support import checkers
from tests.support.htmltext import has_class, parse
from tests.support.once import made_once
from tests.support.readme import POINT_IN_TIME, python_example
from tests.support.site_run import BUILD_DATE, SiteRun, run_site
from tests.support.synthetic import add_to_ledger, commit_all, edit, make_history, run_git
from tools.project import REPO_ROOT

pytestmark = pytest.mark.site

DATES = [dt.date(2026, 1, 1), dt.date(2026, 6, 1), dt.date(2027, 1, 1)]


def clone(site: SiteRun, destination: Path) -> tuple[Path, Path]:
    """A clone of the fixture repository (same tags) and a copy of its build cache."""
    run_git(destination.parent, "clone", "-q", str(site.repo), destination.name)
    cache = destination.parent / f"{destination.name}-cache"
    shutil.copytree(site.cache, cache)
    return destination, cache


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> SiteRun:
    """The fixture repository and its cold build, made once for every xdist worker: never change them.

    (Session scope, so that this module's tests can run on any worker: tests/conftest.py.)
    """
    with made_once(tmp_path_factory, "site") as (base, to_make):
        if to_make:
            make_history(base / "repo", DATES)
            run = run_site(base / "repo", base / "site", base / "cache")
            (base / "process.json").write_text(json.dumps(
                {"returncode": run.process.returncode, "stdout": run.process.stdout, "stderr": run.process.stderr}))
            assert run.process.returncode == 0, run.process.stderr
    process = json.loads((base / "process.json").read_text())
    completed = subprocess.CompletedProcess(["tools.sitebuild"], process["returncode"], process["stdout"], process["stderr"])
    return SiteRun(base / "repo", base / "site", base / "cache", completed)


@pytest.fixture
def warm(site: SiteRun, tmp_path: Path) -> SiteRun:
    """The same repository built again, with nothing new (into a copy of its output and cache)."""
    out, cache = tmp_path / "site", tmp_path / "cache"
    shutil.copytree(site.out, out, symlinks=True)
    shutil.copytree(site.cache, cache, symlinks=True)
    first = (out / "SHA256SUMS").read_text(encoding="utf-8")
    run = run_site(site.repo, out, cache)
    run.first_manifest = first  # type: ignore[attr-defined]
    return run


# -- structure and statuses ------------------------------------------------------


def test_every_ledger_entry_is_built_without_any_tag(site: SiteRun) -> None:
    assert run_git(site.repo, "tag", "--list") == ""
    assert site.process.stderr.splitlines()[-1].startswith(
        "site: 3 version(s): built 3 (2026-01-01, 2026-06-01, 2027-01-01), cached 0; statuses as of 2026-09-01;")


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


def _version_sections(page: str) -> dict[str, lxml.html.HtmlElement]:
    """The versions page's sections, by version ("2026-01-01", "draft"), in the page's order."""
    sections = parse(page).xpath('//section[starts-with(@class, "version version-")][starts-with(@id, "v")]')
    return {section.get("id").removeprefix("v"): section for section in sections}


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
        [time] = section.xpath(f'.//time[@datetime="{name}"]')
        status_span = time.getnext()
        assert (time.text, status_span.tag, status_span.get("class"), status_span.text) == (
            long_date, "span", "status", status)
        number = DATES.index(dt.date.fromisoformat(name)) + 1
        # The ledger's summary and details, in the page's language.
        headline, details = {"da": (f"Version {number} af politikken", f"Det ændrede sig i version {number}."),
                             "en": (f"Version {number} of the policy", f"What changed in version {number}.")}[language]
        assert section.xpath('.//p[@class="headline"]/text()') == [headline]
        assert details in section.xpath(".//p[not(@*)]/text()")
        assert f"{name}/index.html" in section.xpath(".//a/@href")
        assert f"{name}/privatlivspolitik-{name}-{language}.pdf" in section.xpath(".//a/@href")
    assert "changes/2026-01-01_2026-06-01.html" in sections["2026-06-01"].xpath(".//a/@href")
    assert "changes/2026-06-01_2027-01-01.html" in sections["2027-01-01"].xpath(".//a/@href")
    assert [href for href in sections["2026-01-01"].xpath(".//a/@href") if "changes/" in href] == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", {"2026-01-01": "Gjaldt fra 1. januar 2026 til og med 31. maj 2026",
                "2026-06-01": "Gælder fra 1. juni 2026", "2027-01-01": "Gælder fra 1. januar 2027"}),
        ("en", {"2026-01-01": "Applied from 1 January 2026 up to and including 31 May 2026",
                "2026-06-01": "Effective from 1 June 2026", "2027-01-01": "Effective from 1 January 2027"}),
    ],
)
def test_versions_page_gives_a_superseded_versions_last_day(site: SiteRun, language: str, expected) -> None:
    """A superseded version applied up to the day before its successor took effect; the others from their date."""
    sections = _version_sections(site.read(f"{language}/versions.html"))
    for name, date_line in expected.items():
        assert date_line in sections[name].xpath(".//p[not(@*)]/text()"), name


# -- banners and switchers ---------------------------------------------------------


def test_superseded_banner_links_to_same_page_in_current(site: SiteRun) -> None:
    da = site.read("da/2026-01-01/policy/rettigheder.html")
    assert '<div class="site-notice site-notice-superseded" role="note">' in da
    assert "<p>Denne version gjaldt til og med 31. maj 2026.</p>" in da
    assert '<a href="../../current/policy/rettigheder.html">Læs denne side i den gældende version.</a>' in da
    en = site.read("en/2026-01-01/index.html")
    assert "<p>This version applied up to and including 31 May 2026.</p>" in en
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
    second = parse(site.read("en/changes/2026-06-01_2027-01-01.html"))
    [added] = second.xpath('//section[@class="redline-section redline-added"][@id="automatiske-afgoerelser"]')
    # The untranslated Danish heading is marked as Danish, its English status word as English.
    [heading] = added.xpath(".//h4")
    assert heading.get("lang") == "da"
    assert [(child.tag, child.get("class"), child.get("lang"), child.text) for child in heading] == [
        ("ins", None, None, "5.7 Automatiske afgørelser"), ("span", "redline-status", "en", "New section")]
    [toc] = second.xpath(f"//nav[{has_class('redline-toc')}]")
    [entry] = toc.xpath('.//a[@href="#automatiske-afgoerelser"]')
    assert (entry.get("lang"), entry.text, entry.tail.strip()) == ("da", "5.7 Automatiske afgørelser", "(New section)")
    assert second.xpath(f"//nav[{has_class('site-bar')}]")


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
    lines = reader.pages[1].extract_text().replace("\u00a0", " ").splitlines()
    # Header: the section in force at the top of the page, e.g. "2.1 Besøgende på hjemmesiden", or
    # "Kort fortalt" while the front page's first layer (the overview) runs on. Footer: the title with
    # the version's date, and the page number. (tests/test_pdf_layout.py checks every page's header.)
    assert any(re.fullmatch(r"\d\.\d? ?\w.*|Kort fortalt", line) for line in lines), lines
    assert f"WEXOs privatlivspolitik, gældende fra 1. januar 2026 Side 2 af {len(reader.pages)}" in lines
    assert reader.metadata.title == "WEXOs privatlivspolitik, gældende fra 1. januar 2026"


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


def test_same_version_built_twice_is_byte_identical(site: SiteRun, tmp_path: Path) -> None:
    """A fresh clone whose ledger has only the first version, built with an empty cache, gives the same bytes."""
    repo = tmp_path / "again"
    run_git(tmp_path, "clone", "-q", "--no-tags", str(site.repo), repo.name)
    first_release = run_git(repo, "log", "--format=%H", "-1", "--grep", "the version of 2026-01-01").strip()
    run_git(repo, "reset", "-q", "--hard", first_release)
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


def release(repo: Path, date: str, when: dt.datetime, summary: str = "Same text, a new date") -> None:
    """Commit the working tree as the version of *date* and add it to the ledger."""
    commit_all(repo, f"Version of {date}", when)
    commit = run_git(repo, "rev-parse", "HEAD").strip()
    add_to_ledger(repo, dt.date.fromisoformat(date), commit, when, summary={"da": summary, "en": summary})


def test_new_version_builds_only_that_version_and_draft(site: SiteRun, tmp_path: Path) -> None:
    repo, cache = clone(site, tmp_path / "repo")
    when = dt.datetime(2027, 1, 15, 9, 0)
    edit(repo, "policy/klage.md", "Datatilsynet", "Datatilsynet (www.datatilsynet.dk)")
    release(repo, "2027-02-01", when, "Clearer complaint address")
    edit(repo, "policy/klage.md", "Datatilsynet (www.datatilsynet.dk)", "Datatilsynet, Carl Jacobsens Vej 35")
    run = run_site(repo, tmp_path / "out", cache, "--draft", build_date="2027-03-01")
    assert run.process.returncode == 0, run.process.stderr
    assert "built 1 (2027-02-01), cached 3" in run.process.stderr
    # The new version is in force now; the one before it, upcoming when cached, is superseded.
    assert "Denne version gjaldt til og med 31. januar 2027." in run.read("da/2027-01-01/index.html")
    assert "Carl Jacobsens Vej" not in run.read("da/current/policy/klage.html")
    assert "www.datatilsynet.dk" in run.read("da/current/policy/klage.html")
    # The draft: clearly marked, never in force, compared with the latest version.
    draft = run.read("da/draft/policy/klage.html")
    assert "Dette er et udkast til gennemsyn. Det er ikke trådt i kraft" in draft
    assert "Carl Jacobsens Vej" in draft
    versions = _version_sections(run.read("en/versions.html"))
    assert "Draft" in versions["draft"].xpath('.//span[@class="status"]/text()')
    assert "In force" in versions["2027-02-01"].xpath('.//span[@class="status"]/text()')
    assert "Version: Draft" in run.read("en/draft/index.html")
    assert (run.out / "da" / "changes" / "2027-02-01_draft.html").is_file()
    assert (run.out / "da" / "draft" / "privatlivspolitik-draft-da.pdf").is_file()
    pdf = PdfReader(run.out / "da" / "draft" / "privatlivspolitik-draft-da.pdf")
    assert "Udkast. Denne tekst er ikke trådt i kraft" in pdf.pages[0].extract_text()
    # The draft's notice is the working tree's, with no dates; the version before the new one has its last day.
    import json

    draft_notice = json.loads(run.read("da/draft/notice.jsonld"))
    assert draft_notice["schema:version"] == "draft" and "schema:validFrom" not in draft_notice
    assert json.loads(run.read("da/2027-01-01/notice.jsonld"))["schema:validThrough"]["@value"] == "2027-01-31"


def test_broken_version_fails_the_build_naming_it(site: SiteRun, tmp_path: Path) -> None:
    repo, cache = clone(site, tmp_path / "repo")
    when = dt.datetime(2027, 6, 20, 9, 0)
    edit(repo, "conf.py", '"myst_parser",', '"myst_parser",\n    "no_such_extension_here",')
    release(repo, "2027-07-01", when)
    commit = run_git(repo, "rev-parse", "HEAD^").strip()
    out = tmp_path / "out"
    run = run_site(repo, out, cache)
    assert run.process.returncode == 1
    stderr = run.process.stderr
    line = ledger_line(repo, "2027-07-01")
    (error,) = [line for line in stderr.splitlines() if line.startswith("policy/versions.yaml:")]
    assert error == (
        f"policy/versions.yaml:{line}: error: version 2027-07-01 (commit {commit[:12]}): conf.py: sphinx-build -b "
        "html (language da) failed: ExtensionError: Could not import extension no_such_extension_here (exception: "
        "No module named 'no_such_extension_here') [sphinx.config]")
    assert "Traceback" not in stderr
    assert "1 version(s) failed to build: 2027-07-01; the site was not updated" in stderr
    assert not out.exists()


def test_a_warning_in_a_version_fails_naming_version_and_line(site: SiteRun, tmp_path: Path) -> None:
    """A version whose text has a bad {gdpr} reference is not published with a 'problematic' span."""
    repo, cache = clone(site, tmp_path / "repo")
    when = dt.datetime(2027, 6, 20, 9, 0)
    text = (repo / "policy/klage.md").read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    line = len(text.splitlines()) + 1
    (repo / "policy/klage.md").write_text(text + "Se {gdpr}`99(9)`.\n", encoding="utf-8")
    release(repo, "2027-07-01", when)
    commit = run_git(repo, "rev-parse", "HEAD^").strip()
    out = tmp_path / "out"
    run = run_site(repo, out, cache)
    assert run.process.returncode == 1, run.process.stderr
    at = f"policy/versions.yaml:{ledger_line(repo, '2027-07-01')}: error: version 2027-07-01 (commit {commit[:12]}): "
    errors = [error for error in run.process.stderr.splitlines() if error.startswith("policy/versions.yaml:")]
    assert errors, run.process.stderr
    assert all(error.startswith(at) for error in errors), errors
    assert any(error.startswith(f"{at}policy/klage.md:{line}: ") and "99(9)" in error for error in errors), errors
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


@pytest.fixture(scope="session")
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
def test_site_pages_have_no_wcag21_aa_violations(browser, axe_source, served_site, language, page_name, scheme) -> None:
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(f"{served_site}{language}/{page_name}", wait_until="load")
        assert page.get_attribute("html", "lang") == language
        assert _brightness(page) > 600 if scheme == "light" else _brightness(page) < 150
        assert checkers.axe_violations(page, axe_source) == [], checkers.WCAG_TAGS
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


# Where the footer's text starts and ends, its label, and how many lines it draws across the page.
_FOOTER = """() => {
  const footer = document.querySelector('footer');
  const text = footer.querySelector('.bottom-of-page').getBoundingClientRect();
  const lines = [footer, ...footer.querySelectorAll('*')].filter(e => e.offsetParent !== null || e === footer)
    .filter(e => { const s = getComputedStyle(e); return s.borderTopStyle !== 'none' && parseFloat(s.borderTopWidth) > 0; });
  return {left: Math.round(text.left), width: Math.round(text.width), lines: lines.length,
          label: footer.querySelector('.reader-controller-label').textContent.trim()};
}"""


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("page_name", ["versions.html", "changes/2026-01-01_2026-06-01.html", "index.html"])
def test_site_pages_have_the_policy_pages_footer(browser, served_site, language, page_name) -> None:
    """The same label as the pages of the version in force, as wide as the text, one separator line."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{served_site}{language}/current/index.html", wait_until="load")
        policy = page.evaluate(_FOOTER)
        url = f"{served_site}{language}/{page_name}"
        # The language's root redirects at once: read it as it shows before it does.
        page.route(url, lambda route: route.fulfill(response=(fetched := route.fetch()), body=re.sub(
            r'<meta http-equiv="refresh"[^>]*>', "", fetched.text())))
        page.goto(url, wait_until="load")
        assert page.url == url
        footer = page.evaluate(_FOOTER)
        assert footer["label"] == policy["label"]
        assert footer["lines"] == policy["lines"] == 1
        assert footer["width"] == policy["width"]
        text = page.evaluate("(() => { const m = document.querySelector('main'), s = getComputedStyle(m);"
                             " return Math.round(m.getBoundingClientRect().left + parseFloat(s.paddingLeft)); })()")
        assert footer["left"] == text
    finally:
        context.close()


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("language", ["da", "en"])
def test_no_word_in_a_redlines_headings_or_tables_breaks_without_a_hyphen(browser, served_site, language, width) -> None:
    """A redline's table has columns as wide as their content; a long word breaks at a soft hyphen or not at all."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{served_site}{language}/changes/2026-01-01_2026-06-01.html", wait_until="load")
        assert page.locator("main .redline-body table").count() >= 1
        assert page.evaluate(checkers.BROKEN_WORDS, "main") == []
        layout = page.evaluate("[...document.querySelectorAll('main .redline-body table')].map(t => t.style.tableLayout"
                               " || getComputedStyle(t).tableLayout)")
        assert set(layout) == {"auto"}  # columns sized by their content
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


def test_site_pages_pass_the_nu_html_checker(site: SiteRun, nu_html_checker) -> None:
    """The pages the site adds (root, redirects, versions pages, redlines) and a version's pages with bar and notice."""
    pages = [site.out / "index.html"]
    for language in ("da", "en"):
        pages += [site.out / language / "index.html", site.out / language / "versions.html",
                  *sorted((site.out / language / "changes").glob("*.html")),
                  site.out / language / "2026-01-01" / "policy" / "rettigheder.html",
                  site.out / language / "current" / "index.html"]
    _run, messages = nu_html_checker(pages)
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
    when = dt.datetime(2027, 6, 20, 9, 0)
    own_tools = repo / "tools" / "sitebuild"
    own_tools.mkdir(parents=True)
    (repo / "tools" / "__init__.py").write_text("", encoding="utf-8")
    (own_tools / "__init__.py").write_text("", encoding="utf-8")
    (own_tools / "unit.py").write_text('raise SystemExit("the checkout\'s own tools ran")\n', encoding="utf-8")
    release(repo, "2027-07-15", when, "Same text, tools of its own")
    run = run_site(repo, tmp_path / "out", cache)
    assert run.process.returncode == 0, run.process.stderr
    assert "built 1 (2027-07-15)" in run.process.stderr
    assert "own tools ran" not in run.process.stderr


# -- the ledger and the tags: each case, its message and its exit status -----------------


def ledger_line(repo: Path, date: str) -> int:
    """The line of the ledger entry of *date* (``  - date: …``)."""
    lines = (repo / "policy/versions.yaml").read_text(encoding="utf-8").splitlines()
    return lines.index(f"  - date: {date}") + 1


def errors(run: SiteRun) -> list[str]:
    """The error lines: the ledger's in the format of make check, the others starting ``site: error:``."""
    return [line for line in run.process.stderr.splitlines()
            if line.startswith(("site: error: ", "policy/versions.yaml:"))]


def test_shallow_clone_fetches_the_history_it_needs(site: SiteRun, tmp_path: Path) -> None:
    repo = tmp_path / "shallow"
    run_git(tmp_path, "clone", "-q", "--depth", "1", f"file://{site.repo}", repo.name)
    assert run_git(repo, "rev-parse", "--is-shallow-repository").strip() == "true"
    cache = tmp_path / "cache"
    shutil.copytree(site.cache, cache)
    run = run_site(repo, tmp_path / "out", cache)
    assert run.process.returncode == 0, run.process.stderr
    assert "built 0 (none), cached 3" in run.process.stderr
    assert run.read("SHA256SUMS") == site.read("SHA256SUMS")


def test_shallow_clone_without_its_remote_says_what_to_run(site: SiteRun, tmp_path: Path) -> None:
    repo = tmp_path / "shallow"
    run_git(tmp_path, "clone", "-q", "--depth", "1", f"file://{site.repo}", repo.name)
    run_git(repo, "remote", "set-url", "origin", f"file://{tmp_path / 'gone'}")
    run = run_site(repo, tmp_path / "out", tmp_path / "cache")
    assert run.process.returncode == 1
    (error,) = errors(run)
    assert error.startswith("site: error: this clone is shallow and 'git fetch --unshallow' failed (")
    assert error.endswith("); run it where the remote is reachable, or clone without --depth")


@pytest.mark.parametrize("kind", ["lightweight", "empty message", "made by make tags"])
def test_tags_that_agree_with_the_ledger_change_nothing(site: SiteRun, tmp_path: Path, kind: str) -> None:
    """actions/checkout may re-create a tag as a lightweight one; the ledger, not the tag, says what a version is."""
    repo, cache = clone(site, tmp_path / "repo")
    first = run_git(repo, "rev-parse", "HEAD~5").strip()  # the content commit of 2026-01-01
    if kind == "lightweight":
        run_git(repo, "tag", "v2026-01-01", first)
    elif kind == "empty message":
        run_git(repo, "tag", "-a", "--cleanup=verbatim", "-m", "", "v2026-01-01", first)
    else:
        tags = subprocess.run([sys.executable, "-m", "tools.sitebuild.ledger_repo", "tags", "--repo", str(repo)],
                              cwd=REPO_ROOT, capture_output=True, encoding="utf-8", check=False)
        assert tags.returncode == 0, tags.stderr
        assert tags.stdout == "tags: created v2026-01-01, v2026-06-01, v2027-01-01\n"
    run = run_site(repo, tmp_path / "out", cache)
    assert run.process.returncode == 0, run.process.stderr
    assert run.read("SHA256SUMS") == site.read("SHA256SUMS")


def test_tags_that_disagree_with_the_ledger_fail_naming_each(site: SiteRun, tmp_path: Path) -> None:
    repo, cache = clone(site, tmp_path / "repo")
    second = run_git(repo, "rev-parse", "HEAD~3").strip()  # the content commit of 2026-06-01
    first = run_git(repo, "rev-parse", "HEAD~5").strip()
    run_git(repo, "tag", "-a", "-m", "Moved", "v2026-01-01", second)
    run_git(repo, "tag", "-a", "-m", "No entry", "v2026-03-01", first)
    for name in ("v2025-13-01", "vfoo", "v2025-01-01-fix"):
        run_git(repo, "tag", name, first)
    out = tmp_path / "out"
    run = run_site(repo, out, cache)
    assert run.process.returncode == 1
    line = ledger_line(repo, "2026-01-01")
    assert errors(run) == [
        "policy/versions.yaml: error: tag v2025-01-01-fix: the name does not have the form vYYYY-MM-DD "
        "(e.g. v2026-11-24); delete it: git tag -d v2025-01-01-fix [ledger.tag]",
        "policy/versions.yaml: error: tag v2025-13-01: '2025-13-01' is not a calendar date (month must be in 1..12); "
        "delete it: git tag -d v2025-13-01 [ledger.tag]",
        f"policy/versions.yaml:{line}: error: tag v2026-01-01 is on commit {second[:12]}, but this entry gives "
        f"{first[:12]}; move it back: git tag -d v2026-01-01 && make tags [ledger.tag]",
        "policy/versions.yaml: error: tag v2026-03-01 names no version in this file; delete it "
        "(git tag -d v2026-03-01) or release the version with make release [ledger.tag]",
        "policy/versions.yaml: error: tag vfoo: the name does not have the form vYYYY-MM-DD (e.g. v2026-11-24); "
        "delete it: git tag -d vfoo [ledger.tag]",
        "site: error: 5 problem(s) in the ledger or the tags; the site was not updated",
    ]
    assert not out.exists()


def test_an_entry_edited_after_release_fails_naming_its_line(site: SiteRun, tmp_path: Path) -> None:
    repo, cache = clone(site, tmp_path / "repo")
    edit(repo, "policy/versions.yaml", "en: Version 1 of the policy", "en: Version one")
    commit_all(repo, "Reword a released summary", dt.datetime(2026, 8, 1, 9, 0))
    base = run_git(repo, "rev-parse", "origin/main").strip()
    line = ledger_line(repo, "2026-01-01") + 5  # summary: da, en
    run = run_site(repo, tmp_path / "out", cache)
    assert run.process.returncode == 1
    assert errors(run) == [
        f"policy/versions.yaml:{line}:11: error: the released entry 2026-01-01 changed its summary.en "
        f"(was 'Version 1 of the policy' at the merge base with origin/main ({base[:7]})); a released entry never "
        "changes; release a new version instead [ledger.released_changed]",
        "site: error: 1 problem(s) in the ledger or the tags; the site was not updated",
    ]


def test_site_jobs_must_be_a_number(site: SiteRun, tmp_path: Path) -> None:
    run = run_site(site.repo, tmp_path / "out", tmp_path / "cache", "--jobs", "x")
    assert run.process.returncode == 2
    assert run.process.stderr == (
        "site: error: SITE_JOBS=x is not a number of versions to build at once; use e.g. SITE_JOBS=2\n")


def test_tags_recreated_at_different_times_give_identical_sites(site: SiteRun, tmp_path: Path) -> None:
    """Two clones, tags made a year apart, empty caches: the same SHA256SUMS (dates come from the commits)."""
    sums = []
    for index, stamp in enumerate(("2026-01-02T10:00:00+0000", "2027-05-06T23:59:00+0200")):
        repo = tmp_path / f"clone{index}"
        run_git(tmp_path, "clone", "-q", "--no-tags", str(site.repo), repo.name)
        first_release = run_git(repo, "log", "--format=%H", "-1", "--grep", "the version of 2026-01-01").strip()
        run_git(repo, "reset", "-q", "--hard", first_release)
        env = {**os.environ, "GIT_COMMITTER_DATE": stamp, "GIT_COMMITTER_NAME": f"Tagger {index}",
               "GIT_COMMITTER_EMAIL": "t@example.invalid"}
        tags = subprocess.run([sys.executable, "-m", "tools.sitebuild.ledger_repo", "tags", "--repo", str(repo)],
                              cwd=REPO_ROOT, capture_output=True, encoding="utf-8", check=False, env=env)
        assert tags.returncode == 0, tags.stderr
        run = run_site(repo, tmp_path / f"out{index}", tmp_path / f"cache{index}")
        assert run.process.returncode == 0, run.process.stderr
        sums.append(run.read("SHA256SUMS"))
    tag_objects = [run_git(tmp_path / f"clone{i}", "rev-parse", "v2026-01-01") for i in (0, 1)]
    assert tag_objects[0] != tag_objects[1]
    assert sums[0] == sums[1]
    assert "da/2026-01-01/privatlivspolitik-2026-01-01-da.pdf" in sums[0]


def test_a_version_without_a_language_is_built_without_it(site: SiteRun, tmp_path: Path) -> None:
    """Each version is built in its own tree's languages; switchers offer only those."""
    repo, cache = clone(site, tmp_path / "repo")
    edit(repo, "conf.py", 'site_languages = ["da", "en"]', 'site_languages = ["da"]')
    when = dt.datetime(2027, 1, 15, 9, 0)
    commit_all(repo, "Danish only", when)
    commit = run_git(repo, "rev-parse", "HEAD").strip()
    add_to_ledger(repo, dt.date(2027, 2, 1), commit, when, summary={"da": "Kun på dansk"})
    run = run_site(repo, tmp_path / "out", cache, build_date="2027-03-01")
    assert run.process.returncode == 0, run.process.stderr
    assert "built 1 (2027-02-01), cached 3" in run.process.stderr
    assert (run.out / "da" / "2027-02-01" / "privatlivspolitik-2027-02-01-da.pdf").is_file()
    assert not (run.out / "en" / "2027-02-01").exists()
    # The Danish page offers no English version of itself; the English pages offer no 2027-02-01.
    page = run.read("da/2027-02-01/policy/klage.html")
    assert 'hreflang="en"' not in page.split('<div class="site-languages"')[1].split("</div>")[0]
    assert "2027-02-01" not in run.read("en/2027-01-01/index.html")
    assert "2027-02-01" not in run.read("en/versions.html")
    assert 'id="v2027-02-01"' in run.read("da/versions.html")
    import json

    catalog = json.loads(run.read("versions.json"))
    assert catalog["versions"][-1]["languages"] == ["da"]
    assert set(catalog["versions"][-1]["pdf"]) == {"da"}


def test_a_summary_in_a_language_the_version_lacks_fails(site: SiteRun, tmp_path: Path) -> None:
    repo, cache = clone(site, tmp_path / "repo")
    edit(repo, "conf.py", 'site_languages = ["da", "en"]', 'site_languages = ["da"]')
    when = dt.datetime(2027, 1, 15, 9, 0)
    commit_all(repo, "Danish only", when)
    commit = run_git(repo, "rev-parse", "HEAD").strip()
    add_to_ledger(repo, dt.date(2027, 2, 1), commit, when, summary={"da": "Kun på dansk", "en": "Danish only"})
    line = ledger_line(repo, "2027-02-01") + 5
    run = run_site(repo, tmp_path / "out", cache, build_date="2027-03-01")
    assert run.process.returncode == 1
    assert errors(run) == [
        f"policy/versions.yaml:{line}:11: error: the summary of the entry 2027-02-01 is in 'en', which its "
        "commit's conf.py does not declare (da) [ledger.language_unknown]",
    ]


# -- versions.json and the feeds -------------------------------------------------------


def test_versions_json_has_its_documented_fields(site: SiteRun) -> None:
    import hashlib
    import json

    catalog = json.loads(site.read("versions.json"))
    assert catalog["build_date"] == BUILD_DATE
    assert catalog["languages"] == ["da", "en"]
    assert [v["date"] for v in catalog["versions"]] == ["2026-01-01", "2026-06-01", "2027-01-01"]
    assert [v["status"] for v in catalog["versions"]] == ["superseded", "in-force", "upcoming"]
    fields = {"date", "valid_from", "valid_until", "status", "material", "commit", "languages", "summary", "details",
              "html", "pdf", "redline", "feed", "notice", "source_language", "translations"}
    for version in catalog["versions"]:
        assert set(version) == fields
        for language in ("da", "en"):
            assert (site.out / version["html"][language]).is_file()
            pdf = version["pdf"][language]
            assert hashlib.sha256((site.out / pdf["url"]).read_bytes()).hexdigest() == pdf["sha256"]
    second = catalog["versions"][1]
    assert second["summary"] == {"da": "Version 2 af politikken", "en": "Version 2 of the policy"}
    assert second["redline"] == {"da": "da/changes/2026-01-01_2026-06-01.html",
                                 "en": "en/changes/2026-01-01_2026-06-01.html"}
    assert catalog["versions"][0]["redline"] == {"da": None, "en": None}
    # Last days, inclusive: the day before the next version's date.
    assert [(v["valid_from"], v["valid_until"]) for v in catalog["versions"]] == [
        ("2026-01-01", "2026-05-31"), ("2026-06-01", "2026-12-31"), ("2027-01-01", None)]


# -- the machine-readable notices (README "The machine-readable notice") ---------------------


def test_every_version_has_its_notice_listed_and_linked_from_every_page(site: SiteRun) -> None:
    import hashlib
    import json

    import lxml.html

    catalog = json.loads(site.read("versions.json"))
    for version in catalog["versions"]:
        for language in ("da", "en"):
            notice = version["notice"][language]
            assert notice["url"] == f"{language}/{version['date']}/notice.jsonld"
            assert hashlib.sha256((site.out / notice["url"]).read_bytes()).hexdigest() == notice["sha256"]
            document = json.loads(site.read(notice["url"]))
            assert (document["schema:version"], document["schema:validFrom"]["@value"]) == (version["date"],) * 2
            assert document.get("schema:validThrough", {}).get("@value") == version["valid_until"]
            assert document["dct:hasFormat"] == {"@id": version["pdf"][language]["url"].rsplit("/", 1)[1]}
            if language == "en":
                assert document["schema:translationOfWork"] == {"@id": f"../../da/{version['date']}/notice.jsonld",
                                                                 "schema:inLanguage": "da"}
    checked = 0
    for language in ("da", "en"):
        for name in ("2026-01-01", "2026-06-01", "2027-01-01", "current"):
            root = site.out / language / name
            assert (root / "notice.jsonld").is_file()
            for page in root.rglob("*.html"):
                links = lxml.html.parse(str(page)).xpath(
                    '//head/link[@rel="alternate"][@type="application/ld+json"]/@href')
                assert len(links) == 1, page
                assert (page.parent / links[0]).resolve() == (root / "notice.jsonld").resolve(), page
                checked += 1
    assert checked > 40
    # current/ is the version in force, with links relative to current/.
    current = json.loads(site.read("en/current/notice.jsonld"))
    assert current["schema:version"] == "2026-06-01"
    assert current["schema:translationOfWork"] == {"@id": "../../da/current/notice.jsonld",
                                                  "schema:inLanguage": "da"}


def test_each_versions_notice_is_checked_against_its_own_text(site: SiteRun) -> None:
    import json

    def rights(name: str) -> list[str]:
        return [right["@id"] for right in json.loads(site.read(f"da/{name}/notice.jsonld"))["dpv:hasRight"]]

    # Version 2 rewords 5.2 and the newest data quotes the new words ("Du har altid ret til at få urigtige
    # eller ufuldstændige oplysninger"): version 1's text does not have them, so its notice does not claim
    # the right to rectification; the later versions' do.
    assert "eu-gdpr:A16" not in rights("2026-01-01")
    assert "eu-gdpr:A15" in rights("2026-01-01")
    assert "eu-gdpr:A16" in rights("2026-06-01")
    assert "eu-gdpr:A16" in rights("2027-01-01")


def test_the_readmes_point_in_time_example(site: SiteRun, tmp_path: Path, monkeypatch, capsys) -> None:
    example = python_example(POINT_IN_TIME)
    (tmp_path / "_build").mkdir()
    (tmp_path / "_build" / "site").symlink_to(site.out)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile(example, "README.md", "exec"), namespace)  # noqa: S102 (the documented example, as readers run it)
    assert capsys.readouterr().out == "da/2026-06-01/notice.jsonld\n"  # 27 November 2026 is in the second version
    version_on, catalog = namespace["version_on"], namespace["catalog"]
    assert version_on("2025-12-31", catalog) is None
    assert version_on("2026-01-01", catalog)["date"] == "2026-01-01"
    assert version_on("2026-05-31", catalog)["date"] == "2026-01-01"  # the first version's last day
    assert version_on("2026-06-01", catalog)["date"] == "2026-06-01"
    assert version_on("2030-01-01", catalog)["date"] == "2027-01-01"


@pytest.mark.parametrize(("language", "title"), [("da", "Versionen af 1. juni 2026: Version 2 af politikken"),
                                                 ("en", "Version of 1 June 2026: Version 2 of the policy")])
def test_each_language_has_a_feed_that_parses(site: SiteRun, language: str, title: str) -> None:
    import feedparser

    feed = feedparser.parse((site.out / language / "versions.atom").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    # Newest first; the upcoming 2027-01-01 is released after the build date, so it is not in the feed yet.
    assert [entry.title for entry in feed.entries][0] == title
    assert len(feed.entries) == 2
    links = {link.rel: link.href for link in feed.entries[0].links}
    assert links["alternate"] == "2026-06-01/index.html"
    assert links["enclosure"] == f"2026-06-01/privatlivspolitik-2026-06-01-{language}.pdf"
    assert links["related"] == "changes/2026-01-01_2026-06-01.html"
    assert feed.feed.language == language


def test_every_page_head_links_its_feed(site: SiteRun) -> None:
    import lxml.html

    checked = 0
    for path in site.out.rglob("*.html"):
        tree = lxml.html.parse(str(path))
        links = tree.xpath('//head/link[@rel="alternate"][@type="application/atom+xml"]/@href')
        relpath = path.relative_to(site.out).as_posix()
        assert len(links) == 1, relpath
        language = relpath.split("/")[0] if "/" in relpath else "da"
        assert (path.parent / links[0]).resolve() == (site.out / language / "versions.atom").resolve(), relpath
        checked += 1
    assert checked > 40
    versions = lxml.html.parse(str(site.out / "en" / "versions.html"))
    assert versions.xpath('//main//a[@type="application/atom+xml"]/@href') == ["versions.atom"]


def test_a_material_version_is_in_the_feed_from_its_release_day(site: SiteRun, tmp_path: Path) -> None:
    repo, cache = clone(site, tmp_path / "repo")
    released = dt.datetime(2027, 1, 10, 9, 0)
    edit(repo, "policy/klage.md", "Datatilsynet", "Datatilsynet (www.datatilsynet.dk)")
    commit_all(repo, "A material change", released)
    commit = run_git(repo, "rev-parse", "HEAD").strip()
    add_to_ledger(repo, dt.date(2027, 3, 1), commit, released, material=True,
                  summary={"da": "Ny modtager", "en": "A new recipient"})
    import feedparser

    before = run_site(repo, tmp_path / "before", cache, build_date="2027-01-09")
    assert before.process.returncode == 0, before.process.stderr
    titles = [e.title for e in feedparser.parse((before.out / "en" / "versions.atom").read_bytes()).entries]
    assert not any("A new recipient" in title for title in titles)
    on_the_day = run_site(repo, tmp_path / "after", cache, build_date="2027-01-10")
    feed = feedparser.parse((on_the_day.out / "en" / "versions.atom").read_bytes())
    assert feed.entries[0].title == "New version from 1 March 2027: A new recipient"
    assert feed.entries[0].published == "2027-01-10T09:00:00Z"
    assert [tag.term for tag in feed.entries[0].tags] == ["material"]


def test_redline_pages_keep_the_site_stylesheet(site: SiteRun) -> None:
    import lxml.html

    page = lxml.html.parse(str(site.out / "da" / "changes" / "2026-01-01_2026-06-01.html"))
    sheets = page.xpath('//head/link[@rel="stylesheet"]/@href')
    assert "../../_site/site.css" in sheets and "../../_site/redline.css" in sheets
    # Markup, not escaped text: no link element reads as text in the page.
    assert "<link" not in page.xpath("string(//body)")
