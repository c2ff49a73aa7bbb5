"""The one way the tools and the tests run git, and what dated-version names mean.

git is called as Sphinx calls it: one subprocess, output captured, and a
:class:`GitError` that says which command failed and why. Versions are named
``vYYYY-MM-DD``, the date the version takes effect.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

DATED_NAME = re.compile(r"v(?P<date>\d{4}-\d{2}-\d{2})")
#: git's "scissors" line. In a tag message, what follows it is for reviewers (the
#: release tool's summary of changed sections), not for readers.
SCISSORS = "------------------------ >8 ------------------------"


class GitError(Exception):
    """A git command failed; the message says which and why."""


class TagNameError(ValueError):
    """A name that is not a dated version ``vYYYY-MM-DD``; the message says why."""


def git(
    repo: Path,
    *args: str,
    check: bool = True,
    input_text: str | None = None,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``git args…`` in *repo*; raise :class:`GitError` with git's message if it fails and *check*."""
    result = subprocess.run(
        ["git", *args],
        cwd=repo,
        input=input_text,
        capture_output=True,
        check=False,
        encoding="utf-8",
        env=dict(env) if env is not None else None,
    )
    if check and result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        reason = detail[-1] if detail else f"exit {result.returncode}"
        raise GitError(f"'git {' '.join(args)}' failed in {repo}: {reason}")
    return result


def output(repo: Path, *args: str, env: Mapping[str, str] | None = None) -> str:
    """The standard output of ``git args…`` in *repo*; :class:`GitError` if it fails."""
    return git(repo, *args, env=env).stdout


# -- Dated-version names and tags ------------------------------------------------


def tag_name(date: dt.date | str) -> str:
    """The tag of the version that takes effect on *date* (or ``YYYY-MM-DD``), e.g. ``v2026-11-24``."""
    return f"v{date.isoformat() if isinstance(date, dt.date) else date}"


def tag_message(
    headline: str,
    *,
    summaries: Mapping[str, str] | None = None,
    languages: Sequence[str] = (),
    details: str = "",
    reviewers: Sequence[str] = (),
    material: bool = False,
) -> str:
    """A version's tag message, the same from ``make release`` and ``make tags``.

    The headline; each language's summary on a line of its own (*languages*
    first, in their order); the readers' *details*; below git's scissors line the
    summary of changes for *reviewers*; and, for a material change, the trailer
    ``Material-change: yes``, which ``git interpret-trailers`` reads.
    """
    parts = [headline.strip()]
    if summaries:
        ordered = [lang for lang in languages if lang in summaries] + [
            lang for lang in summaries if lang not in languages]
        parts.append("\n".join(f"{lang}: {summaries[lang].strip()}" for lang in ordered))
    if details.strip():
        parts.append(details.strip())
    if reviewers:
        parts.append(SCISSORS + "\n" + "\n".join(reviewers))
    if material:
        parts.append("Material-change: yes")
    return "\n\n".join(parts) + "\n"


def split_message(message: str) -> tuple[str, str]:
    """``(headline, body)`` of a tag message; signatures and the part below the scissors are dropped."""
    message = message.split("-----BEGIN PGP SIGNATURE-----", 1)[0]
    message = message.split(SCISSORS, 1)[0]
    lines = message.strip().splitlines()
    if not lines:
        return "", ""
    return lines[0].strip(), "\n".join(lines[1:]).strip()


def parse_tag_name(name: str) -> dt.date:
    """The effective date a name ``vYYYY-MM-DD`` stands for; :class:`TagNameError` otherwise."""
    match = DATED_NAME.fullmatch(name)
    if not match:
        raise TagNameError("the name does not have the form vYYYY-MM-DD (e.g. v2026-11-24)")
    try:
        return dt.date.fromisoformat(match["date"])
    except ValueError as error:
        raise TagNameError(f"{match['date']!r} is not a calendar date ({error})") from None


def tag_date(name: str) -> dt.date | None:
    """The effective date a tag name stands for, or ``None`` if it is not a dated version."""
    try:
        return parse_tag_name(name)
    except TagNameError:
        return None


def latest_dated(names: Iterable[str]) -> str | None:
    """The dated version name with the latest date, or ``None``."""
    dated = [(date, name) for name in names if (date := tag_date(name)) is not None]
    return max(dated)[1] if dated else None


# -- Reading a repository --------------------------------------------------------


def tags(repo: Path) -> list[str]:
    return output(repo, "tag", "--list").split()


def latest_dated_tag(repo: Path) -> str | None:
    return latest_dated(tags(repo))


def resolve(repo: Path, ref: str) -> str:
    """The commit *ref* names; a clear error if it names none."""
    result = git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
    if result.returncode != 0:
        raise GitError(f"{ref!r} is not a tag, branch or commit in {repo}")
    return result.stdout.strip()


def files_at(repo: Path, ref: str) -> list[str]:
    """Every file path in *ref*'s tree."""
    return output(repo, "ls-tree", "-r", "--name-only", "-z", ref).split("\0")[:-1]


def read_at(repo: Path, ref: str, path: str) -> str | None:
    """The text of *path* in *ref*, or ``None`` if *ref* has no such file."""
    result = git(repo, "show", f"{ref}:{path}", check=False)
    return result.stdout if result.returncode == 0 else None


def status(repo: Path) -> list[str]:
    """``git status --porcelain`` lines: changed, staged and untracked (not ignored) files."""
    return output(repo, "status", "--porcelain", "--untracked-files=all").splitlines()
