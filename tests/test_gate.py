"""The pull request's gate: each bad input ``make site`` would reject, caught by ``make check`` (and ``make
tags``, ``make release``), as one exact line with a non-zero exit, each problem once, never a traceback.

The tables specify the cases: the ledger's texts and its released entries (pure), ``make tags`` on small
repositories, then one ``make check`` run (``python -m tools.check``) on a synthetic history of the real
project whose pull request adds two versions that ``make site`` could not build.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.ledger_texts import SHA_A, SHA_B, entry, git, ledger_command, revision
from tests.support.synthetic import add_to_ledger, commit_all, edit, make_history, run_git
from tools.diagnostics import parse
from tools.editor.release import Request, written_entry_problems
from tools.project import REPO_ROOT
from tools.sitebuild.ledger import Revision, append_item, append_only_problems, parse_ledger, revision_yaml
from tools.sitebuild.ledger_repo import combine

RELEASED = "versions:\n" + entry("2026-11-24") + entry("2026-12-01", SHA_B)

# (id, the ledger now, the exact lines: its own problems, then those against RELEASED as the base)
LEDGER_CASES = [
    (
        "form-feed-escaped",
        "versions:\n" + entry("2026-11-24") + entry("2026-12-01", SHA_B) + entry(
            "2027-01-01", summary='{da: "Vilkår\\f og betingelser", en: Terms.}'),
        ["policy/versions.yaml:13:19: error: field 'summary.da' in the entry 2027-01-01 contains the character "
         "U+000C (form feed); a text may hold printable characters, new lines and tabs only: remove it "
         "[ledger.control_character]"],
    ),
    (
        "form-feed-typed",
        RELEASED + entry("2027-01-01", summary="{da: Vilkår\f, en: Terms.}"),
        ["policy/versions.yaml:13:25: error: YAML syntax error: unacceptable character #x000c: special characters "
         "are not allowed [ledger.syntax]"],
    ),
    (
        "c1-control-in-details",
        RELEASED + entry("2027-01-01") + '    details: {da: "Mere\\x85", en: More.}\n',
        ["policy/versions.yaml:14:19: error: field 'details.da' in the entry 2027-01-01 contains the character "
         "U+0085 (a control character); a text may hold printable characters, new lines and tabs only: remove "
         "it [ledger.control_character]"],
    ),
    (
        "non-character",
        RELEASED + entry("2027-01-01", summary='{da: "Ja\\uffff", en: Yes.}'),
        ["policy/versions.yaml:13:19: error: field 'summary.da' in the entry 2027-01-01 contains the character "
         "U+FFFF (a control character); a text may hold printable characters, new lines and tabs only: remove "
         "it [ledger.control_character]"],
    ),
    (
        "tab-and-newline-allowed",
        RELEASED + entry("2027-01-01") + '    details: {da: "Et\\tto\\n\\ntre", en: More.}\n',
        [],
    ),
    (
        "released-swapped",
        "versions:\n" + entry("2026-12-01", SHA_B) + entry("2026-11-24"),
        ["policy/versions.yaml:6:5: error: the released entry 2026-11-24 (line 2 at main) was moved here, out of "
         "its place; released entries keep their order, oldest first: move it back [ledger.released_moved]"],
    ),
    (
        "released-removed-first",
        "versions:\n" + entry("2026-12-01", SHA_B),
        ["policy/versions.yaml:2:5: error: the released entry 2026-11-24 (line 2 at main) is missing here: it was "
         "removed; a released entry never changes; release a new version instead, and put it back "
         "[ledger.released_removed]"],
    ),
    (
        "released-removed-last",
        "versions:\n" + entry("2026-11-24"),
        ["policy/versions.yaml:5: error: the released entry 2026-12-01 (line 6 at main) is missing here: it was "
         "removed; a released entry never changes; release a new version instead, and put it back "
         "[ledger.released_removed]"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in LEDGER_CASES], ids=[c[0] for c in LEDGER_CASES])
def test_ledger_cases(text: str, expected: list[str]) -> None:
    ledger = parse_ledger(text)
    own = [problem.diagnostic() for problem in ledger.problems]
    released = [] if ledger.unreadable else [  # as make check: a ledger that is not YAML is not compared
        problem.diagnostic() for problem in append_only_problems(ledger, parse_ledger(RELEASED), "main")]
    assert [str(diagnostic) for diagnostic in combine(own, released)] == expected


def test_release_refuses_a_control_character_at_the_line_it_would_write(tmp_path: Path) -> None:
    (tmp_path / "policy").mkdir()
    (tmp_path / "policy" / "versions.yaml").write_text(RELEASED, encoding="utf-8")
    summaries = {"da": "Vilkår\fog betingelser", "en": "Terms"}
    request = Request(date="2027-01-01", summary=summaries["da"], material="no", summaries=summaries)
    assert written_entry_problems(tmp_path, request, ("da", "en")) == [
        "policy/versions.yaml:15:11: error: field 'summary.da' in the entry 2027-01-01 contains the character "
        "U+000C (form feed); a text may hold printable characters, new lines and tabs only: remove it "
        "[ledger.control_character]"]
    fine = Request(date="2027-01-01", summary="Vilkår", material="no", summaries={"da": "Vilkår", "en": "Terms"})
    assert written_entry_problems(tmp_path, fine, ("da", "en")) == []


def test_a_feed_reader_shows_the_summary_as_typed() -> None:
    import feedparser

    from tools.sitebuild.feeds import render
    from tools.sitebuild.model import Built, SiteState
    from tools.sitebuild.versions import Version

    typed = "Vilkår & <betingelser>"
    version = Version("2027-01-01", dt.date(2027, 1, 1), SHA_A, 1_790_000_000, summary={"da": typed, "en": typed},
                      details={"da": "Mere om <b> & co.", "en": "x"})
    state = SiteState([Built(version, Path("unused"), ("da", "en"))], dt.date(2027, 2, 1))
    feed = feedparser.parse(render(state, "da", title="Privatliv & <cookies>", company="WEXO & <Co>"))
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Versioner af Privatliv & <cookies>"
    assert feed.feed.author == "WEXO & <Co>"
    assert feed.entries[0].title == "Versionen af 1. januar 2027: Vilkår & <betingelser>"
    assert feed.entries[0].summary == typed
    assert feed.entries[0].content[0].value == "Mere om <b> & co."


# -- make tags: the ledger checks first, then all tags or none -------------------------------------


def commit_text(repo: Path, conf: str) -> str:
    (repo / "conf.py").write_text(conf, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Text")
    return git(repo, "rev-parse", "HEAD").strip()


def aside(repo: Path) -> str:
    """A commit on another branch, not in HEAD's history."""
    git(repo, "switch", "-q", "-c", "aside")
    commit = commit_text(repo, 'site_languages = ["da", "en"]\nrelease = "aside"\n')
    git(repo, "switch", "-q", "main")
    return commit


