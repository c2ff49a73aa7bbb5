"""``make check``: the pull request's gate, every check ``make site`` would fail, each problem once.

``python -m tools.check`` runs, in this order, and reports through one
:class:`tools.diagnostics.Report`:

1. the site's languages (``conf.py``'s ``site_languages``);
2. the gettext build (the ``.pot`` templates) and the translators' ``.po`` check
   (:mod:`tools.i18n.check`, ``--release`` with ``RELEASE=1``);
3. the ledger (:func:`tools.sitebuild.ledger_repo.ledger_problems`): its text, its commits,
   each entry's languages, released entries unchanged;
4. the processing facts (:mod:`tools.editor.review_facts`): a quote the text has
   lost is an error, a fact whose sentence changed since the ledger's latest
   version a notice (review it);
5. every ledger entry that is new since the base of the append-only check (the
   merge base with ``main``; see :mod:`tools.sitebuild.ledger_repo`), built strictly
   from its own commit, in that commit's languages, by the code ``make site`` runs
   (:class:`tools.sitebuild.driver.SiteDriver`, into the same cache, so ``make
   site`` reuses the build). Released entries are not rebuilt: they were checked
   when they were added;
6. the working tree, built strictly in every language (``sphinx-build -E -W -n``).

Every problem is one line, ``path:line[:col]: error|warning|notice: message [code]``
(Sphinx's warnings mapped to it), printed once even when several steps find it
(the gettext and HTML builds read the same text), then one summary line. Exit
status 1 if there is an error.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import os
import shutil
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tools.diagnostics import (
    WHOLE_TREE,
    Diagnostic,
    Report,
    exception_diagnostic,
    parse,
    sphinx_diagnostics,
    sphinx_notices,
)
from tools.git import GitError

if TYPE_CHECKING:
    from collections.abc import Callable

    from tools.sitebuild.ledger import Entry, Ledger, Revision

#: What ``make check`` calls itself in its summary line.
TOOL = "check"


@dataclass
class Gate:
    """What the checks need: the repository, where to build, and what they found out on the way."""

    repo: Path
    builddir: Path
    cache: Path
    release: bool = False
    jobs: int = 2
    languages: tuple[str, ...] = ()
    #: The names of the ledger's new versions that were built (or found in the cache).
    built: list[str] = field(default_factory=list)
    #: The working tree's ledger, as :func:`check_ledger` read it (None: there is none).
    ledger: Ledger | None = None
    #: What :func:`check_ledger` found: an entry with a problem of its own is not built.
    ledger_problems: list[Diagnostic] = field(default_factory=list)
    #: Sphinx could not start on the working tree (conf.py or an extension raised): not tried again.
    cannot_build: bool = False
    #: Languages that lack a file (:func:`tools.i18n.language_files.incomplete_languages`): not built strictly.
    incomplete: list[str] = field(default_factory=list)


# -- the checks, in order -------------------------------------------------------------


def check_languages(gate: Gate) -> list[Diagnostic]:
    """The working tree's languages; a ``conf.py`` that cannot be read stops the gate here."""
    from tools.languages import LanguageError, site_languages

    try:
        gate.languages = site_languages(gate.repo)
    except LanguageError as error:  # a code Babel does not know, a list given twice: each at its place
        return error.diagnostics
    except Exception as error:  # noqa: BLE001 (a conf.py that raises: one line at its file:line)
        return [exception_diagnostic(error, gate.repo, "cannot read the site's languages", code="languages.config")]
    return []


def check_translations(gate: Gate) -> list[Diagnostic]:
    """The gettext build's warnings, then :mod:`tools.i18n.check` on every translation's catalogs."""
    from tools.i18n import check as check_po
    from tools.i18n.language_files import incomplete_languages

    pot_dir = gate.builddir / "gettext"
    shutil.rmtree(pot_dir, ignore_errors=True)
    found = sphinx_build(gate, "gettext", pot_dir, gate.builddir / "doctrees" / "gettext", {})
    gate.cannot_build = any(d.code == "sphinx.config" for d in found)
    translations = gate.languages[1:]
    if translations and not gate.cannot_build:  # no templates without a build
        argv = ["check", "--glossary", "locale/glossary.csv", "--pot-dir", str(pot_dir),
                *(["--release"] if gate.release else []), *(f"locale/{language}" for language in translations),
                "--languages", *gate.languages]
        found += run_checker(check_po.main, argv)
        gate.incomplete = incomplete_languages(gate.languages, pot_dir, gate.repo)
    return found


def check_ledger(gate: Gate) -> list[Diagnostic]:
    from tools.sitebuild.ledger_repo import ledger_problems, read_ledger

    gate.ledger = read_ledger(gate.repo)
    try:
        gate.ledger_problems = ledger_problems(gate.repo, gate.ledger)
    except GitError as error:
        gate.ledger_problems = [Diagnostic("policy/versions.yaml", message=str(error), code="ledger.git")]
    return gate.ledger_problems


