"""Ledger texts and a ledger command on small repositories, shared by the ledger's tests.

``entry()`` writes one version entry as ``make release`` does, ``revision()`` one translation revision; ``problems()`` are the pure
checks' lines; ``git()`` commits with a fixed identity and clock; ``ledger_command()`` runs
``python -m tools.sitebuild.ledger_repo`` (what ``make check`` and ``make tags`` run).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tools.project import REPO_ROOT
from tools.sitebuild.ledger import parse_ledger

SHA_A = "a" * 40
SHA_B = "b" * 40


def entry(date: str, commit: str = SHA_A, *, extra: str = "", summary: str = "{da: Rettelser., en: Corrections.}") -> str:
    return f"  - date: {date}\n    commit: {commit}\n    material: no\n    summary: {summary}\n{extra}"


def revision(version: str, date: str, *, language: str = "en", commit: str = SHA_B,
             summary: str = "{en: Corrected translation.}") -> str:
    return (f"  - version: {version}\n    language: {language}\n    date: {date}\n    commit: {commit}\n"
            f"    summary: {summary}\n")


def problems(text: str) -> list[str]:
    return [problem.format() for problem in parse_ledger(text).problems]


def git(repo: Path, *args: str, date: str = "2026-11-20T12:00:00+0000") -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Redaktør", "GIT_AUTHOR_EMAIL": "r@example.invalid",
           "GIT_COMMITTER_NAME": "Redaktør", "GIT_COMMITTER_EMAIL": "r@example.invalid",
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, encoding="utf-8",
                          check=True).stdout


def ledger_command(repo: Path, command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tools.sitebuild.ledger_repo", command, "--repo", str(repo)],
                          cwd=REPO_ROOT, capture_output=True, encoding="utf-8", check=False)
