"""A synthetic history of dated versions, for the tests and ``make bench-site``.

:func:`make_history` copies the policy's sources into a new git repository and
commits a small, real-looking edit for each tag (a sentence changed, a section
added), tagging each commit ``vYYYY-MM-DD`` with an annotated message. Dates of
commits and tags are fixed, so two histories made alike are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from tools import git
from tools.project import copy_policy_sources


def run_git(repo: Path, *args: str, date: dt.datetime | None = None) -> str:
    env = dict(os.environ)
    env.update({
        "GIT_AUTHOR_NAME": "WEXO", "GIT_AUTHOR_EMAIL": "privacy@example.invalid",
        "GIT_COMMITTER_NAME": "WEXO", "GIT_COMMITTER_EMAIL": "privacy@example.invalid",
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
    })
    if date is not None:
        stamp = date.strftime("%Y-%m-%dT%H:%M:%S+0000")
        env.update({"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp})
    return git.output(repo, *args, env=env)


def tag(repo: Path, name: str, message: str, date: dt.datetime) -> None:
    run_git(repo, "tag", "-a", name, "-m", message, date=date)


def commit_all(repo: Path, message: str, date: dt.datetime) -> None:
    run_git(repo, "add", "-A")
    run_git(repo, "commit", "-q", "-m", message, date=date)


def edit(repo: Path, relpath: str, old: str, new: str) -> None:
    path = repo / relpath
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise ValueError(f"{relpath}: {old!r} not found")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def init_repo(repo: Path) -> None:
    copy_policy_sources(repo)
    run_git(repo, "init", "-q", "-b", "main")


def make_history(repo: Path, dates: list[dt.date]) -> list[str]:
    """Create *repo* with one tagged version per date; the i-th version changes a sentence.

    Version 1 is the project as it is; version 2 rewords 5.2 (short common runs
    around the change); version 3 adds a section 5.7; later versions each add a
    numbered sentence to 5.6. Returns the tag names.
    """
    init_repo(repo)
    tags = []
    for index, date in enumerate(dates):
        when = dt.datetime.combine(date, dt.time(9, 0)) - dt.timedelta(days=7)
        if index == 1:
            edit(repo, "policy/rettigheder.md", "Du har ret til at få urigtige oplysninger",
                 "Du har altid ret til at få urigtige eller ufuldstændige oplysninger")
        elif index == 2:
            with (repo / "policy/rettigheder.md").open("a", encoding="utf-8") as handle:
                handle.write("\n(automatiske-afgoerelser)=\n## 5.7 Automatiske afgørelser\n\n"
                             "Vi træffer ingen afgørelser om dig udelukkende på grundlag af automatisk behandling.\n")
        elif index > 2:
            with (repo / "policy/klage.md").open("a", encoding="utf-8") as handle:
                handle.write(f"\nÆndring nummer {index} af klagevejledningen.\n")
        commit_all(repo, f"Version {index + 1}", when)
        name = f"v{date.isoformat()}"
        tag(repo, name, f"Version {index + 1} of the policy\n\nWhat changed in version {index + 1}.", when)
        tags.append(name)
    return tags
