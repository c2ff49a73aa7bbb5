"""Release a dated version: check that nothing is unfinished, write the ledger entry, tag ``vYYYY-MM-DD``.

``make release DATE=2026-12-15 SUMMARY_da="…" SUMMARY_en="…" [DETAILS_da=… DETAILS_en=…]
[MATERIAL=yes]`` runs this (``SUMMARY`` is the source language's summary). It
refuses, listing every reason at once, unless:

- the date is a real date, later than the latest version's in ``policy/versions.yaml``;
- there is a one-line summary in every language of the text (and details, if
  given, in every language too), and the ledger itself is valid;
- the working tree is clean (the tag names a commit, so what was checked must be committed);
- the translations are complete, with no fuzzy entry;
- the strict check (``make check``) passes;
- a material change (vendors or GDPR references changed) is declared with
  ``MATERIAL=yes`` (or, having read the redline, ``MATERIAL=no``).

Then the checked, clean commit ``HEAD`` is the version. The tool appends its
entry (date, commit, material, summaries, details) to the ledger, commits the
ledger on top, and creates the annotated tag ``vDATE`` on the version's commit.
The tag's message is the headline, the summary of changes since the latest
version (sections, vendors, GDPR references), and a ``Material-change: yes``
trailer when the editor says so. It never pushes: it prints what to do next.

``make release TRANSLATION=en VERSION=2026-12-01 DATE=2026-12-06 SUMMARY_en="…"``
releases a *translation revision* instead: the version's English pages and PDF
are published anew from ``HEAD``'s catalogs, from DATE on, and the version's
Danish text stays as it is. The same guards apply (clean tree, complete
translations, the strict check), and the ledger's own checks for a revision:
VERSION is in the ledger, DATE is not before it and not a second revision that
day, the language is a translation, and the source documents of ``HEAD`` (or of
``COMMIT=<sha>``, a commit of this branch's history whose catalogs are the
revision) are the version's (else the first differing section is named, at the
ledger's line). The
entry is appended under ``revisions:`` and committed; no tag is made (the tags name
versions, and the version's tag stays on its commit).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sphinx.errors import ConfigError

from tools import git
from tools.editor import redline as editor_redline
from tools.editor.material import MaterialError, Summary
from tools.editor.redline import RedlineError
from tools.git import GitError
from tools.languages import site_languages
from tools.sitebuild.ledger import (
    LEDGER_HEADER,
    LEDGER_PATH,
    Entry,
    Revision,
    append_item,
    entry_yaml,
    parse_ledger,
    revision_yaml,
)
from tools.sitebuild.ledger_repo import languages_reader, latest_version_ref, read_ledger, revision_problems

# Lines of a failed command's output worth showing: Sphinx's and make's errors.
_ERROR_LINE = re.compile(r"WARNING|ERROR|Error|error:|CRITICAL")
_MAX_LINES = 20


@dataclass(frozen=True)
class Request:
    """What the editor asked for."""

    date: str
    summary: str  # in the source language
    material: str = ""
    details: str = ""  # what readers are told, in paragraphs, below the headline
    #: Every language's summary and details (the source language's included).
    summaries: dict[str, str] | None = None
    all_details: dict[str, str] | None = None

    @property
    def tag(self) -> str:
        return git.tag_name(self.date)

    @property
    def is_material(self) -> bool:
        return self.material.strip().lower() == "yes"


# -- The conditions: each returns the reasons it is not met (empty: met) ---------------


def date_problems(date: str, latest_tag: str | None) -> list[str]:
    """DATE must be YYYY-MM-DD, a real date, and later than the latest version."""
    if not date:
        return ["DATE is not given: say when the version takes effect, e.g. DATE=2026-12-15"]
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        return [f"DATE={date} is not in the form YYYY-MM-DD"]
    try:
        effective = dt.date.fromisoformat(date)
    except ValueError:
        return [f"DATE={date} is not a date in the calendar"]
    latest = git.tag_date(latest_tag) if latest_tag else None
    if latest is not None and effective <= latest:
        return [f"DATE={date} is not after the latest version, {latest_tag}; a new version must take effect later"]
    return []


def request_problems(request: Request) -> list[str]:
    problems = []
    if not request.summary.strip():
        problems.append('SUMMARY is empty: give a one-line headline for the change, e.g. SUMMARY="Ny leverandør: Zapier"')
    elif "\n" in request.summary.strip():
        problems.append("SUMMARY must be one line (it becomes the headline on the versions page)")
    if request.material.strip().lower() not in ("", "yes", "no"):
        problems.append(f"MATERIAL={request.material} must be 'yes' or 'no'")
    return problems


def language_problems(request: Request, languages: Sequence[str]) -> list[str]:
    """A one-line summary in every language; details in every language or in none."""
    summaries = request.summaries or {}
    details = {lang: text for lang, text in (request.all_details or {}).items() if text.strip()}
    problems = []
    for language in languages[1:]:
        text = summaries.get(language, "").strip()
        if not text:
            problems.append(f'SUMMARY_{language} is empty: give the one-line headline in {language} too, '
                            f'e.g. SUMMARY_{language}="..."')
        elif "\n" in text:
            problems.append(f"SUMMARY_{language} must be one line")
    if details:
        for language in languages:
            if language not in details:
                problems.append(f"DETAILS_{language} is empty: the details are given in "
                                f"{', '.join(sorted(details))}, so give them in {language} too")
    return problems


def material_problems(changes: Summary | None, material: str) -> list[str]:
    """A material change must be declared: MATERIAL=yes, or MATERIAL=no after reading the redline."""
    if changes is None or not changes.material or material.strip():
        return []
    what = " and ".join(
        name for name, diff in (("vendors", changes.vendors), ("GDPR references", changes.gdpr)) if diff.changed
    )
    return [
        f"the {what} changed since {changes.base}, a material change (WP260 ¶29–30): "
        "say MATERIAL=yes (readers are told ahead of the date), or MATERIAL=no after reading 'make redline'"
    ]


def clean_tree_problems(status_lines: Sequence[str]) -> list[str]:
    """The working tree must have no uncommitted or untracked file."""
    if not status_lines:
        return []
    shown = [f"  {line}" for line in status_lines[:_MAX_LINES]]
    more = [f"  … and {len(status_lines) - _MAX_LINES} more"] if len(status_lines) > _MAX_LINES else []
    return ["the working tree is not clean; commit or remove these files first:\n" + "\n".join(shown + more)]


def command_problems(description: str, command: Sequence[str], cwd: Path) -> list[str]:
    """Run *command*; if it fails, one reason with the error lines it printed."""
    result = subprocess.run(list(command), cwd=cwd, capture_output=True, check=False, encoding="utf-8")
    if result.returncode == 0:
        return []
    output = (result.stdout + result.stderr).splitlines()
    errors = [line for line in output if _ERROR_LINE.search(line)] or output[-5:]
    shown = [f"  {line}" for line in errors[:_MAX_LINES]]
    if len(errors) > _MAX_LINES:
        shown.append(f"  … and {len(errors) - _MAX_LINES} more")
    return [f"{description} failed ('{shlex.join(command)}', exit {result.returncode}):\n" + "\n".join(shown)]


def translation_problems(project: Path, make: Sequence[str]) -> list[str]:
    """Are the translations complete, with no fuzzy entry, and do they hold all of the current text?

    The translators' ``make check-po RELEASE=1`` answers all three: it extracts the
    current source text and compares it with the catalogs
    (:mod:`tools.i18n.catalogs`), so a new paragraph that nobody merged into the
    ``.po`` files is found too.
    """
    return command_problems("the translation check", [*make, "check-po", "RELEASE=1"], project)


# -- The tag ------------------------------------------------------------------------------


def refusal(what: str, problems: Sequence[str]) -> list[str]:
    """The lines that refuse a release: how many reasons, then one line each."""
    return [f"Refusing to release {what}, for {len(problems)} reason(s):", *(f"- {problem}" for problem in problems)]


def tag_message(request: Request, summary_lines: Sequence[str]) -> str:
    """The tag message (:func:`tools.git.tag_message`): headline, each language's summary, the readers'
    details, below git's scissors line the summary of changes for reviewers, and the trailer."""
    return git.tag_message(request.summary, summaries=request.summaries, languages=list(request.summaries or ()),
                           details=request.details, reviewers=summary_lines, material=request.is_material)


