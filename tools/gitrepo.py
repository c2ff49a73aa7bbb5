"""Reading a git repository the way Sphinx calls git: one subprocess, output checked.

Versions are annotated tags named ``vYYYY-MM-DD``, the date the version takes effect.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

DATED_TAG = re.compile(r"^v(?P<date>\d{4}-\d{2}-\d{2})$")


class GitError(Exception):
    """A git command failed; the message says which and why."""


def git(
    repo: Path, *args: str, check: bool = True, input_text: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``git -C repo args…``; raise :class:`GitError` with git's message if it fails and *check*."""
    result = subprocess.run(
        ["git", "-C", str(repo), *args], input=input_text, capture_output=True, check=False, encoding="utf-8"
    )
    if check and result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise GitError(f"'git {' '.join(args)}' failed in {repo}: {detail[-1] if detail else f'exit {result.returncode}'}")
    return result


def tag_date(name: str) -> dt.date | None:
    """The effective date a tag name stands for, or ``None`` if it is not a dated version."""
    match = DATED_TAG.match(name)
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group("date"))
    except ValueError:
        return None


def latest_dated(names: Iterable[str]) -> str | None:
    """The dated version tag with the latest date, or ``None``."""
    dated = [(date, name) for name in names if (date := tag_date(name)) is not None]
    return max(dated)[1] if dated else None


def tags(repo: Path) -> list[str]:
    return git(repo, "tag", "--list").stdout.split()


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
    return git(repo, "ls-tree", "-r", "--name-only", "-z", ref).stdout.split("\0")[:-1]


def read_at(repo: Path, ref: str, path: str) -> str | None:
    """The text of *path* in *ref*, or ``None`` if *ref* has no such file."""
    result = git(repo, "show", f"{ref}:{path}", check=False)
    return result.stdout if result.returncode == 0 else None


def status(repo: Path) -> list[str]:
    """``git status --porcelain`` lines: changed, staged and untracked (not ignored) files."""
    return git(repo, "status", "--porcelain", "--untracked-files=all").stdout.splitlines()