def check_facts(gate: Gate) -> list[Diagnostic]:
    """The processing facts an edit of the text touches, against the ledger's latest version (a notice each),
    and the quotes the text has lost (:mod:`tools.editor.review_facts`)."""
    from tools.editor.review_facts import PROCESSING_FILE, review_diagnostics

    try:
        return review_diagnostics(gate.repo)
    except GitError as error:
        return [Diagnostic(PROCESSING_FILE, message=f"cannot compare with the latest version: {error}",
                           code="processing.git")]


def check_new_versions(gate: Gate) -> list[Diagnostic]:
    """Build each entry and translation revision new since the base strictly, as ``make site`` does; problems at
    the entry's or revision's ledger line. A released version with a new revision builds only the revision."""
    from tools.sitebuild.driver import SiteDriver
    from tools.sitebuild.versions import commit_time, version_of

    ledger = gate.ledger
    if ledger is None or ledger.problems or any(d.code in ("ledger.base", "ledger.git") for d in gate.ledger_problems):
        return []  # the ledger's own problems (or its base's) are reported, and its entries cannot be trusted
    try:
        entries, revisions, revised = to_build(ledger, *new_entries(gate.repo, ledger), gate.ledger_problems)
        built_names = {entry.name for entry in entries}
        versions = [version_of(entry, commit_time(gate.repo, entry.commit), revisions)
                    for entry in [*entries, *revised]]
    except GitError as error:
        return [Diagnostic("policy/versions.yaml", message=f"cannot tell which versions are new: {error}",
                           code="ledger.git")]
    if not versions:
        return []
    units = [v.name for v in versions if v.name in built_names] + [
        f"{r.language} revision {r.name} of {r.version.isoformat()}" for v in versions for r in v.revisions]
    print(f"{TOOL}: building {len(units)} new version(s) and revision(s) as make site does: {', '.join(units)}",
          flush=True)
    gate.cache.mkdir(parents=True, exist_ok=True)
    driver = SiteDriver(gate.repo, gate.cache, versions, jobs=gate.jobs,
                        revisions_only=[entry.name for entry in revised])
    driver.run()
    failed = {failure.name for failure in driver.failures}
    gate.built += [unit for unit in sorted({*driver.versions_by_name, *driver.revisions_by_unit} - failed)
                   if unit not in driver.revisions_only]
    return driver.failure_diagnostics(ledger)


def check_working_tree(gate: Gate) -> list[Diagnostic]:
    """The working tree in every language, strictly (``sphinx-build -E -W --keep-going -n``)."""
    found: list[Diagnostic] = []
    in_source: Counter[tuple[str, int, int, str]] = Counter()
    for index, language in enumerate(gate.languages):
        if gate.cannot_build:
            break  # the same conf.py or extension would fail again, in every language
        if language in gate.incomplete:
            continue  # its missing files are named above; the build would repeat them in other words
        outdir = gate.builddir / "check" / language
        seen: Counter[tuple[str, int, int, str]] = Counter()
        for diagnostic in sphinx_build(gate, "html", outdir, outdir / ".doctrees", {"language": language}):
            gate.cannot_build = gate.cannot_build or diagnostic.code == "sphinx.config"
            key = (diagnostic.path, diagnostic.line, diagnostic.column, diagnostic.code)
            seen[key] += 1
            if index == 0:
                in_source[key] += 1
            elif seen[key] <= in_source[key]:
                continue  # the source language's problem again, in the translation's words
            found.append(diagnostic)
    return found


#: The checks ``make check`` runs, in order; a check that finds an error in the
#: configuration (the languages) ends the run, as nothing after it could be read.
CHECKS = (check_languages, check_translations, check_ledger, check_facts, check_new_versions, check_working_tree)


# -- helpers -------------------------------------------------------------------------------


def sphinx_build(gate: Gate, builder: str, outdir: Path, doctreedir: Path, overrides: dict[str, str]) -> list[Diagnostic]:
    """One fresh Sphinx build of the working tree in this process; every warning is an error.

    ``conf.py`` sets ``nitpicky = True``, so this is ``sphinx-build -E -W --keep-going -n``.
    """
    from tools.sitebuild.unit import BuildProblems, run_sphinx

    warnings, status = io.StringIO(), io.StringIO()
    try:
        run_sphinx(gate.repo, outdir, doctreedir, builder, overrides=overrides, warnings=warnings, freshenv=True,
                   status=status)
    except BuildProblems as problems:
        return problems.diagnostics
    return sphinx_diagnostics(warnings.getvalue(), gate.repo) + sphinx_notices(status.getvalue(), gate.repo)