def next_steps(request: Request, today: dt.date, remote: str = "origin") -> list[str]:
    steps = [
        f"Added the version to {LEDGER_PATH} in a new commit, and tagged {request.tag} on the checked commit "
        "below it. Nothing was pushed. Next:",
        f"  1. Push the commit and the tag: git push {remote} HEAD {request.tag}",
        "     and have the ledger entry reviewed (a pull request); once it is on main,",
        "     GitHub Actions builds every version in the ledger and publishes the site.",
    ]
    if request.is_material:
        effective = dt.date.fromisoformat(request.date)
        steps.append(
            f"  2. This is a material change: notify readers before it takes effect on {request.date} "
            "(EDPB transparency guidelines, WP260 ¶29–30), e.g. by e-mail to customers and newsletter "
            "subscribers and a notice on the website."
        )
        if effective <= today:
            steps.append(
                f"     Warning: {request.date} is not in the future, so readers get no notice ahead of the change."
            )
    steps.append(f"To undo before pushing: git tag -d {request.tag} && git reset --hard HEAD^")
    return steps


def ledger_problems(project: Path) -> list[str]:
    ledger = read_ledger(project)
    if ledger is None:
        return []
    return [f"{LEDGER_PATH} is not valid: {problem.format()}" for problem in ledger.problems]


