"""Translation revisions in the ledger: a version's translation revised on a date, its Danish text unchanged.

The table specifies the checks that need no git (:func:`tools.sitebuild.ledger.parse_ledger`); the
repository tests run ``python -m tools.sitebuild.ledger_repo check`` (what ``make check`` runs) on a
small fixture repository, never on the real ledger.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import lxml.html
import pytest
import yaml

from tests.support import editor_repo
from tests.support.ledger_texts import SHA_B, entry, git, ledger_command, problems, revision
from tools.editor import release
from tools.sitebuild.ledger import Revision, append_item, first_difference, parse_ledger, revision_yaml

VERSIONS = "versions:\n" + entry("2026-11-24") + entry("2026-12-01", SHA_B)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (VERSIONS + "revisions:\n" + revision("2026-12-01", "2026-12-06"), []),
        (VERSIONS + "revisions:\n", []),
        (VERSIONS + "revisions:\n" + revision("2026-12-09", "2026-12-10"),
         ["policy/versions.yaml:11:14: error: the translation revision 2026-12-10 revises version 2026-12-09, which is not "
          "in 'versions' (versions: 2026-11-24, 2026-12-01) [ledger.revision_version]"]),
        (VERSIONS + "revisions:\n" + revision("2026-12-01", "2026-11-30"),
         ["policy/versions.yaml:13:11: error: the translation revision 2026-11-30 is dated before the version it revises "
          "(2026-12-01); a translation is revised on or after its version's date [ledger.revision_date]"]),
        (VERSIONS + "revisions:\n" + revision("2026-12-01", "2026-12-06") + revision("2026-12-01", "2026-12-06"),
         ["policy/versions.yaml:18:11: error: version 2026-12-01 already has a en revision dated 2026-12-06 (line 11); "
          "one revision per language a day [ledger.revision_repeated]"]),
        (VERSIONS + "revisions:\n" + revision("2026-12-01", "2026-12-06", summary="{da: Rettet.}"),
         ["policy/versions.yaml:15:19: error: the summary of a translation revision is in 'da'; a revision of the en "
          "translation is summarised in en only [ledger.language_unknown]"]),
        (VERSIONS + "revisions:\n" + revision("2026-12-01", "2026-12-06").replace("    language: en\n", ""),
         ["policy/versions.yaml:11:5: error: missing required field 'language' in a translation revision "
          "[ledger.missing_field]"]),
    ],
    ids=["valid", "empty", "unknown-version", "before-its-version", "same-date", "summary-language", "no-language"],
)
def test_parse_revisions(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


def test_a_revision_written_by_make_release_reads_back_the_same() -> None:
    written = Revision(dt.date(2026, 12, 1), "en", dt.date(2026, 12, 6), SHA_B,
                       {"en": 'Corrected: "deleted" is now "erased".'}, 0, 0)
    ledger = parse_ledger(VERSIONS + "revisions:\n" + revision_yaml(written))
    assert ledger.problems == ()
    [read] = ledger.revisions
    assert read.key == written.key and read.summary == written.summary and read.commit == SHA_B
    assert ledger.revisions_of(dt.date(2026, 12, 1), "en") == [read]
    assert yaml.safe_load(VERSIONS + "revisions:\n" + revision_yaml(written))["revisions"][0]["date"] == written.date


def test_the_first_difference_names_the_document_and_section() -> None:
    old = {"policy/a.md": "# 1. Indledning\n\nTekst.\n\n## 1.1 Formål\n\nFørst.\n", "index.md": "# Forside\n"}
    assert first_difference(old, dict(old)) is None
    changed = {**old, "policy/a.md": old["policy/a.md"].replace("Først.", "Sidst.")}
    assert first_difference(old, changed) == 'policy/a.md, section "1.1 Formål"'
    assert first_difference(old, {"index.md": "# Forside\n"}) == "policy/a.md is gone"
    fenced = {"index.md": "# Forside\n\n```\n# not a heading\n```\n"}
    assert first_difference(fenced, {"index.md": "# Forside\n\n```\n# not a heading!\n```\n"}) == (
        'index.md, section "Forside"')


# -- make check on a repository ----------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Version 2026-12-01 (Danish policy/klage.md, English catalog), released; then a corrected catalog."""
    repo = tmp_path / "repo"
    (repo / "policy").mkdir(parents=True)
    (repo / "locale" / "en").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    (repo / "conf.py").write_text('site_languages = ["da", "en"]\nexclude_patterns = ["README.md"]\n',
                                  encoding="utf-8")
    (repo / "README.md").write_text("# Om projektet\n", encoding="utf-8")
    (repo / "policy" / "klage.md").write_text("# 6. Klage\n\nDu kan klage.\n\n## 6.1 Frist\n\nInden 4 uger.\n",
                                              encoding="utf-8")
    (repo / "locale" / "en" / "klage.po").write_text('msgid "Du kan klage."\nmsgstr "You can complain."\n',
                                                     encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Text")
    version = git(repo, "rev-parse", "HEAD").strip()
    (repo / "policy" / "versions.yaml").write_text("versions:\n" + entry("2026-12-01", version), encoding="utf-8")
    (repo / "locale" / "en" / "klage.po").write_text(
        'msgid "Du kan klage."\nmsgstr "You can lodge a complaint."\n', encoding="utf-8")
    (repo / "README.md").write_text("# Om projektet\n\nOgså rettet.\n", encoding="utf-8")  # not a source document
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Release 2026-12-01; the English corrected")
    return repo


def add_revision(repo: Path, text: str) -> None:
    path = repo / "policy" / "versions.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "revisions:\n" + text, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Revise the English")


