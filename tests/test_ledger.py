"""The ledger of dated versions, ``policy/versions.yaml``: every check, its exact line, and ``make tags``.

The first table specifies the pure checks (:func:`tools.sitebuild.ledger.parse_ledger`);
the tests after it run ``python -m tools.sitebuild.ledger_repo`` (what ``make check``
and ``make tags`` run) on small git repositories in the order an editor meets them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from tests.support.ledger_texts import SHA_A, SHA_B, entry, git, ledger_command, problems
from tools.project import REPO_ROOT
from tools.sitebuild.ledger import (
    Entry,
    append_only_problems,
    entry_yaml,
    language_problems,
    parse_ledger,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("versions:\n" + entry("2026-11-24") + entry("2026-12-01", SHA_B), []),
        ("versions:\n", []),
        ("", ["policy/versions.yaml:1:1: error: the file is empty: expected a 'versions' list [ledger.missing_field]"]),
        ("version:\n" + entry("2026-11-24"),
         ["policy/versions.yaml:1:1: error: unknown field 'version' in the file (did you mean 'versions'?) "
          "[ledger.unknown_field]",
          "policy/versions.yaml:1:1: error: missing required field 'versions' in the file [ledger.missing_field]"]),
        ("versions:\n" + entry("2026-11-24", extra="    summmary: x\n"),
         ["policy/versions.yaml:6:5: error: unknown field 'summmary' in the entry 2026-11-24 (did you mean 'summary'?) "
          "[ledger.unknown_field]"]),
        ("versions:\n  - date: 2026-11-24\n    commit: " + SHA_A + "\n    summary: {da: x, en: y}\n",
         ["policy/versions.yaml:2:5: error: missing required field 'material' in the entry 2026-11-24 "
          "[ledger.missing_field]"]),
        ("versions:\n" + entry("2026-13-01"),
         ["policy/versions.yaml:2:11: error: date '2026-13-01' in the entry 2026-13-01 is not a date in the calendar "
          "[ledger.date]"]),
        ("versions:\n" + entry("24-11-2026"),
         ["policy/versions.yaml:2:11: error: date '24-11-2026' in the entry 24-11-2026 is not of the form YYYY-MM-DD "
          "(e.g. 2026-11-24) [ledger.date]"]),
        ("versions:\n" + entry("2026-12-01") + entry("2026-11-24", SHA_B),
         ["policy/versions.yaml:6:5: error: date 2026-11-24 is before the entry above it (2026-12-01, line 2); entries "
          "are oldest first [ledger.date_order]"]),
        ("versions:\n" + entry("2026-11-24") + entry("2026-11-24", SHA_B),
         ["policy/versions.yaml:6:5: error: date 2026-11-24 is repeated (first at line 2); each version has its own "
          "effective date [ledger.date_repeated]"]),
        ("versions:\n" + entry("2026-11-24", "cb74824"),
         ["policy/versions.yaml:3:13: error: commit 'cb74824' in the entry 2026-11-24 is not a full commit SHA (40 "
          "hexadecimal digits, as 'git rev-parse HEAD' prints it) [ledger.commit]"]),
        ("versions:\n" + entry("2026-11-24").replace("material: no", "material: maybe"),
         ["policy/versions.yaml:4:15: error: material 'maybe' in the entry 2026-11-24 must be 'yes' or 'no' "
          "[ledger.material]"]),
        ("versions:\n" + entry("2026-11-24", summary="Rettelser."),
         ["policy/versions.yaml:5:14: error: field 'summary' in the entry 2026-11-24 must map each language to its "
          "text, e.g. {da: ..., en: ...}, not text [ledger.type]"]),
        ("versions:\n" + entry("2026-11-24", summary="{da: Rettelser., en: ''}"),
         ["policy/versions.yaml:5:35: error: field 'summary.en' in the entry 2026-11-24 is empty [ledger.missing_field]"]),
        ("versions:\n  - date: 2026-11-24\n   commit: x\n",
         ["policy/versions.yaml:3:4: error: YAML syntax error: expected <block end>, but found '<block mapping start>' "
          "(while parsing a block collection started at line 2) [ledger.syntax]"]),
        # A quote left open takes in the fields below it: the quote is reported, not the fields it hides.
        ("versions:\n  - date: 2026-11-24\n    commit: \"" + SHA_A + "\n    material: no\"\n"
         "    summary: {da: Rettelser., en: Corrections.}\n",
         ["policy/versions.yaml:3:13: error: the quote \" opened here is closed only at line 4, column 17, and the value "
          "takes in everything up to there; close it on line 3 [ledger.quote]"]),
    ],
)  # fmt: skip
def test_parse_ledger(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


def test_the_ledger_on_main_is_valid() -> None:
    ledger = parse_ledger((REPO_ROOT / "policy" / "versions.yaml").read_text(encoding="utf-8"))
    assert ledger.problems == ()
    assert [(e.name, e.commit[:7], e.material) for e in ledger.entries] == [
        ("2026-11-24", "cb74824", False), ("2026-12-01", "604f12e", False)]
    assert ledger.entries[1].summary == {"da": "Redaktionelle rettelser.", "en": "Editorial corrections."}


def test_a_summary_must_be_in_each_language_of_the_version() -> None:
    (only_danish,) = parse_ledger("versions:\n" + entry("2026-11-24", summary="{da: Rettelser.}")).entries
    assert [p.format() for p in language_problems(only_danish, ("da", "en"))] == [
        "policy/versions.yaml:5:14: error: the summary of the entry 2026-11-24 has no en; its commit's conf.py declares "
        "the languages da, en [ledger.language_missing]"]
    assert language_problems(only_danish, ("da",)) == []


def test_released_entries_never_change() -> None:
    base = parse_ledger("versions:\n" + entry("2026-11-24") + entry("2026-12-01", SHA_B))
    changed = parse_ledger("versions:\n" + entry("2026-11-24", summary="{da: Rettelser., en: Fixes.}"))
    assert [p.format() for p in append_only_problems(changed, base, "HEAD")] == [
        "policy/versions.yaml:5:35: error: the released entry 2026-11-24 changed its summary.en (was 'Corrections.' at "
        "HEAD); a released entry never changes; release a new version instead [ledger.released_changed]",
        "policy/versions.yaml:5: error: the released entry 2026-12-01 (line 6 at HEAD) is missing here: it was "
        "removed; a released entry never changes; release a new version instead, and put it back "
        "[ledger.released_removed]",
    ]
    appended = parse_ledger("versions:\n" + entry("2026-11-24") + entry("2026-12-01", SHA_B) + entry("2027-01-01"))
    assert append_only_problems(appended, base, "HEAD") == []


def test_an_entry_written_by_make_release_reads_back_the_same() -> None:
    details = {"da": "Første afsnit, som er langt nok til at blive foldet over flere linjer i filen.\n\nAndet.",
               "en": 'A "quoted" text: with a colon'}
    written = Entry(dt.date(2026, 12, 15), SHA_A, True, {"da": "Ny leverandør: Zapier", "en": "yes"}, details, 0, 0)
    (read,) = parse_ledger("versions:\n" + entry_yaml(written, ("da", "en"))).entries
    assert (read.date, read.commit, read.material, dict(read.summary)) == (
        written.date, SHA_A, True, {"da": "Ny leverandør: Zapier", "en": "yes"})
    assert read.details["da"] == "Første afsnit, som er langt nok til at blive foldet over flere linjer i filen.\nAndet."
    assert read.details["en"] == details["en"]
    assert yaml.safe_load(entry_yaml(written, ("da", "en")).replace("  - ", "- ", 1).replace("\n    ", "\n  "))


# -- make check and make tags on a repository ------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Two versions, each released as make release does: content commit, then the ledger on top."""
    repo = tmp_path / "repo"
    (repo / "policy").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    ledger = "versions:\n"
    for number, date in enumerate(("2026-11-24", "2026-12-01"), start=1):
        (repo / "conf.py").write_text(f'site_languages = ["da", "en"]\nrelease = "{number}"\n', encoding="utf-8")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", f"Text {number}")
        commit = git(repo, "rev-parse", "HEAD").strip()
        ledger += entry(date, commit)
        (repo / "policy" / "versions.yaml").write_text(ledger, encoding="utf-8")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", f"Release {date}")
    return repo


