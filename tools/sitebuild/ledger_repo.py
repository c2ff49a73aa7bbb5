"""The ledger against the repository: commits, languages, the append-only base, the tags.

``python -m tools.sitebuild.ledger_repo check`` checks the ledger alone (``make
check`` runs the same :func:`check` through :mod:`tools.check`);
``python -m tools.sitebuild.ledger_repo tags`` is ``make tags``, which runs those
checks first and creates every missing tag or none. Both print one line per
problem in the format of :mod:`tools.diagnostics`
(``policy/versions.yaml:LINE:COLUMN: error: message [ledger.code]``), then a
summary line, and exit 1 if there is any error.

**The base of the append-only check.** An entry is *released* once it is on
``main``. The ledger is compared with the ledger at the merge base of ``HEAD``
and ``origin/main`` (or ``main``, in a clone without a remote), so that a pull
request may still fix an entry it adds but never one that ``main`` has. On
``main`` itself (the merge base is ``HEAD``) it is compared with ``HEAD`` and
with ``HEAD``'s parent, so a commit pushed straight to ``main`` is checked too.
``LEDGER_BASE=<ref>`` names another base.
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tools.diagnostics import Diagnostic, Report, parse
from tools.git import GitError, TagNameError, files_at, git, output, parse_tag_name, read_at, tag_message
from tools.project import REPO_ROOT
from tools.sitebuild.ledger import (
    LEDGER_PATH,
    Entry,
    Ledger,
    Problem,
    Revision,
    append_only_problems,
    first_difference,
    language_problems,
    parse_ledger,
)
from yaml_positions import YAMLPositionError, decode

UPSTREAMS = ("origin/main", "main")


def read_ledger(repo: Path) -> Ledger | None:
    """The working tree's ledger, or ``None`` when there is no ledger file (no version yet)."""
    path = repo / LEDGER_PATH
    if not path.is_file():
        return None
    try:
        return parse_ledger(decode(path.read_bytes()))
    except YAMLPositionError as error:
        return Ledger(problems=(Problem(error.line, error.column, error.code, error.message),), unreadable=True)


def latest_version_ref(repo: Path) -> str | None:
    """The latest version as a git ref: its tag if the tag is on its commit, else the commit."""
    ledger = read_ledger(repo)
    if ledger is None or ledger.latest is None:
        return None
    latest = ledger.latest
    return latest.tag if _commit(repo, latest.tag) == latest.commit else latest.commit


def ledger_at(repo: Path, ref: str) -> Ledger | None:
    """The ledger committed at *ref*, or ``None`` if *ref* has none."""
    result = git(repo, "show", f"{ref}:{LEDGER_PATH}", check=False)
    return parse_ledger(result.stdout) if result.returncode == 0 else None


def _commit(repo: Path, ref: str) -> str | None:
    result = git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
    return result.stdout.strip() if result.returncode == 0 else None


def is_shallow(repo: Path) -> bool:
    return output(repo, "rev-parse", "--is-shallow-repository").strip() == "true"


def bases(repo: Path) -> list[tuple[str, str]]:
    """``(name, commit)`` of each ledger that the working tree's must extend (module docstring)."""
    named = os.environ.get("LEDGER_BASE", "").strip()
    if named:
        commit = _commit(repo, named)
        if commit is None:
            raise GitError(f"LEDGER_BASE={named} is not a commit in this clone")
        return [(named, commit)]
    head = _commit(repo, "HEAD")
    if head is None:
        return []  # no commit yet
    for upstream in UPSTREAMS:
        if _commit(repo, upstream) is None:
            continue
        merge_base = git(repo, "merge-base", "HEAD", upstream, check=False).stdout.strip()
        if merge_base and merge_base != head:
            return [(f"the merge base with {upstream} ({merge_base[:7]})", merge_base)]
        break
    found = [("HEAD", head)]
    parent = _commit(repo, "HEAD^")
    if parent is not None:
        found.append((f"HEAD's parent ({parent[:7]})", parent))
    elif is_shallow(repo):
        raise GitError("HEAD's parent is not in this clone (a shallow clone?); run: git fetch --unshallow")
    return found


def fetch_history(repo: Path) -> str | None:
    """Make a shallow clone whole (``git fetch --unshallow``); one line saying what to run if that fails."""
    if not is_shallow(repo):
        return None
    result = git(repo, "fetch", "--quiet", "--unshallow", check=False)
    if result.returncode == 0:
        return None
    reason = (result.stderr.strip().splitlines() or ["no remote"])[-1]
    return (f"this clone is shallow and 'git fetch --unshallow' failed ({reason}); "
            "run it where the remote is reachable, or clone without --depth")