def test_a_revision_with_the_versions_danish_text_passes_and_then_never_changes(repo: Path) -> None:
    head = git(repo, "rev-parse", "HEAD").strip()
    add_revision(repo, revision("2026-12-01", "2026-12-06", commit=head))
    result = ledger_command(repo, "check")
    assert (result.returncode, result.stderr) == (0, "ledger: 0 errors, 0 warnings, 0 notices\n")
    path = repo / "policy" / "versions.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Corrected translation.", "Fixed."), encoding="utf-8")
    result = ledger_command(repo, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "policy/versions.yaml:11:19: error: the released en revision 2026-12-06 of version 2026-12-01 changed its summary.en "
        "(was 'Corrected translation.' at HEAD); a released revision never changes; revise the translation again "
        "with a later date instead [ledger.released_changed]",
        "ledger: 1 error, 0 warnings, 0 notices",
    ]


def test_a_revision_of_the_source_language_or_of_changed_danish_text_is_refused(repo: Path) -> None:
    (repo / "policy" / "klage.md").write_text("# 6. Klage\n\nDu kan klage.\n\n## 6.1 Frist\n\nInden 8 uger.\n",
                                              encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Longer deadline")
    changed = git(repo, "rev-parse", "HEAD").strip()
    add_revision(repo, revision("2026-12-01", "2026-12-06", commit=changed)
                 + revision("2026-12-01", "2026-12-07", language="da", commit=changed, summary="{da: Rettet.}"))
    result = ledger_command(repo, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"policy/versions.yaml:10:13: error: the source text of commit {changed[:12]} differs from version 2026-12-01's: "
        'policy/klage.md, section "6.1 Frist"; a translation revision keeps its version\'s da text, so release a '
        "new version instead [ledger.revision_source_changed]",
        "policy/versions.yaml:13:15: error: da is the source language of version 2026-12-01: its text is the version "
        "itself, so a change to it is a new version (make release), not a translation revision "
        "[ledger.revision_source_language]",
        "ledger: 2 errors, 0 warnings, 0 notices",
    ]


def test_a_revision_whose_commit_lacks_a_catalog_of_the_version_is_refused(repo: Path) -> None:
    """make site would build it and publish the Danish text as the revised English: refused at the ledger's line."""
    git(repo, "rm", "-q", "locale/en/klage.po")
    git(repo, "commit", "-q", "-m", "The English catalog lost")
    lost = git(repo, "rev-parse", "HEAD").strip()
    add_revision(repo, revision("2026-12-01", "2026-12-06", commit=lost))
    result = ledger_command(repo, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"policy/versions.yaml:10:13: error: commit {lost[:12]} has no locale/en/klage.po, which version 2026-12-01's "
        "translation has; the revision would publish that text untranslated: restore the catalog in the revision's "
        "commit [ledger.revision_catalog_missing]",
        "ledger: 1 error, 0 warnings, 0 notices",
    ]


# -- make release of a translation revision ------------------------------------------------------------

PO = "locale/en/LC_MESSAGES/policy/behandling.po"


def test_make_release_publishes_a_revision_and_leaves_the_version_and_its_tag(tmp_path: Path) -> None:
    repo = editor_repo.create(tmp_path / "repo")
    tag_before = editor_repo.git(repo, "rev-parse", f"{editor_repo.FIRST_TAG}^{{commit}}").strip()
    editor_repo.edit(repo, PO, '"We keep the information', '"We store the information')
    editor_repo.commit_all(repo, "The English says 'store'")
    corrected = editor_repo.git(repo, "rev-parse", "HEAD").strip()

    result = editor_repo.make(repo, "release", "TRANSLATION=en", "VERSION=2026-11-24", "DATE=2026-11-30",
                              "SUMMARY_en=The English says store, as the GDPR does.")

    assert result.returncode == 0, result.stderr
    assert ("\nAdded the en translation of version 2026-11-24, revised on 2026-11-30 to policy/versions.yaml in a "
            f"new commit (translation of commit {corrected[:12]}).") in result.stdout
    ledger = parse_ledger((repo / "policy" / "versions.yaml").read_text(encoding="utf-8"))
    assert ledger.problems == ()
    [revision] = ledger.revisions
    assert (revision.version, revision.language, revision.date, revision.commit) == (
        dt.date(2026, 11, 24), "en", dt.date(2026, 11, 30), corrected)
    assert revision.summary == {"en": "The English says store, as the GDPR does."}
    assert editor_repo.git(repo, "tag", "--list").split() == [editor_repo.FIRST_TAG]
    assert editor_repo.git(repo, "rev-parse", f"{editor_repo.FIRST_TAG}^{{commit}}").strip() == tag_before
    assert editor_repo.git(repo, "status", "--porcelain") == ""
    assert ledger_command(repo, "check").returncode == 0


def test_make_release_refuses_a_revision_whose_danish_differs_at_the_ledgers_line(tmp_path: Path) -> None:
    repo = editor_repo.create(tmp_path / "repo")
    editor_repo.edit(repo, "policy/behandling.md", "i 5 år", "i 3 år")
    editor_repo.edit(repo, PO, "i 5 år efter", "i 3 år efter")
    editor_repo.edit(repo, PO, "for 5 years", "for 3 years")
    editor_repo.commit_all(repo, "Kortere opbevaring")
    changed = editor_repo.git(repo, "rev-parse", "HEAD").strip()
    request = release.RevisionRequest("en", "2026-11-24", "2026-11-30", "Three years.")

    status, lines = release.release_revision(repo, request, check_command=["true"], make=["true"],
                                             languages=("da", "en"), languages_of=lambda entry: ("da", "en"))

    assert status == 1
    line = len((repo / "policy" / "versions.yaml").read_text(encoding="utf-8").splitlines()) + 6
    assert lines == [
        "Refusing to release the en translation of version 2026-11-24, revised on 2026-11-30, for 1 reason(s):",
        f"- policy/versions.yaml:{line}:13: error: the source text of commit {changed[:12]} differs from version "
        "2026-11-24's: policy/behandling.md, section \"1.2 Opbevaring\"; a translation revision keeps its "
        "version's da text, so release a new version instead [ledger.revision_source_changed]",
    ]
    assert editor_repo.git(repo, "rev-parse", "HEAD").strip() == changed  # nothing written

    source = release.RevisionRequest("da", "2026-11-23", "2026-11-30", "")
    assert release.revision_request_problems(source, ("da", "en")) == [
        "TRANSLATION=da is not a translation: the translations are en (da is the source language)",
        'SUMMARY_da is empty: say in da what the revision corrects, e.g. SUMMARY_da="..."',
    ]


# -- the site: a revision republishes the translation, the Danish stays byte for byte -------------------


def sums(site: Path) -> dict[str, str]:
    return {path: digest for digest, path in
            (line.split("  ", 1) for line in (site / "SHA256SUMS").read_text(encoding="utf-8").splitlines())}


@pytest.mark.site
def test_a_revision_on_the_site_keeps_the_danish_and_the_old_english(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from tests.support.links import crawl
    from tests.support.site_run import run_site

    repo = editor_repo.create(tmp_path / "repo")  # version 2026-11-24, committed on 20 November 2026
    cache = tmp_path / "cache"
    before = run_site(repo, tmp_path / "before", cache, build_date="2026-11-28")
    assert before.process.returncode == 0, before.process.stderr
    editor_repo.edit(repo, PO, '"We keep the information', '"We store the information')
    editor_repo.commit_all(repo, "The English says 'store'")
    corrected = editor_repo.git(repo, "rev-parse", "HEAD").strip()
    ledger = repo / "policy" / "versions.yaml"
    ledger.write_text(append_item(ledger.read_text(encoding="utf-8"), "revisions", revision_yaml(Revision(
        dt.date(2026, 11, 24), "en", dt.date(2026, 11, 30), corrected, {"en": 'Says "store", as the GDPR does.'},
        0, 0))), encoding="utf-8")
    editor_repo.commit_all(repo, "Revise the English translation of v2026-11-24")

    after = run_site(repo, tmp_path / "after", cache, build_date="2026-12-01")

    assert after.process.returncode == 0, after.process.stderr
    old, new = sums(before.out), sums(after.out)
    danish = sorted(path for path in old if path.startswith(("da/2026-11-24/", "da/current/")))
    assert danish and [new.get(path) for path in danish] == [old[path] for path in danish]
    page, pdf = "en/2026-11-24/policy/behandling.html", "en/2026-11-24/privatlivspolitik-2026-11-24-en.pdf"
    assert new[page] != old[page] and new[pdf] != old[pdf]
    # The old English is still published, byte for byte the same PDF, beside the version.
    archive = "en/2026-11-24-translation-2026-11-20"
    assert new[f"{archive}/privatlivspolitik-2026-11-24-en.pdf"] == old[pdf]
    assert "We keep the information" in after.read(f"{archive}/policy/behandling.html")

    revised = lxml.html.document_fromstring(after.read(page))
    assert "We store the information" in revised.text_content()
    [notice] = revised.xpath('//div[contains(@class, "site-notice-translation")]')
    assert [p.text_content() for p in notice.xpath("./p")] == [
        "This is a translation. The Danish text prevails, and the statuses and dates shown apply to it.",
        "This translation was revised on 30 November 2026.",
        "Read this page in Danish.",
        "Read the previous translation, of 20 November 2026.",
    ]
    assert [a.get("href") for a in notice.xpath(".//a")] == [
        "../../../da/2026-11-24/policy/behandling.html",
        "../../2026-11-24-translation-2026-11-20/policy/behandling.html",
    ]
    earlier = lxml.html.document_fromstring(after.read(f"{archive}/policy/behandling.html"))
    [notice] = earlier.xpath('//div[contains(@class, "site-notice-translation")]')
    assert "This translation was replaced by a revised translation on 30 November 2026." in notice.text_content()
    assert notice.xpath(".//a")[-1].get("href") == "../../2026-11-24/policy/behandling.html"
    assert "site-notice-translation" not in after.read("da/2026-11-24/policy/behandling.html")

    first_page = " ".join(PdfReader(after.out / pdf).pages[0].extract_text().split())
    assert "Translation revised on 30 November 2026" in first_page
    assert "This is a translation. The Danish text prevails" in first_page

    versions = lxml.html.document_fromstring(after.read("en/versions.html"))
    [lines] = versions.xpath('//ul[@class="translations"]')
    assert [li.text_content() for li in lines.xpath("./li")] == [
        "Translated on 20 November 2026", 'Translation revised on 30 November 2026: Says "store", as the GDPR does.']
    assert lines.xpath(".//a/@href") == ["2026-11-24-translation-2026-11-20/index.html"]
    assert "The Danish text prevails" in versions.xpath('string(//div[contains(@class, "site-notice-translation")])')
    assert not lxml.html.document_fromstring(after.read("da/versions.html")).xpath('//ul[@class="translations"]')

    catalog = json.loads(after.read("versions.json"))
    [version] = catalog["versions"]
    assert version["source_language"] == "da"
    assert [(t["date"], t["revised"], t["html"]) for t in version["translations"]["en"]] == [
        ("2026-11-20", False, f"{archive}/index.html"), ("2026-11-30", True, "en/2026-11-24/index.html")]
    assert version["translations"]["en"][1]["summary"] == 'Says "store", as the GDPR does.'

    feed = after.read("en/versions.atom")
    assert ('<title>The translation of the version of 24 November 2026 was revised: Says "store", as the GDPR '
            "does.</title>") in feed
    assert "Translated on 20 November 2026\nTranslation revised on 30 November 2026" in feed
    assert "The Danish text prevails" not in after.read("da/versions.atom")
    assert crawl(after.out).broken == []  # the earlier translation's links too (languages, notice, redlines)