def test_check_passes_then_names_the_line_of_an_edited_entry(repo: Path) -> None:
    assert ledger_command(repo, "check").returncode == 0
    path = repo / "policy" / "versions.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("en: Corrections.}", "en: Fixes.}", 1), encoding="utf-8")
    result = ledger_command(repo, "check")
    assert result.returncode == 1
    assert result.stderr == (
        "policy/versions.yaml:5:35: error: the released entry 2026-11-24 changed its summary.en (was 'Corrections.' at "
        "HEAD); a released entry never changes; release a new version instead [ledger.released_changed]\n"
        "ledger: 1 error, 0 warnings, 0 notices\n")


def test_check_on_a_branch_compares_with_the_merge_base(repo: Path) -> None:
    """In a pull request, its own new entry may still change; main's entries may not."""
    main_tip = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "switch", "-q", "-c", "next")
    (repo / "conf.py").write_text('site_languages = ["da", "en"]\nrelease = "3"\n', encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Text 3")
    commit = git(repo, "rev-parse", "HEAD").strip()
    path = repo / "policy" / "versions.yaml"
    path.write_text(path.read_text(encoding="utf-8") + entry("2027-01-01", commit), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Release 2027-01-01")
    path.write_text(path.read_text(encoding="utf-8").replace("Rettelser.", "Rettelser!"), encoding="utf-8")
    result = ledger_command(repo, "check")
    assert result.returncode == 1
    *lines, summary = result.stderr.splitlines()
    assert summary == "ledger: 2 errors, 0 warnings, 0 notices"
    assert [line.split(":")[1] for line in lines] == ["5", "9"]  # the two released entries, not the new one
    assert all(f"at the merge base with main ({main_tip[:7]})" in line for line in lines)


def test_check_names_a_commit_that_is_not_in_the_history(repo: Path) -> None:
    path = repo / "policy" / "versions.yaml"
    path.write_text(path.read_text(encoding="utf-8") + entry("2027-01-01", SHA_B), encoding="utf-8")
    result = ledger_command(repo, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"policy/versions.yaml:11:13: error: commit {SHA_B} of the entry 2027-01-01 is not in this clone (fetch it, or "
        "correct the SHA) [ledger.commit_missing]",
        "ledger: 1 error, 0 warnings, 0 notices"]


def test_make_tags_creates_the_missing_tags_on_the_ledgers_commits(repo: Path) -> None:
    result = ledger_command(repo, "tags")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "tags: created v2026-11-24, v2026-12-01\n"
    assert git(repo, "tag", "-l", "v*").split() == ["v2026-11-24", "v2026-12-01"]
    assert git(repo, "rev-parse", "v2026-11-24^{commit}").strip() == git(repo, "rev-parse", "HEAD~3").strip()
    assert git(repo, "cat-file", "-t", "v2026-12-01").strip() == "tag"
    assert git(repo, "tag", "-l", "--format=%(contents)", "v2026-12-01") == (
        "Rettelser.\n\nda: Rettelser.\nen: Corrections.\n\n")
    again = ledger_command(repo, "tags")
    assert (again.returncode, again.stdout) == (0, "tags: every version is tagged\n")


def test_make_tags_refuses_when_a_tag_disagrees(repo: Path) -> None:
    git(repo, "tag", "-a", "-m", "Moved", "v2026-11-24", "HEAD~1")
    git(repo, "tag", "v2026-01-01", "HEAD")
    result = ledger_command(repo, "tags")
    assert result.returncode == 1
    moved = git(repo, "rev-parse", "HEAD~1").strip()[:12]
    ledgered = git(repo, "rev-parse", "HEAD~3").strip()[:12]
    assert result.stderr.splitlines() == [
        "policy/versions.yaml: error: tag v2026-01-01 names no version in this file; delete it "
        "(git tag -d v2026-01-01) or release the version with make release [ledger.tag]",
        f"policy/versions.yaml:2: error: tag v2026-11-24 is on commit {moved}, but this entry gives {ledgered}; "
        "move it back: git tag -d v2026-11-24 && make tags [ledger.tag]",
        "tags: 2 errors, 0 warnings, 0 notices",
        "tags: no tag was created",
    ]
    # make check holds the tags to the ledger as make site and make tags do.
    check = ledger_command(repo, "check")
    assert check.returncode == 1
    assert check.stderr.splitlines()[:2] == result.stderr.splitlines()[:2]
    assert git(repo, "tag", "-l").split() == ["v2026-01-01", "v2026-11-24"]


def test_a_ledger_that_is_not_utf8_is_named_at_its_line_and_column(tmp_path: Path) -> None:
    from tools.sitebuild.ledger_repo import read_ledger

    (tmp_path / "policy").mkdir()
    (tmp_path / "policy" / "versions.yaml").write_bytes(b"versions:\n  - date: 2026-11-24 # \xe6\n")
    ledger = read_ledger(tmp_path)
    assert [p.format() for p in ledger.problems] == [
        "policy/versions.yaml:2:24: error: not valid UTF-8: byte 0xe6 cannot be decoded [ledger.encoding]"
    ]