def ledger_with_entry(project: Path, request: Request, commit: str, languages: Sequence[str]) -> tuple[str, int]:
    """The ledger's text with the request's entry for *commit* appended, and the line where the entry starts."""
    summaries = {lang: text.strip() for lang, text in (request.summaries or {}).items() if text.strip()}
    details = {lang: text.strip() for lang, text in (request.all_details or {}).items() if text.strip()}
    entry = Entry(dt.date.fromisoformat(request.date), commit, request.is_material, summaries, details, 0, 0)
    path = project / LEDGER_PATH
    text = path.read_text(encoding="utf-8") if path.is_file() else LEDGER_HEADER
    item = entry_yaml(entry, languages)
    # At the end of the versions, before the translation revisions if there are any.
    written = append_item(text, "versions", item)
    return written, written[: written.index(item)].count("\n") + 1


def written_entry_problems(project: Path, request: Request, languages: Sequence[str]) -> list[str]:
    """The entry as it would be written, read back by the ledger's parser: each problem at its line and column.

    So a text the ledger refuses (a control character pasted into a summary) is
    refused here, at ``policy/versions.yaml:LINE:COL``, before anything is written.
    """
    try:
        dt.date.fromisoformat(request.date)
    except ValueError:
        return []  # date_problems says why
    text, first_line = ledger_with_entry(project, request, "0" * 40, languages)
    return [problem.format() for problem in parse_ledger(text).problems
            if problem.line >= first_line and problem.code not in _REQUEST_CHECKED]


#: Ledger problems that the request's own checks already name by variable (DATE, SUMMARY_en, MATERIAL).
_REQUEST_CHECKED = frozenset({"missing_field", "type", "date", "date_order", "date_repeated", "summary_lines",
                              "material", "language"})


def write_entry(project: Path, request: Request, commit: str, languages: Sequence[str]) -> None:
    """Append the request's entry for *commit* to the ledger (created with its header if missing)."""
    text, _ = ledger_with_entry(project, request, commit, languages)
    (project / LEDGER_PATH).write_text(text, encoding="utf-8")


