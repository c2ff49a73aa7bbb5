"""Fixture git repositories for the editor workflow's tests (make redline, make release).

Each repository is a copy of ``tests/roots/test-editor-repo/`` (a small policy
shaped like the real one) plus this project's ``Makefile``, ``tools/``, ``_ext/``
(whose parsers the tools share; the small policy's ``conf.py`` loads none of it) and
``requirements.txt``, committed and released as its first dated version (its
entry in the ledger ``policy/versions.yaml``, committed on top, and its tag). Make runs
there with ``VENV`` pointing at this project's ``.venv``, so nothing is installed.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

from tools import git as repo_git
from tools.project import REPO_ROOT
from tools.sitebuild.ledger import LEDGER_HEADER, LEDGER_PATH, Entry, entry_yaml

PROJECT_ROOT = REPO_ROOT
TEMPLATE = PROJECT_ROOT / "tests" / "roots" / "test-editor-repo"
VENV = PROJECT_ROOT / ".venv"
FIRST_TAG = "v2026-11-24"

# A fixed identity and clock for commits and tags, and nothing from the caller's
# git or make (a pre-commit hook sets GIT_INDEX_FILE; 'make test' sets MAKEFLAGS).
_DROPPED = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")


def environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_") and key not in _DROPPED}
    env.update(
        GIT_AUTHOR_NAME="Juridisk redaktør",
        GIT_AUTHOR_EMAIL="jura@example.com",
        GIT_COMMITTER_NAME="Juridisk redaktør",
        GIT_COMMITTER_EMAIL="jura@example.com",
        GIT_AUTHOR_DATE="2026-11-20T12:00:00+01:00",
        GIT_COMMITTER_DATE="2026-11-20T12:00:00+01:00",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        LANG="C.UTF-8",
    )
    env.pop("LC_ALL", None)
    return env


def git(repo: Path, *args: str, input_text: str | None = None) -> str:
    return repo_git.git(repo, *args, input_text=input_text, env=environment()).stdout


def make(repo: Path, *args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """``make --no-print-directory VENV=<this project's .venv> args…`` in *repo*."""
    return subprocess.run(
        ["make", "--no-print-directory", f"VENV={VENV}", *args],
        cwd=repo,
        env=environment(),
        capture_output=True,
        encoding="utf-8",
        check=False,
        timeout=timeout,
    )


def create(destination: Path) -> Path:
    """A fixture repository at *destination*: one commit, tagged ``v2026-11-24``."""
    shutil.copytree(TEMPLATE, destination)
    shutil.copy2(PROJECT_ROOT / "Makefile", destination / "Makefile")
    # copy2 keeps the modification time, so the venv stamp stays newer and make installs nothing.
    shutil.copy2(PROJECT_ROOT / "requirements.txt", destination / "requirements.txt")
    for tooling in ("tools", "_ext"):
        shutil.copytree(PROJECT_ROOT / tooling, destination / tooling, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    git(destination, "init", "--quiet", "--initial-branch=main")
    git(destination, "config", "tag.gpgSign", "false")
    git(destination, "config", "commit.gpgSign", "false")
    commit_all(destination, "Den offentliggjorte tekst")
    # Released as make release does: the ledger entry in a commit on top, the tag on the text.
    content = git(destination, "rev-parse", "HEAD").strip()
    (destination / LEDGER_PATH).write_text(
        LEDGER_HEADER + entry_yaml(Entry(dt.date(2026, 11, 24), content, False,
                                         {"da": "Første version", "en": "First version"}, {}, 0, 0), ("da", "en")),
        encoding="utf-8")
    commit_all(destination, "Release v2026-11-24")
    git(destination, "tag", "--annotate", "--message", "Første version", FIRST_TAG, content)
    return destination


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", message)


def edit(repo: Path, path: str, old: str, new: str) -> None:
    """Replace *old* (which must be there) by *new* in one file of *repo*."""
    file = repo / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