CONF = 'site_languages = ["da", "en"]\n'
# (id, how the second entry's commit is made, its summary, the exact lines of make tags before its summary)
TAGS_CASES = [
    ("commit-not-on-the-branch", aside, "{da: To., en: Two.}",
     ["policy/versions.yaml:7:13: error: commit {short} of the entry 2026-12-01 is not an ancestor of HEAD; a "
      "version must be a commit of this branch's history [ledger.commit_not_ancestor]"]),
    ("missing-sha", lambda repo: SHA_B, "{da: To., en: Two.}",
     [f"policy/versions.yaml:7:13: error: commit {SHA_B} of the entry 2026-12-01 is not in this clone (fetch it, "
      "or correct the SHA) [ledger.commit_missing]"]),
    ("entry-lacking-a-language", lambda repo: commit_text(repo, CONF + 'release = "2"\n'), "{da: To.}",
     ["policy/versions.yaml:9:14: error: the summary of the entry 2026-12-01 has no en; its commit's conf.py "
      "declares the languages da, en [ledger.language_missing]"]),
    ("conf-py-raises", lambda repo: commit_text(repo, CONF + 'raise RuntimeError("broken conf")\n'),
     "{da: To., en: Two.}",
     ["policy/versions.yaml:6: error: version 2026-12-01 (commit {short}): conf.py:2: cannot read the site's "
      "languages: RuntimeError: broken conf [languages.config]"]),
]


@pytest.mark.parametrize(("make_commit", "summary", "expected"), [c[1:] for c in TAGS_CASES],
                         ids=[c[0] for c in TAGS_CASES])