def release(
    project: Path,
    request: Request,
    *,
    check_command: Sequence[str],
    make: Sequence[str],
    today: dt.date,
    summarise=None,
    languages: Sequence[str],
) -> tuple[int, list[str]]:
    """Check every condition; write the entry, commit it and tag if all are met. Returns (exit status, lines to print)."""
    latest = latest_version_ref(project)
    latest_name = git.tag_name(read_ledger(project).latest.name) if latest else None  # type: ignore[union-attr]
    problems = request_problems(request) + language_problems(request, languages)
    problems += date_problems(request.date, latest_name) + ledger_problems(project)
    problems += written_entry_problems(project, request, languages)
    try:
        changes = editor_redline.material_changes(project, latest) if latest else None
    except MaterialError as error:
        changes, problems = None, [*problems, str(error)]
    problems += material_problems(changes, request.material)
    problems += clean_tree_problems(git.status(project))
    problems += translation_problems(project, make)
    problems += command_problems("the strict check", check_command, project)
    if problems:
        return 1, refusal(request.tag, problems)

    summary_lines = []
    if latest is None:
        summary_lines = ["The first dated version."]
    elif summarise is not None:
        summary_lines = summarise(project, latest)
    message = tag_message(request, summary_lines)
    content = git.resolve(project, "HEAD")
    write_entry(project, request, content, languages)
    git.git(project, "add", LEDGER_PATH)
    git.git(project, "commit", "--quiet", "--message", f"Release {request.tag}: {request.summary.strip()}\n\n"
            f"Add the version of {request.date} (commit {content[:12]}) to the ledger.")
    git.git(project, "tag", "--annotate", "--cleanup=whitespace", "--file=-", request.tag, content, input_text=message)
    return 0, [*message.rstrip("\n").splitlines(), "", *next_steps(request, today)]


# -- A translation revision -----------------------------------------------------------------


@dataclass(frozen=True)
class RevisionRequest:
    """What the editor asked for with ``TRANSLATION=<language> VERSION=<date>``."""

    language: str
    version: str
    date: str
    summary: str
    #: The commit whose catalogs are the revised translation (``COMMIT=``); default ``HEAD``.
    commit: str = ""

    @property
    def name(self) -> str:
        return f"the {self.language} translation of version {self.version}, revised on {self.date}"


def revision_request_problems(request: RevisionRequest, languages: Sequence[str]) -> list[str]:
    """The request itself: dates of the form YYYY-MM-DD, a translation language, a one-line summary."""
    problems = []
    for name, value in (("VERSION", request.version), ("DATE", request.date)):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            problems.append(f"{name}={value} is not in the form YYYY-MM-DD" if value else
                            f"{name} is not given, e.g. {name}=2026-12-01")
    if request.language not in languages[1:]:
        problems.append(f"TRANSLATION={request.language} is not a translation: the translations are "
                        f"{', '.join(languages[1:]) or 'none'} ({languages[0]} is the source language)")
    text = request.summary.strip()
    if not text:
        problems.append(f'SUMMARY_{request.language} is empty: say in {request.language} what the revision '
                        f'corrects, e.g. SUMMARY_{request.language}="..."')
    elif "\n" in text:
        problems.append(f"SUMMARY_{request.language} must be one line")
    return problems


def revision_ledger_text(project: Path, request: RevisionRequest, commit: str) -> str:
    """The ledger with the requested revision appended, as ``make release`` would write it."""
    path = project / LEDGER_PATH
    text = path.read_text(encoding="utf-8") if path.is_file() else LEDGER_HEADER
    revision = Revision(dt.date.fromisoformat(request.version), request.language, dt.date.fromisoformat(request.date),
                        commit, {request.language: request.summary.strip()}, 0, 0)
    return append_item(text, "revisions", revision_yaml(revision))