def run_checker(main: Callable[[list[str]], int], argv: list[str]) -> list[Diagnostic]:
    """Run a checker's ``main(argv)`` in this process; its problem lines as diagnostics (its summary is dropped).

    Every checker prints the format of :mod:`tools.diagnostics` on stderr; a line that
    is not in it is kept as an error of its own, never dropped.
    """
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            status = main(argv)
        except SystemExit as exit_:  # argparse's usage error: its message is on stderr
            status = exit_.code if isinstance(exit_.code, int) else 1
    found = []
    for line in filter(str.strip, stderr.getvalue().splitlines()):
        found.append(parse(line) or Diagnostic(argv[0], message=line.strip(), code="check"))
    if status and not any(d.severity == "error" for d in found):
        tail = (stdout.getvalue().strip().splitlines() or [f"exit status {status}"])[-1]
        found.append(Diagnostic(argv[0], message=f"failed: {tail}", code="check"))
    return found


def new_entries(repo: Path, ledger: Ledger) -> tuple[list[Entry], list[Revision]]:
    """The entries and translation revisions of *ledger* that some base of the append-only check does not
    have (not yet released)."""
    from tools.sitebuild.ledger_repo import bases, ledger_at

    released: set[dt.date] | None = None
    released_revisions: set[tuple[dt.date, str, dt.date]] | None = None
    for _, commit in bases(repo):
        base = ledger_at(repo, commit)
        dates = {entry.date for entry in base.entries} if base is not None else set()
        keys = {revision.key for revision in base.revisions} if base is not None else set()
        released = dates if released is None else released & dates
        released_revisions = keys if released_revisions is None else released_revisions & keys
    return ([entry for entry in ledger.entries if entry.date not in (released or set())],
            [revision for revision in ledger.revisions if revision.key not in (released_revisions or set())])


def to_build(ledger: Ledger, entries: list[Entry], revisions: list[Revision], problems: list[Diagnostic],
             ) -> tuple[list[Entry], tuple[Revision, ...], list[Entry]]:
    """``(entries, revisions, revised)``: of the new *entries* and *revisions*, those without *problems* of their
    own (nor, for a revision of a new version, of its version's), and the released versions that a revision
    revises (only the revision is built)."""
    new_names = {entry.name for entry in entries}
    entries = [entry for entry in entries if not problem_lines_of(entry, ledger, problems)]
    built_names = {entry.name for entry in entries}
    kept = tuple(revision for revision in revisions
                 if not problem_lines_of(revision, ledger, problems)
                 and (revision.version.isoformat() not in new_names or revision.version.isoformat() in built_names))
    revised = [entry for entry in ledger.entries
               if entry.name not in new_names and any(r.version == entry.date for r in kept)]
    return entries, kept, revised


def problem_lines_of(item: Entry | Revision, ledger: Ledger, problems: Iterable[Diagnostic]) -> list[int]:
    """The lines of *problems* that fall inside *item*'s lines of the ledger (an entry's or a revision's)."""
    starts = sorted([e.line for e in ledger.listed] + [r.line for r in ledger.revisions])
    end = next((line for line in starts if line > item.line), ledger.last_line + 1)
    return [d.line for d in problems if d.path == "policy/versions.yaml" and item.line <= d.line < end]


def run(gate: Gate, checks: Iterable[Callable[[Gate], list[Diagnostic]]] = CHECKS) -> Report:
    report = Report(TOOL)
    for check in checks:
        try:
            found = check(gate)
        except Exception as error:  # noqa: BLE001 (no input may end the gate in a traceback: one line, go on)
            found = [exception_diagnostic(error, gate.repo, f"{check.__name__} could not finish",
                                          default_path=WHOLE_TREE, code="check.internal")]
        report.extend(found)
        if check is check_languages and found:
            break
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.check", description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=Path.cwd(), help="the repository (default: .)")
    parser.add_argument("--builddir", type=Path, default=Path("_build"), help="where to build (default: _build)")
    parser.add_argument("--cache", type=Path, default=None,
                        help="the version builds make site reuses (default: <builddir>/site-cache)")
    parser.add_argument("--release", action="store_true", help="fuzzy, untranslated, out-of-date entries are errors")
    parser.add_argument("--jobs", type=int, default=2, help="versions built at once (default: 2)")
    args = parser.parse_args(argv)
    repo = args.repo.resolve()
    os.chdir(repo)  # the checkers print paths relative to the repository
    builddir = args.builddir.resolve()
    gate = Gate(repo, builddir, (args.cache or builddir / "site-cache").resolve(), release=args.release,
                jobs=max(1, args.jobs))
    report = run(gate)
    checked = f"{len(gate.languages)} language(s)"
    if gate.built:
        checked += f", new version(s) built: {', '.join(gate.built)}"
    return report.finish(checked=checked)


if __name__ == "__main__":
    sys.exit(main())