def commit_problems(repo: Path, ledger: Ledger) -> list[Problem]:
    """Each entry's and revision's commit exists in this clone and is an ancestor of ``HEAD``."""
    problems = []
    recorded: list[tuple[Entry | Revision, str]] = [(entry, f"the entry {entry.name}") for entry in ledger.entries]
    recorded += [(revision, f"the {revision.language} revision {revision.name} of version "
                            f"{revision.version.isoformat()}") for revision in ledger.revisions]
    for entry, what in recorded:
        line, column = entry.position("commit")
        if _commit(repo, entry.commit) is None:
            hint = "run: git fetch --unshallow" if is_shallow(repo) else "fetch it, or correct the SHA"
            problems.append(Problem(line, column, "commit_missing",
                                    f"commit {entry.commit} of {what} is not in this clone ({hint})"))
        elif git(repo, "merge-base", "--is-ancestor", entry.commit, "HEAD", check=False).returncode != 0:
            problems.append(Problem(line, column, "commit_not_ancestor",
                                    f"commit {entry.commit[:12]} of {what} is not an ancestor of "
                                    "HEAD; a version must be a commit of this branch's history"))
    return problems


# -- translation revisions ------------------------------------------------------------------


def excluded_sources(repo: Path) -> Callable[[str], bool]:
    """Whether a path is one Sphinx does not read: the ``exclude_patterns`` of the working tree's ``conf.py``."""
    from sphinx.config import Config
    from sphinx.util.matching import Matcher
    from sphinx.util.tags import Tags

    return Matcher(list(Config.read(repo, overrides={}, tags=Tags()).exclude_patterns))


def source_documents(repo: Path, commit: str, files: Iterable[str], excluded: Callable[[str], bool]) -> dict[str, str]:
    """The source documents (Markdown pages) among *commit*'s *files*, by path: every ``.md`` file Sphinx reads."""
    paths = [path for path in files if path.endswith(".md") and not excluded(path)]
    return {path: text for path in paths if (text := read_at(repo, commit, path)) is not None}


def revision_problems(repo: Path, ledger: Ledger, languages_of) -> list[Problem]:
    """A revision translates a language of its version other than the source language, its commit has every
    catalog of that language the version has, and the source documents of its commit are the version's, byte
    for byte (else: the first section that differs)."""
    problems = []
    if not ledger.revisions:
        return problems
    excluded = excluded_sources(repo)  # conf.py is read once, not twice per revision
    files = functools.cache(lambda commit: files_at(repo, commit))
    documents = functools.cache(lambda commit: source_documents(repo, commit, files(commit), excluded))
    for revision in ledger.revisions:
        entry = ledger.entry(revision.version)
        assert entry is not None  # parse_ledger drops a revision of an unknown version
        languages = languages_of(entry)
        line, column = revision.position("language")
        if revision.language == languages[0]:
            problems.append(Problem(line, column, "revision_source_language",
                                    f"{revision.language} is the source language of version {entry.name}: its text "
                                    "is the version itself, so a change to it is a new version (make release), "
                                    "not a translation revision"))
            continue
        if revision.language not in languages:
            problems.append(Problem(line, column, "language_unknown",
                                    f"version {entry.name} has no {revision.language} translation (its commit's "
                                    f"conf.py declares {', '.join(languages)})"))
            continue
        catalogs = f"locale/{revision.language}/"
        revised_catalogs = {path for path in files(revision.commit) if path.startswith(catalogs)}
        for path in sorted(path for path in files(entry.commit)
                           if path.startswith(catalogs) and path.endswith(".po") and path not in revised_catalogs):
            problems.append(Problem(*revision.position("commit"), "revision_catalog_missing",
                                    f"commit {revision.commit[:12]} has no {path}, which version {entry.name}'s "
                                    "translation has; the revision would publish that text untranslated: "
                                    "restore the catalog in the revision's commit"))
        difference = first_difference(documents(entry.commit), documents(revision.commit))
        if difference is not None:
            problems.append(Problem(*revision.position("commit"), "revision_source_changed",
                                    f"the source text of commit {revision.commit[:12]} differs from version "
                                    f"{entry.name}'s: {difference}; a translation revision keeps its version's "
                                    f"{languages[0]} text, so release a new version instead"))
    return problems
