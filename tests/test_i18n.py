"""The English build: complete, never fuzzy, linked both ways; and the update-po workflow."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

import language_switch
import translation_report
from po_catalogs import read_po_file
from tests.support import editor_repo
from tests.support.build import PROJECT_ROOT, copy_project
from tests.support.htmltext import element_text, normalise_space, parse
from tests.support.published import PAGES_IN_ORDER
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
    themselves (e.g. "2.4 Leads", and the extensions' proper names such as
    "EU-U.S. Data Privacy Framework"), and the names in the vendor registry
    (companies and services are proper names, in every language)."""
    same = set()
    for po in [*CATALOGS.rglob("*.po"), *(PROJECT_ROOT / "_ext").glob("*/locale/da/LC_MESSAGES/*.po")]:
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
    page = parse(policy_build("html", language="en").read("policy/formaal-og-retsgrundlag.html"))
    headings = [element_text(heading) for heading in page.xpath("//h1|//h2")]
    assert headings[:2] == [
        "2. Purposes and legal basis for the processing, and categories of personal data",
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
        assert page.xpath(f'//*[@id="{label}"]'), label


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


def test_the_footer_names_the_controller_as_the_gdpr_does(policy_build):
    [english] = parse(policy_build("html", language="en").read("policy/klage.html")).xpath("//footer")
    [danish] = parse(policy_build("html").read("policy/klage.html")).xpath("//footer")
    label = './/span[@class="reader-controller-label"]/text()'
    assert english.xpath(label) == ["Controller:"]
    assert danish.xpath(label) == ["Dataansvarlig:"]
    assert "Data controller" not in english.text_content()


def test_site_title_is_translated(policy_build):
    page = parse(policy_build("html", language="en").read("policy/klage.html"))
    assert page.findtext(".//title") == "6. Complaint to the Danish Data Protection Agency - WEXO’s privacy policy"
    [brand] = page.xpath('//span[@class="sidebar-brand-text"]')
    assert "privatlivspolitik" not in brand.text_content()


# -- The language switch -------------------------------------------------------------------


def test_each_page_links_to_itself_in_the_other_language(policy_build):
    english, danish = policy_build("html", language="en"), policy_build("html")
    def switch_links(document, language: str) -> list[tuple[str, str]]:
        return [(link.get("href"), link.text_content())
                for link in document.xpath(f'//a[@hreflang="{language}"][@lang="{language}"]')]

    for page in PAGES_IN_ORDER:
        up = "../" * page.count("/")
        english_page, danish_page = parse(english.read(page)), parse(danish.read(page))
        assert (f"{up}../da/{page}", "Læs denne side på dansk") in switch_links(english_page, "da"), page
        assert (f"{up}../en/{page}", "Read this page in English") in switch_links(danish_page, "en"), page
        assert danish_page.xpath('//link[@rel="alternate"][@hreflang="en"]/@href') == [f"{up}../en/{page}"], page


def test_the_switch_needs_no_javascript(policy_build):
    [switch] = parse(policy_build("html").read("policy/klage.html")).xpath('//div[@class="sidebar-language-switch"]')
    assert switch.xpath(".//a[@hreflang]")
    assert not switch.xpath(".//script") and not switch.xpath(".//@onclick")


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
# On a page of the test's own, so the test holds whatever state the repository's catalogs are in.

PAGE = "policy/proeve"
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


def _plain(status: str) -> str:
    """Sphinx's status output without its colours."""
    return re.sub(r"\x1b\[[0-9;]*m", "", status)


def _update_po(srcdir: Path, workdir: Path) -> list[update_po.Result]:
    """make update-po: extract the templates, merge them into the English catalogs."""
    templates = Path(_build("gettext", srcdir, workdir).outdir)
    return update_po.update(templates, srcdir / "locale", ["en"])


def _translate(po: Path, translations: dict[str, str]) -> None:
    catalog = read_po_file(po).catalog
    for msgid, msgstr in translations.items():
        catalog.get(msgid).string = msgstr
    po.write_text(update_po.catalog_text(catalog), encoding="utf-8")


def test_a_source_edit_keeps_the_old_english_as_fuzzy_and_unpublished(tmp_path):
    srcdir = copy_project(tmp_path / "src")
    page = srcdir / f"{PAGE}.md"
    page.write_text(f"---\norphan: true\n---\n\n# Prøve\n\n{OLD_DANISH}\n", encoding="utf-8")
    po = srcdir / "locale" / "en" / "LC_MESSAGES" / f"{PAGE}.po"

    # The fixture's state: every catalog merged, the new page's catalog created and translated.
    created = _update_po(srcdir, tmp_path / "gettext0")
    assert ("proeve.po", "created") in {(r.po.name, r.action) for r in created}
    _translate(po, {"Prøve": "Trial", OLD_DANISH: OLD_ENGLISH})
    assert {r.action for r in _update_po(srcdir, tmp_path / "gettext1")} == {"unchanged"}
    original = po.read_text(encoding="utf-8")

    page.write_text(page.read_text(encoding="utf-8").replace(OLD_DANISH, NEW_DANISH), encoding="utf-8")
    results = _update_po(srcdir, tmp_path / "gettext2")
    assert [(r.po.name, r.action) for r in results if r.action != "unchanged"] == [("proeve.po", "updated")]

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
    assert text.count("\nmsgid ") == original.count("\nmsgid ")
    assert "#~" not in text  # the old text is the fuzzy entry's #| msgid, not an obsolete entry

    # The English site shows the new Danish there, not the unreviewed English, and says so.
    html_app = _build("html", srcdir, tmp_path / "html", language="en")
    html = (Path(html_app.outdir) / f"{PAGE}.html").read_text(encoding="utf-8")
    assert OLD_ENGLISH not in html
    assert NEW_DANISH in html
    assert "<h1>Trial" in html  # the reviewed heading is published
    report = [line for line in _plain(html_app.status.getvalue()).splitlines() if line.startswith("translation (en)")]
    assert len(report) == 1 and re.search(rf"fell back to Danish \(untranslated or fuzzy\): .*{PAGE} \(\d+\)", report[0])

    # A second run with no source change leaves every file alone, the #| msgid too.
    assert {r.action for r in _update_po(srcdir, tmp_path / "gettext3")} == {"unchanged"}
    assert po.read_text(encoding="utf-8") == text

    # A removed paragraph is kept as an obsolete entry, its translation ready for reuse.
    page.write_text(page.read_text(encoding="utf-8").replace(NEW_DANISH, "Nyt afsnit."), encoding="utf-8")
    removed = _update_po(srcdir, tmp_path / "gettext4")
    assert [(r.po.name, r.action) for r in removed if r.action != "unchanged"] == [("proeve.po", "updated")]
    assert "\n#~ msgid " in po.read_text(encoding="utf-8")
    obsolete = read_po_file(po).catalog.obsolete
    assert [(m.id, m.string) for m in obsolete.values()] == [(NEW_DANISH, OLD_ENGLISH)]


# -- Without GNU gettext, and a new language ---------------------------------------------------

GETTEXT_PROGRAMS = ("msgfmt", "msgmerge", "msginit", "msgcat")


def _make_project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the project with its Makefile and tools, and an environment whose PATH has no GNU gettext:
    each of its programs is a stub that fails loudly."""
    srcdir = copy_project(tmp_path / "project")
    shutil.copy2(PROJECT_ROOT / "Makefile", srcdir / "Makefile")
    shutil.copy2(PROJECT_ROOT / "requirements.txt", srcdir / "requirements.txt")  # keeps the venv stamp newer
    shutil.copytree(PROJECT_ROOT / "tools", srcdir / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    stubs = tmp_path / "no-gettext"
    stubs.mkdir()
    for program in GETTEXT_PROGRAMS:
        stub = stubs / program
        stub.write_text(f'#!/bin/sh\necho "{program} was called: GNU gettext must not be needed" >&2\nexit 127\n')
        stub.chmod(0o755)
    env = editor_repo.environment()
    env["PATH"] = f"{stubs}{os.pathsep}{env['PATH']}"
    return srcdir, env


def _make(srcdir: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", f"VENV={editor_repo.VENV}", *args],
        cwd=srcdir, env=env, capture_output=True, encoding="utf-8", check=False, timeout=600,
    )  # fmt: skip


def test_update_and_check_need_no_gnu_gettext(tmp_path):
    srcdir, env = _make_project(tmp_path)
    for target in (("update-po",), ("check-po", "RELEASE=1"), ("stat",), ("lint-po",)):
        if target == ("lint-po",):
            result = subprocess.run(
                [str(editor_repo.VENV / "bin" / "python"), "-m", "scripts.hygiene", "po",
                 *map(str, sorted((srcdir / "locale").rglob("*.po")))],
                cwd=PROJECT_ROOT, env=env, capture_output=True, encoding="utf-8", check=False,
            )  # fmt: skip
        else:
            result = _make(srcdir, env, *target)
        assert result.returncode == 0, (target, result.stdout, result.stderr)
        assert "GNU gettext must not be needed" not in result.stdout + result.stderr, target
    assert _make(srcdir, env, "update-po").stdout.splitlines()[-1] == "update-po: 0 of 17 catalogs changed"


def test_adding_a_language_to_conf_py_is_enough_to_start_translating_it(tmp_path):
    srcdir, env = _make_project(tmp_path)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace('site_languages = ["da", "en"]',
                                                             'site_languages = ["da", "en", "de"]'), encoding="utf-8")
    templates = sorted(p.relative_to(CATALOGS).with_suffix("").as_posix() for p in CATALOGS.rglob("*.po"))
    code_catalogs = {
        "_ext/gdpr/locale/de/LC_MESSAGES/gdpr.po": "the GDPR citations' words",
        "_ext/vendors/locale/de/LC_MESSAGES/vendors.po": "the vendor table's words",
        "_ext/transparency/locale/de/LC_MESSAGES/transparency.po": "the transparency overview's words",
        "_ext/notice/locale/de/LC_MESSAGES/notice.po": "the machine-readable notice's link",
        "_ext/locale/de/LC_MESSAGES/language_switch.po": "the language switch's link",
        "_ext/locale/de/LC_MESSAGES/translation_notice.po": "the notice that a translation's source text prevails",
        "tools/locale/de/LC_MESSAGES/site.po": "the site's own pages (versions, redlines, PDF)",
        "locale/de/LC_MESSAGES/sphinx.po": "the theme's and the templates' words",
    }
    gdpr_text = (
        "_ext/gdpr/data/gdpr-text-de.json: error: missing: the GDPR's official text in 'de', which the {gdpr} "
        "references and the cited provisions quote; create it from the EU's Formex text as "
        "_ext/gdpr/data/README.md describes [missing]"
    )

    # make check: one line for each file German lacks, naming it and what creates it.
    check = _make(srcdir, env, "check")
    assert check.returncode != 0
    missing = [line for line in check.stderr.splitlines() if "missing:" in line]
    assert missing == sorted([
        *(f"locale/de/LC_MESSAGES/{docname}.po: error: missing: {docname}.md has no 'de' catalog; "
          "run 'make update-po' [missing]" for docname in templates),
        *(f"{path}: error: missing: the 'de' catalog of {words}; 'make update-po' creates it [missing]"
          for path, words in code_catalogs.items()),
        gdpr_text,
    ])
    assert len(missing) == 17
    # Nothing else is an error (but what needs git history: this copy is no git repository), and German is not
    # built strictly.
    errors = [line for line in check.stderr.splitlines() if ": error: " in line]
    no_history = [line for line in errors if "not a git repository" in line]
    assert [line for line in errors if line not in no_history] == missing
    assert check.stderr.splitlines()[-2].startswith(f"check: {len(missing) + len(no_history)} errors, 0 warnings, ")
    assert "Traceback" not in check.stderr and "[syntax]" not in check.stderr

    # The German site builds now, every paragraph in Danish, and says how many; the warning names the GDPR file.
    app = _build("html", srcdir, tmp_path / "html-de", language="de")
    klage = (Path(app.outdir) / "policy" / "klage.html").read_text(encoding="utf-8")
    assert "Du har ret til at indgive en klage til Datatilsynet" in klage
    report = re.search(r"translation \(de\): (\d+) of (\d+) paragraphs fell back to Danish", _plain(app.status.getvalue()))
    assert report is not None and report[1] == report[2] and int(report[1]) > 50, app.status.getvalue()
    assert "WARNING: missing: _ext/gdpr/data/gdpr-text-de.json, the GDPR's official text in 'de'" in (
        _plain(app.warning.getvalue())
    )

    # make update-po creates the catalogs; then the check make check runs first (check-po: the same lines, without
    # building the languages) lists what is still missing: one line per catalog, none translated yet, and the GDPR text.
    created = _make(srcdir, env, "update-po")
    assert created.returncode == 0, created.stderr
    assert created.stdout.count(": created") == len(templates) + len(code_catalogs)
    check = _make(srcdir, env, "check-po")
    assert check.returncode != 0
    problems = [line for line in check.stderr.splitlines()
                if (": error: " in line or ": warning: " in line) and "not a git repository" not in line]
    assert [line for line in problems if ": error: " in line] == [gdpr_text]
    untranslated = sorted(line.split(":")[0] for line in problems if "[untranslated]" in line)
    with_entries = [f"locale/de/LC_MESSAGES/{docname}.po" for docname in templates if docname != "henvisninger"]
    assert untranslated == sorted([*with_entries, *code_catalogs])
    assert len(problems) == len(untranslated) + 1
    release = _make(srcdir, env, "check-po", "RELEASE=1")
    assert release.returncode != 0
    assert "locale/de/LC_MESSAGES/policy/klage.po: error: untranslated: none of its 2 entries is translated yet" in (
        release.stderr
    )
    assert "locale/glossary.csv:1: notice: no 'de' column: de is not checked against the glossary" in release.stderr


def test_a_language_code_babel_does_not_know_stops_make_at_its_line_in_conf_py(tmp_path):
    srcdir, env = _make_project(tmp_path)
    conf = srcdir / "conf.py"
    text = conf.read_text(encoding="utf-8")
    conf.write_text(text.replace('site_languages = ["da", "en"]', 'site_languages = ["da", "en", "xx"]'),
                    encoding="utf-8")
    line = next(number for number, content in enumerate(text.splitlines(), 1) if content.startswith("site_languages"))
    check = _make(srcdir, env, "check")
    assert check.returncode != 0
    assert check.stderr.splitlines()[0] == (
        f"conf.py:{line}:31: error: 'xx' is not a language code Babel knows: use an ISO 639 code such as 'de' or "
        "'pt_BR' [language.unknown]"
    )
    assert "Traceback" not in check.stderr


def test_a_dated_build_overrides_the_root(tmp_path):
    srcdir = copy_project(tmp_path / "src")
    app = _build("html", srcdir, tmp_path / "build", language="en", language_switch_root="../../{language}/2026-01-01/")
    html = (Path(app.outdir) / "policy" / "klage.html").read_text(encoding="utf-8")
    assert (
        '<a href="../../../da/2026-01-01/policy/klage.html" hreflang="da" lang="da">Læs denne side på dansk</a>' in html
    )
    assert app.warning.getvalue() == ""


def test_a_long_previous_msgid_is_laid_out_as_msgmerge_does_and_reads_back():
    """The old text of a fuzzy entry: one quoted piece per ``#|`` line, within 79 columns."""
    from babel.messages.catalog import Catalog

    from po_catalogs import parse_po

    old = ("Du har ret til at indgive en klage til Datatilsynet, hvis du er utilfreds med den måde, "
           "vi behandler dine personoplysninger på. Du finder Datatilsynets kontaktoplysninger på "
           "[www.datatilsynet.dk](https://www.datatilsynet.dk).")
    new = old.replace("den måde, vi behandler dine personoplysninger på", "hvordan vi behandler dine personoplysninger")
    catalog = Catalog(locale="en")
    catalog.add(new, "You have the right to lodge a complaint.", flags=["fuzzy"], previous_id=old)
    text = update_po.catalog_text(catalog)
    previous = [line for line in text.splitlines() if line.startswith("#|")]
    assert previous[0] == '#| msgid ""'
    assert all(re.fullmatch(r'#\| "[^"]*"', line) and len(line) <= 79 for line in previous[1:]), previous
    assert text.index("#, fuzzy") < text.index('#| msgid ""') < text.index('\nmsgid ""\n"Du har ret')
    (entry,) = parse_po(text).entries
    assert (entry.msgid, entry.fuzzy, entry.previous_msgid) == (new, True, old)