def release_revision(
    project: Path, request: RevisionRequest, *, check_command: Sequence[str], make: Sequence[str],
    languages: Sequence[str], languages_of=None,
) -> tuple[int, list[str]]:
    """Check every condition; append the revision to the ledger and commit it if all are met."""
    problems = revision_request_problems(request, languages)
    commit = git.resolve(project, request.commit or "HEAD")
    if git.git(project, "merge-base", "--is-ancestor", commit, "HEAD", check=False).returncode != 0:
        problems.append(f"COMMIT={request.commit} is not in this branch's history: merge it first")
    text = None
    if not problems:
        text = revision_ledger_text(project, request, commit)
        ledger = parse_ledger(text)
        problems += [f"{LEDGER_PATH} would not be valid: {problem.format()}" for problem in ledger.problems]
        if not ledger.problems:
            new = [r for r in ledger.revisions if r.commit == commit and r.name == request.date]
            problems += [problem.format() for problem in
                         revision_problems(project, dataclasses.replace(ledger, revisions=tuple(new)),
                                           languages_reader(project, languages_of))]
    problems += clean_tree_problems(git.status(project))
    problems += translation_problems(project, make)
    problems += command_problems("the strict check", check_command, project)
    if problems:
        return 1, refusal(request.name, problems)
    assert text is not None  # no problem, so the request was valid: write the ledger that was checked
    (project / LEDGER_PATH).write_text(text, encoding="utf-8")
    git.git(project, "add", LEDGER_PATH)
    git.git(project, "commit", "--quiet", "--message",
            f"Revise the {request.language} translation of v{request.version}: {request.summary.strip()}\n\n"
            f"Publish the {request.language} translation of commit {commit[:12]} as a revision of the version "
            f"of {request.version}, from {request.date}; its {languages[0]} text is unchanged.")
    return 0, [
        f"Added {request.name} to {LEDGER_PATH} in a new commit (translation of commit {commit[:12]}). "
        "Nothing was pushed, and no tag was made. Next:",
        "  1. Push the commit and have the ledger entry reviewed (a pull request); once it is on main,",
        f"     the site publishes the revised {request.language} pages and PDF of {request.version}, "
        "and keeps the previous translation.",
        "To undo before pushing: git reset --hard HEAD^",
    ]


def _summarise_with_redline(project: Path, base: str) -> list[str]:
    return editor_redline.summary_lines(project, base)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.editor.release", description=__doc__.splitlines()[0])
    parser.add_argument("--date", default="", help="effective date, YYYY-MM-DD")
    parser.add_argument("--summary", default="", help="one-line headline of the change")
    parser.add_argument("--details", default="", help="what readers are told about the change (versions page)")
    parser.add_argument("--material", default="", help="'yes' if readers must be told ahead of the date")
    parser.add_argument("--project", type=Path, default=Path("."), help="the repository (default: .)")
    parser.add_argument("--check-command", default="make --no-print-directory check", help="the strict check")
    parser.add_argument("--make", default="make --no-print-directory", help="how to call make")
    parser.add_argument("--translation", default="", help="revise this language's translation of --version")
    parser.add_argument("--version", default="", help="with --translation: the version whose translation is revised")
    parser.add_argument("--commit", default="", help="with --translation: the commit of the revised catalogs (HEAD)")
    parser.add_argument("--today", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    project = args.project.resolve()
    try:
        languages = site_languages(project)
    except ConfigError as error:
        print(f"release: {error}; nothing was released", file=sys.stderr)
        return 2
    # SUMMARY_<lang> and DETAILS_<lang> (make passes its command-line variables on);
    # --summary/--details are the source language's.
    source = languages[0]
    summaries = {lang: os.environ.get(f"SUMMARY_{lang}", "") for lang in languages}
    if args.translation:
        revision = RevisionRequest(args.translation.strip(), args.version.strip(), args.date.strip(),
                                   summaries.get(args.translation.strip(), "") or args.summary, args.commit.strip())
        try:
            status, lines = release_revision(project, revision, check_command=shlex.split(args.check_command),
                                             make=shlex.split(args.make), languages=languages)
        except GitError as error:
            print(f"release: {error}; nothing was released", file=sys.stderr)
            return 2
        print("\n".join(lines), file=sys.stderr if status else sys.stdout)
        return status
    summaries[source] = args.summary or summaries[source]
    details = {lang: os.environ.get(f"DETAILS_{lang}", "") for lang in languages}
    details[source] = args.details or details[source]
    request = Request(date=args.date.strip(), summary=summaries[source], material=args.material,
                      details=details[source], summaries=summaries, all_details=details)
    try:
        status, lines = release(
            project,
            request,
            check_command=shlex.split(args.check_command),
            make=shlex.split(args.make),
            today=today,
            summarise=_summarise_with_redline,
            languages=languages,
        )
    except (GitError, RedlineError, MaterialError) as error:
        print(f"release: {error}; nothing was released", file=sys.stderr)
        return 2
    print("\n".join(lines), file=sys.stderr if status else sys.stdout)
    return status


if __name__ == "__main__":
    sys.exit(main())