class TreeError(GitError):
    """A commit's tree that cannot be read (its ``conf.py`` raises): *diagnostic* names the file:line inside it."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def tree_languages(repo: Path, commit: str) -> tuple[str, ...]:
    """The languages *commit*'s own ``conf.py`` declares, read in a fresh interpreter (it runs that conf.py).

    :class:`TreeError` if that ``conf.py`` fails, at its own ``conf.py:LINE``.
    """
    with tempfile.TemporaryDirectory(prefix="ledger-tree-") as tmp:
        archive = Path(tmp) / "tree.tar"
        git(repo, "archive", "--format=tar", f"--output={archive}", commit)
        with tarfile.open(archive) as tar:
            tar.extractall(Path(tmp) / "tree", filter="data")
        result = subprocess.run([sys.executable, "-m", "tools.languages", str(Path(tmp) / "tree")],
                                cwd=REPO_ROOT, capture_output=True, check=False, encoding="utf-8")
    if result.returncode:
        lines = result.stderr.strip().splitlines() or [f"exit status {result.returncode}"]
        raise TreeError(parse(lines[-1]) or Diagnostic("conf.py", message=lines[-1], code="languages.config"))
    return tuple(result.stdout.split())


def entry_location(entry: Entry) -> str:
    """``policy/versions.yaml:LINE``, the entry's first line."""
    return f"{LEDGER_PATH}:{entry.line}"


def entry_context(entry: Entry) -> str:
    """``version 2026-12-01 (commit abc123456789)``: what a problem inside the entry's commit is prefixed with."""
    return f"version {entry.name} (commit {entry.commit[:12]})"


def revision_location(revision: Revision) -> str:
    """``policy/versions.yaml:LINE``, the revision's first line."""
    return f"{LEDGER_PATH}:{revision.line}"


def revision_context(revision: Revision) -> str:
    """``revision 2026-12-06 of version 2026-12-01 (en, commit abc123456789)``: what a problem inside the
    revision's build is prefixed with."""
    return (f"revision {revision.name} of version {revision.version.isoformat()} "
            f"({revision.language}, commit {revision.commit[:12]})")


def check(repo: Path, *, languages_of=None) -> list[Diagnostic]:
    """Every problem of the working tree's ledger and its commits (empty: all is well)."""
    return ledger_problems(repo, read_ledger(repo), languages_of=languages_of)


def ledger_problems(repo: Path, ledger: Ledger | None, *, languages_of=None,
                    entry_languages: bool = True) -> list[Diagnostic]:
    """Every problem of *ledger* (the working tree's) and its commits. With *entry_languages* false, each entry's
    languages are not checked against its commit's ``conf.py`` (``make site`` checks them on its builds)."""
    problems: list[Problem] = []
    found: list[Diagnostic] = []
    if ledger is not None:
        problems += ledger.problems
        if ledger.unreadable:
            return [p.diagnostic() for p in problems]
        problems += commit_problems(repo, ledger)
        if not problems:
            read_languages = languages_reader(repo, languages_of)
            for entry in ledger.entries if entry_languages else ():
                try:
                    problems += language_problems(entry, read_languages(entry))
                except TreeError as error:
                    found.append(error.diagnostic.prefixed(entry_location(entry), entry_context(entry)))
            if not found:
                problems += revision_problems(repo, ledger, read_languages)
    found += tag_problems(version_tags(repo), ledger) if ledger is not None else []
    return combine([p.diagnostic() for p in problems] + found, released_problems(repo, ledger))


def languages_reader(repo: Path, languages_of=None) -> Callable[[Entry], tuple[str, ...]]:
    """An entry's languages, asked once per commit: *languages_of(entry)*, by default
    :func:`tree_languages` of its commit (which reads the tree's config in a fresh interpreter)."""
    read = languages_of or (lambda entry: tree_languages(repo, entry.commit))
    seen: dict[str, tuple[str, ...]] = {}

    def languages(entry: Entry) -> tuple[str, ...]:
        if entry.commit not in seen:
            seen[entry.commit] = tuple(read(entry))
        return seen[entry.commit]

    return languages


#: The ledger's own problems that a released entry's move explains (entries out of order, or repeated).
_EXPLAINED_BY_A_MOVE = frozenset({"ledger.date_order", "ledger.date_repeated"})


def combine(own: list[Diagnostic], released: list[Diagnostic]) -> list[Diagnostic]:
    """*own* problems then *released* ones, each problem once: a released entry that was moved is
    reported as moved, not also as out of order at the same line."""
    moved = {d.line for d in released if d.code == "ledger.released_moved"}
    return [d for d in own if not (d.code in _EXPLAINED_BY_A_MOVE and d.line in moved)] + released