def test_make_tags_checks_the_ledger_first_and_creates_no_tag(tmp_path: Path, make_commit, summary: str,
                                                              expected: list[str]) -> None:
    repo = tmp_path / "repo"
    (repo / "policy").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    first = commit_text(repo, CONF)
    second = make_commit(repo)
    ledger = "versions:\n" + entry("2026-11-24", first) + entry("2026-12-01", second, summary=summary)
    (repo / "policy" / "versions.yaml").write_text(ledger, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Ledger")
    result = ledger_command(repo, "tags")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [line.replace("{short}", second[:12]) for line in expected] + [
        "tags: 1 error, 0 warnings, 0 notices", "tags: no tag was created"]
    assert "Traceback" not in result.stderr
    assert git(repo, "tag", "-l") == ""


def test_make_tags_creates_all_or_none(tmp_path: Path) -> None:
    """If git fails on a later tag, the tags created before it are deleted again."""
    from tools.sitebuild.ledger_repo import make_tags

    repo = tmp_path / "repo"
    (repo / "policy").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    first = commit_text(repo, CONF)
    second = commit_text(repo, CONF + 'release = "2"\n')
    ledger = parse_ledger("versions:\n" + entry("2026-11-24", first) + entry("2026-12-01", second))
    (repo / ".git" / "refs" / "tags" / "v2026-12-01.lock").write_text("", encoding="utf-8")  # git cannot write it
    created, problems = make_tags(repo, ledger)
    assert created == []
    assert len(problems) == 1 and problems[0].startswith("tag v2026-12-01: 'git tag --annotate")
    assert git(repo, "tag", "-l") == ""


# -- make check on the real project: a pull request that adds two versions make site could not build --------


KLAGE_PO = "locale/en/LC_MESSAGES/policy/klage.po"


@pytest.fixture(scope="module")
def pull_request(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """main with one released version; a branch whose ledger adds a version citing {gdpr}`100` and one whose
    conf.py raises (the branch's own text fixes both); then ``python -m tools.check`` on it."""
    workdir = tmp_path_factory.mktemp("gate")
    repo = workdir / "repo"
    make_history(repo, [dt.date(2026, 11, 24)])
    run_git(repo, "switch", "-q", "-c", "pull-request")
    # A revision of the released version's English whose catalog cites {gdpr}`100` (its Danish unchanged).
    edit(repo, KLAGE_PO, "Protection Agency at [www", "Protection Agency ({gdpr}`100`) at [www")
    commit_all(repo, "The English cites Article 100", dt.datetime(2026, 11, 30, 9, 0))
    revised = run_git(repo, "rev-parse", "HEAD").strip()
    edit(repo, KLAGE_PO, "Protection Agency ({gdpr}`100`) at [www", "Protection Agency at [www")
    klage = repo / "policy" / "klage.md"
    original_klage = klage.read_text(encoding="utf-8")
    # The paragraph whose English the revision breaks.
    revised_line = next(number for number, line in enumerate(original_klage.splitlines(), 1)
                        if line.startswith("Du har ret til at indgive en klage"))
    text = original_klage.rstrip("\n") + "\n\n"
    klage_line = len(text.splitlines()) + 1
    klage.write_text(text + "Se {gdpr}`100`.\n", encoding="utf-8")
    when = dt.datetime(2026, 12, 1, 9, 0)
    commit_all(repo, "Cites Article 100", when)
    cites = run_git(repo, "rev-parse", "HEAD").strip()
    conf = repo / "conf.py"
    original_conf = conf.read_text(encoding="utf-8")
    conf_line = len(original_conf.splitlines()) + 1
    conf.write_text(original_conf + 'raise RuntimeError("broken conf")\n', encoding="utf-8")
    commit_all(repo, "conf.py raises", when)
    raises = run_git(repo, "rev-parse", "HEAD").strip()
    klage.write_text(original_klage, encoding="utf-8")
    conf.write_text(original_conf, encoding="utf-8")
    commit_all(repo, "Both fixed", when)
    summary = {"da": "Ny", "en": "New"}
    add_to_ledger(repo, dt.date(2027, 1, 1), cites, when, summary=summary)
    add_to_ledger(repo, dt.date(2027, 2, 1), raises, when, summary=summary)
    ledger = repo / "policy" / "versions.yaml"
    ledger.write_text(append_item(ledger.read_text(encoding="utf-8"), "revisions", revision_yaml(Revision(
        dt.date(2026, 11, 24), "en", dt.date(2026, 12, 6), revised, {"en": "Cites Article 100."}, 0, 0))),
        encoding="utf-8")
    commit_all(repo, "Revise the English translation of 2026-11-24", when)
    lines = ledger.read_text(encoding="utf-8").splitlines()
    process = subprocess.run(
        [sys.executable, "-m", "tools.check", "--repo", str(repo), "--builddir", str(workdir / "build")],
        cwd=REPO_ROOT, capture_output=True, encoding="utf-8", check=False)
    return {"process": process, "cites": cites, "raises": raises, "klage_line": klage_line, "conf_line": conf_line,
            "revised": revised, "revised_klage_line": revised_line, "revision_line": lines.index("  - version: 2026-11-24") + 1,
            "entry_lines": [lines.index(f"  - date: {date}") + 1 for date in ("2027-01-01", "2027-02-01")]}


def test_make_check_builds_the_new_versions_and_names_ledger_line_and_file_line(pull_request) -> None:
    process = pull_request["process"]
    cites_line, raises_line = pull_request["entry_lines"]
    assert process.returncode == 1, process.stderr
    *problems, summary = process.stderr.splitlines()
    notices = [line for line in problems if parse(line) is not None and parse(line).severity == "notice"]
    assert [line for line in problems if line not in notices] == [
        f"policy/versions.yaml:{raises_line}: error: version 2027-02-01 (commit {pull_request['raises'][:12]}): "
        f"conf.py:{pull_request['conf_line']}: cannot read the site's languages: RuntimeError: broken conf "
        "[languages.config]",
        f"policy/versions.yaml:{pull_request['revision_line']}: error: revision 2026-12-06 of version 2026-11-24 "
        f"(en, commit {pull_request['revised'][:12]}): policy/klage.md:{pull_request['revised_klage_line']}: in the "
        "translation: invalid GDPR reference '100': Article 100 does not exist: the GDPR has Articles 1–99 "
        "[gdpr.reference]",
        f"policy/versions.yaml:{cites_line}: error: version 2027-01-01 (commit {pull_request['cites'][:12]}): "
        f"policy/klage.md:{pull_request['klage_line']}: invalid GDPR reference '100': Article 100 does not exist: "
        "the GDPR has Articles 1–99 [gdpr.reference]",
    ]
    assert summary == f"check: 3 errors, 0 warnings, {len(notices)} notices; 2 language(s)"
    assert process.stdout == ("check: building 2 new version(s) and revision(s) as make site does: 2027-01-01, "
                              "en revision 2026-12-06 of 2026-11-24\n")


def test_make_check_prints_no_line_twice_and_no_traceback(pull_request) -> None:
    lines = pull_request["process"].stderr.splitlines()
    assert len(lines) == len(set(lines))
    assert "Traceback" not in pull_request["process"].stderr


def test_make_site_reports_a_failed_revision_at_its_ledger_line(tmp_path: Path) -> None:
    """make site and make check print a failed build through the same function: a revision's unit name is
    not a date, and its problems are at the revision's line, naming the revision's own commit."""
    from tools.sitebuild.driver import BuildFailure, SiteDriver, revision_unit
    from tools.sitebuild.versions import version_of

    ledger = parse_ledger("versions:\n" + entry("2026-11-24") + "revisions:\n"
                          + revision("2026-11-24", "2026-12-06", summary="{en: Fix.}"))
    [revised] = ledger.revisions
    version = version_of(ledger.entries[0], 0, ledger.revisions)
    driver = SiteDriver(tmp_path, tmp_path / "cache", [version], revisions_only=[version.name])
    driver.failures.append(BuildFailure(revision_unit(version, revised), SHA_A,
                                        "policy/klage.md:4: error: in the translation: bad [gdpr.reference]"))
    assert [str(d) for d in driver.failure_diagnostics(ledger)] == [
        f"policy/versions.yaml:7: error: revision 2026-12-06 of version 2026-11-24 (en, commit {SHA_B[:12]}): "
        "policy/klage.md:4: in the translation: bad [gdpr.reference]"]


# (id, the new entries' dates, the new revisions' dates, lines with a problem, what is built: the versions,
#  the revisions (version/date), the released versions whose revision alone is built)
TO_BUILD_CASES = [
    ("new-revision-of-a-released-version", ["2026-12-01"], ["2026-12-06"], [],
     (["2026-12-01"], ["2026-11-24/2026-12-06"], ["2026-11-24"])),
    ("released-revision-not-rebuilt", [], [], [], ([], [], [])),
    ("revision-with-a-problem-not-built", [], ["2026-12-06"], [12], ([], [], [])),
    ("revision-of-a-new-version-with-a-problem-not-built", ["2026-12-01"], ["2026-12-07"], [7],
     ([], [], [])),
    ("revision-of-a-new-version-built-with-it", ["2026-12-01"], ["2026-12-07"], [],
     (["2026-12-01"], ["2026-12-01/2026-12-07"], [])),
]


@pytest.mark.parametrize(("new", "new_revisions", "problem_lines", "expected"), [c[1:] for c in TO_BUILD_CASES],
                         ids=[c[0] for c in TO_BUILD_CASES])
def test_make_check_builds_what_is_new_and_has_no_problem_of_its_own(new, new_revisions, problem_lines,
                                                                     expected) -> None:
    from tools.check import to_build
    from tools.diagnostics import Diagnostic

    # Lines: the entries at 2 and 6, the revisions at 11 and 16.
    ledger = parse_ledger(RELEASED + "revisions:\n" + revision("2026-11-24", "2026-12-06")
                          + revision("2026-12-01", "2026-12-07"))
    assert not ledger.problems and [r.line for r in ledger.revisions] == [11, 16]
    problems = [Diagnostic("policy/versions.yaml", line, 1, message="bad", code="x") for line in problem_lines]
    entries, revisions, revised = to_build(
        ledger, [e for e in ledger.entries if e.name in new], [r for r in ledger.revisions if r.name in new_revisions],
        problems)
    assert ([e.name for e in entries], [f"{r.version.isoformat()}/{r.name}" for r in revisions],
            [e.name for e in revised]) == expected
