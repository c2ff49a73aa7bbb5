"""The English build: complete, never fuzzy, linked both ways; and the update-po workflow."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from tests.support.build import PROJECT_ROOT, copy_project
from tests.support.htmltext import normalise_space
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp
from test_build import PAGES_IN_ORDER


import language_switch
import translation_report
from tools.i18n import update as update_po

CATALOGS = PROJECT_ROOT / "locale" / "en" / "LC_MESSAGES"


class _Blocks(HTMLParser):
    """The text of each paragraph, heading and list item inside the article."""

    TAGS = frozenset({"p", "h1", "h2", "h3", "li", "dt", "dd", "td", "th"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._depth = 0
        self._stack: list[list[str]] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "article" and (self._depth or attributes.get("role") == "main"):
            self._depth += 1
        if self._depth and tag == "a" and "headerlink" in (attributes.get("class") or ""):
            self._skip += 1
        if self._depth and tag in self.TAGS:
            self._stack.append([])

    def handle_endtag(self, tag):
        if self._depth and tag in self.TAGS and self._stack:
            text = normalise_space("".join(self._stack.pop()))
            if text:
                self.blocks.append(text)
        if self._skip and tag == "a":
            self._skip -= 1
        if tag == "article" and self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._depth and not self._skip:
            for chunk in self._stack:
                chunk.append(data)


def article_blocks(html: str) -> list[str]:
    parser = _Blocks()
    parser.feed(html)
    return parser.blocks


def identical_by_design() -> set[str]:
    """Text whose English is the Danish: messages the catalogs translate as
    themselves (e.g. "2.4 Leads"), and the names in the vendor registry
    (companies and services are proper names, in every language)."""
    same = set()
    for po in CATALOGS.rglob("*.po"):
        with po.open("rb") as file:
            same |= {m.id for m in read_po(file) if m.id and m.id == m.string}
    registry = yaml.safe_load((PROJECT_ROOT / "policy" / "vendors.yaml").read_text(encoding="utf-8"))
    for vendor in registry["vendors"]:
        same |= {vendor["name"], vendor["entity"]} | {service["name"] for service in vendor["services"]}
    return same


# -- The English site -------------------------------------------------------------------


def test_english_builds_without_warnings_and_reports_no_fallback(policy_build):
    build = policy_build("html", language="en")
    assert build.warnings == ""
    assert "translation (en): 0 of " in build.status
    assert "paragraphs fell back to Danish (untranslated or fuzzy)\n" in build.status
    assert "translation (" not in policy_build("html").status  # the source language has nothing to report


def test_english_html_contains_no_danish_paragraph(policy_build):
    english, danish = policy_build("html", language="en"), policy_build("html")
    allowed = identical_by_design()
    for page in PAGES_IN_ORDER:
        danish_blocks = set(article_blocks(danish.read(page)))
        english_blocks = article_blocks(english.read(page))
        assert len(english_blocks) >= 2, page
        leftovers = [block for block in english_blocks if block in danish_blocks and block not in allowed]
        assert leftovers == [], page
        assert 'lang="en"' in english.read(page)[:200], page


def test_english_headings_keep_numbers_and_labels(policy_build):
    html = policy_build("html", language="en").read("policy/formaal-og-retsgrundlag.html")
    headings = [
        normalise_space(re.sub(r"<[^>]+>|¶", "", h)) for h in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", html, re.DOTALL)
    ]
    assert headings[:2] == [
        "2. Purposes and legal basis of the processing, and categories of personal data",
        "2.1 Visitors to the website",
    ]
    for label in (
        "formaal-og-retsgrundlag",
        "besoegende",
        "nyhedsbrev",
        "kunder",
        "leads",
        "henvendelser",
        "jobsoegere",
    ):
        assert f'id="{label}"' in html, label


def test_english_uses_the_official_terms(policy_build):
    text = " ".join(" ".join(article_blocks(policy_build("html", language="en").read(p))) for p in PAGES_IN_ORDER)
    for term in (
        "controller",
        "processor",
        "data subject",
        "personal data",
        "consent",
        "legitimate interests",
        "third countries",
        "standard contractual clauses",
        "the Danish Data Protection Agency (Datatilsynet)",
        "pursuant to Article 6(1)(a) GDPR",
    ):
        assert term in text, term


def test_site_title_is_translated(policy_build):
    html = policy_build("html", language="en").read("policy/klage.html")
    assert "<title>6. Complaint to the Danish Data Protection Agency - WEXO’s privacy policy</title>" in html
    assert "privatlivspolitik" not in re.search(r'<span class="sidebar-brand-text">(.*?)</span>', html).group(1)


# -- The language switch -------------------------------------------------------------------


def test_each_page_links_to_itself_in_the_other_language(policy_build):
    english, danish = policy_build("html", language="en"), policy_build("html")
    for page in PAGES_IN_ORDER:
        up = "../" * page.count("/")
        assert f'<a href="{up}../da/{page}" hreflang="da" lang="da">Læs denne side på dansk</a>' in english.read(
            page
        ), page
        assert f'<a href="{up}../en/{page}" hreflang="en" lang="en">Read this page in English</a>' in danish.read(
            page
        ), page
        assert f'<link rel="alternate" hreflang="en" href="{up}../en/{page}">' in danish.read(page), page


def test_the_switch_needs_no_javascript(policy_build):
    html = policy_build("html").read("policy/klage.html")
    switch = re.search(r'<div class="sidebar-language-switch">(.*?)</div>', html, re.DOTALL).group(1)
    assert "<script" not in switch and "onclick" not in switch


@pytest.mark.parametrize(
    ("root", "page", "expected"),
    [
        ("../{language}/", "index.html", "../en/index.html"),
        ("../{language}/", "policy/klage.html", "../../en/policy/klage.html"),
        ("../../{language}/2026-01-01/", "policy/klage.html", "../../../en/2026-01-01/policy/klage.html"),
        ("/{language}/latest/", "policy/klage.html", "/en/latest/policy/klage.html"),
        ("https://wexo.dk/privatliv/{language}/", "index.html", "https://wexo.dk/privatliv/en/index.html"),
    ],
)
def test_switch_url_follows_the_configured_root(root, page, expected):
    [link] = language_switch.language_links(["da", "en"], "da", root, page)
    assert (link.language, link.url, link.text) == ("en", expected, "Read this page in English")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"language_switch_root": "../{lang}/"}, "may only use the placeholder {language}"),
        ({"language_switch_root": "../{language}"}, "must end with '/'"),
        ({"language": "fr"}, "language 'fr' is not in site_languages"),
    ],
)
def test_bad_switch_config_stops_the_build(tmp_path, overrides, message):
    srcdir = copy_project(tmp_path / "src")
    with pytest.raises(ConfigError, match=re.escape(message)):
        SphinxTestApp("html", srcdir=srcdir, builddir=tmp_path / "build", confoverrides=overrides)


def test_fallback_summary():
    assert translation_report.fallbacks({"total": 5, "translated": 3}, 0) == (5, 2)
    assert translation_report.fallbacks({"total": 0, "translated": 0}, 4) == (4, 4)
    assert translation_report.summary({"index": (2, 0), "policy/klage": (2, 1)}, "da") == (
        "1 of 4 paragraphs fell back to Danish (untranslated or fuzzy): policy/klage (1)"
    )


# -- A source edit through update-po ----------------------------------------------------------

OLD_DANISH = "Du har ret til at få urigtige oplysninger om dig selv rettet."
NEW_DANISH = "Du har ret til at få urigtige eller ufuldstændige oplysninger om dig selv rettet."
OLD_ENGLISH = "You have the right to have inaccurate information about yourself corrected."


def _build(buildername: str, srcdir: Path, outdir: Path, **overrides) -> SphinxTestApp:
    app = SphinxTestApp(
        buildername,
        srcdir=srcdir,
        builddir=outdir,
        confoverrides=overrides,
        freshenv=True,
        status=StringIO(),
        warning=StringIO(),
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def test_a_source_edit_keeps_the_old_english_as_fuzzy_and_unpublished(tmp_path):
    srcdir = copy_project(tmp_path / "src")
    source = srcdir / "policy" / "rettigheder.md"
    source.write_text(source.read_text(encoding="utf-8").replace(OLD_DANISH, NEW_DANISH), encoding="utf-8")

    gettext = _build("gettext", srcdir, tmp_path / "gettext")
    results = update_po.update(Path(gettext.outdir), srcdir / "locale", ["en"])
    po = srcdir / "locale" / "en" / "LC_MESSAGES" / "policy" / "rettigheder.po"
    assert {r.po.name: r.action for r in results}["rettigheder.po"] == "updated"
    assert [r.action for r in results].count("updated") == 1, results

    # Exactly one entry changed: fuzzy, with the old Danish as "#| msgid" and the old English kept.
    text = po.read_text(encoding="utf-8")
    entry = re.search(
        r'#, fuzzy\n#\| msgid "(?P<previous>[^"]*)"\nmsgid (?P<msgid>(?:"[^"]*"\n)+)msgstr (?P<msgstr>(?:"[^"]*"\n)+)',
        text,
    )
    assert entry is not None, text
    assert entry["previous"] == OLD_DANISH
    assert "".join(re.findall(r'"([^"]*)"', entry["msgid"])) == NEW_DANISH
    assert "".join(re.findall(r'"([^"]*)"', entry["msgstr"])) == OLD_ENGLISH
    original = (CATALOGS / "policy" / "rettigheder.po").read_text(encoding="utf-8")
    assert text.count("\nmsgid ") == original.count("\nmsgid ")

    # The English site shows the new Danish there, not the unreviewed English, and says so.
    html_app = _build("html", srcdir, tmp_path / "html", language="en")
    html = (Path(html_app.outdir) / "policy" / "rettigheder.html").read_text(encoding="utf-8")
    assert OLD_ENGLISH not in html
    assert NEW_DANISH in html
    assert "1 of " in html_app.status.getvalue()
    assert (
        "fell back to Danish (untranslated or fuzzy): policy/rettigheder (1)" in html_app.status.getvalue()
    )

    # A second run with no source change leaves every file alone.
    again = update_po.update(Path(_build("gettext", srcdir, tmp_path / "gettext2").outdir), srcdir / "locale", ["en"])
    assert {r.action for r in again} == {"unchanged"}


def test_a_dated_build_overrides_the_root(tmp_path):
    srcdir = copy_project(tmp_path / "src")
    app = _build("html", srcdir, tmp_path / "build", language="en", language_switch_root="../../{language}/2026-01-01/")
    html = (Path(app.outdir) / "policy" / "klage.html").read_text(encoding="utf-8")
    assert (
        '<a href="../../../da/2026-01-01/policy/klage.html" hreflang="da" lang="da">Læs denne side på dansk</a>' in html
    )
    assert app.warning.getvalue() == ""