def released_problems(repo: Path, ledger: Ledger | None) -> list[Diagnostic]:
    """Each released entry that *ledger* changed, moved or removed (see the module docstring)."""
    found: list[Diagnostic] = []
    try:
        compared = bases(repo)
    except GitError as error:
        return [Diagnostic(LEDGER_PATH, message=f"cannot check that released entries are unchanged: {error}",
                           code="ledger.base")]
    seen: set[tuple[int, int, str]] = set()
    for name, commit in compared:
        base = ledger_at(repo, commit)
        if base is None:
            continue
        if ledger is None:
            if base.entries:
                found.append(Diagnostic(LEDGER_PATH, message=f"the ledger was removed, but {name} has "
                                        f"{len(base.entries)} released version(s); released entries never change: "
                                        f"restore it (git checkout {commit[:12]} -- {LEDGER_PATH})",
                                        code="ledger.released_removed"))
            continue
        for problem in append_only_problems(ledger, base, name):
            key = (problem.line, problem.column, problem.message.split(" (")[0])
            if key not in seen:
                seen.add(key)
                found.append(problem.diagnostic())
    return found


# -- tags ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Tag:
    name: str
    annotated: bool
    commit: str


def version_tags(repo: Path) -> list[Tag]:
    """Every ``refs/tags/v*``: its name, whether it is annotated, and the commit it names."""
    out = output(repo, "for-each-ref", "--format=%(refname:short)%00%(objecttype)%00%(objectname)%00%(*objectname)",
                 "refs/tags/v*")
    found = []
    for line in out.splitlines():
        name, objecttype, objectname, peeled = line.split("\0")
        found.append(Tag(name, objecttype == "tag", peeled or objectname))
    return found


def tag_problems(tags: Iterable[Tag], ledger: Ledger) -> list[Diagnostic]:
    """A ``v*`` tag must name a ledger entry's date and sit on that entry's commit: at the entry's line if it has one."""
    problems = []
    for tag in sorted(tags, key=lambda t: t.name):
        try:
            date = parse_tag_name(tag.name)
        except TagNameError as error:
            problems.append(_tag_problem(f"tag {tag.name}: {error}; delete it: git tag -d {tag.name}"))
            continue
        entry = ledger.entry(date)
        if entry is None:
            problems.append(_tag_problem(f"tag {tag.name} names no version in this file; delete it "
                                         f"(git tag -d {tag.name}) or release the version with make release"))
        elif tag.commit != entry.commit:
            problems.append(_tag_problem(f"tag {tag.name} is on commit {tag.commit[:12]}, but this entry gives "
                                         f"{entry.commit[:12]}; move it back: git tag -d {tag.name} && make tags",
                                         line=entry.line))
    return problems


def _tag_problem(message: str, line: int = 0) -> Diagnostic:
    return Diagnostic(LEDGER_PATH, line=line, message=message, code="ledger.tag")


def entry_tag_message(entry: Entry) -> str:
    """The tag message of a ledger entry (:func:`tools.git.tag_message`), in the ledger's language order."""
    languages = list(entry.summary)
    return tag_message(entry.summary[languages[0]], summaries=entry.summary, languages=languages,
                       details=entry.details.get(languages[0], ""), material=entry.material)


def make_tags(repo: Path, ledger: Ledger) -> tuple[list[str], list[str]]:
    """Create every missing annotated tag; ``(created, problems)``. All are created, or none.

    The caller checks :func:`ledger_problems` first, which holds every tag that
    disagrees with the ledger; if git fails on one tag, the tags created before it
    are deleted again and git's reason is the problem.
    """
    have = {tag.name for tag in version_tags(repo)}
    created: list[str] = []
    for entry in ledger.entries:
        if entry.tag in have:
            continue
        try:
            git(repo, "tag", "--annotate", "--cleanup=whitespace", "--file=-", entry.tag, entry.commit,
                input_text=entry_tag_message(entry))
        except GitError as error:
            for name in created:
                git(repo, "tag", "--delete", name, check=False)
            return [], [f"tag {entry.tag}: {error}"]
        created.append(entry.tag)
    return created, []


# -- command line ---------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.sitebuild.ledger_repo", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("check", "tags"), help="check the ledger, or make the missing tags")
    parser.add_argument("--repo", type=Path, default=Path.cwd(), help="the repository (default: .)")
    args = parser.parse_args(argv)
    repo = args.repo.resolve()
    report = Report("ledger" if args.command == "check" else "tags")
    try:
        ledger = read_ledger(repo)
        report.extend(ledger_problems(repo, ledger))
        if args.command == "check":
            return report.finish()
        if report.errors:  # make tags checks what make check checks, before creating any tag
            status = report.finish()
            print("tags: no tag was created", file=sys.stderr)
            return status
        if ledger is None:
            print(f"tags: no {LEDGER_PATH}: no version to tag", file=sys.stderr)
            return 0
        created, problems = make_tags(repo, ledger)
    except GitError as error:
        print(f"ledger: {error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(f"tags: {problem}", file=sys.stderr)
    if problems:
        print("tags: no tag was created", file=sys.stderr)
        return 1
    print(f"tags: created {', '.join(created)}" if created else "tags: every version is tagged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
