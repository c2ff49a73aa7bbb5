"""A synthetic history of dated versions, for the tests and ``make bench-site``.

:func:`make_history` copies the policy's sources into a new git repository and
commits a small, real-looking edit for each version (a sentence changed, a
section added), then, as ``make release`` does, a commit on top that adds the
version's entry to the ledger ``policy/versions.yaml``. No tag is made (a
clone of main may have none); :func:`add_to_ledger` releases one more version.
Commit dates are fixed, so two histories made alike are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from tools import git
from tools.project import copy_policy_sources
from tools.sitebuild.ledger import LEDGER_PATH, Entry, entry_yaml

LEDGER_HEADER = "# The ledger of dated versions (a synthetic history for the tests).\nversions:\n"


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
    (repo / LEDGER_PATH).write_text(LEDGER_HEADER, encoding="utf-8")
    run_git(repo, "init", "-q", "-b", "main")


def summaries(number: int) -> tuple[dict[str, str], dict[str, str]]:
    """The summary and details of the synthetic version *number*, in Danish and English."""
    return ({"da": f"Version {number} af politikken", "en": f"Version {number} of the policy"},
            {"da": f"Det ændrede sig i version {number}.", "en": f"What changed in version {number}."})


def add_to_ledger(repo: Path, date: dt.date, commit: str, when: dt.datetime, *, summary: dict[str, str],
                  details: dict[str, str] | None = None, material: bool = False) -> None:
    """Append the entry for *commit* to the ledger and commit it, as ``make release`` does."""
    entry = Entry(date, commit, material, summary, details or {}, 0, 0)
    with (repo / LEDGER_PATH).open("a", encoding="utf-8") as handle:
        handle.write("\n" + entry_yaml(entry, ("da", "en")))
    run_git(repo, "add", LEDGER_PATH)
    run_git(repo, "commit", "-q", "-m", f"Ledger: the version of {date.isoformat()}",
            date=when + dt.timedelta(hours=1))


def make_history(repo: Path, dates: list[dt.date]) -> list[str]:
    """Create *repo* with one released version per date; the i-th version changes a sentence.

    Version 1 is the project as it is; version 2 rewords 5.2 (short common runs
    around the change); version 3 adds a section 5.7; later versions each add a
    numbered sentence to 5.6. Returns the versions' commits.
    """
    init_repo(repo)
    commits = []
    for index, date in enumerate(dates):
        when = dt.datetime.combine(date, dt.time(9, 0)) - dt.timedelta(days=7)
        if index == 1:
            # The sentence is a quoted fact: the editor quotes the new words too (policy/processing.yaml).
            for relpath in ("policy/rettigheder.md", "policy/processing.yaml"):
                edit(repo, relpath, "Du har ret til at få urigtige oplysninger",
                     "Du har altid ret til at få urigtige eller ufuldstændige oplysninger")
        elif index == 2:
            with (repo / "policy/rettigheder.md").open("a", encoding="utf-8") as handle:
                handle.write("\n(automatiske-afgoerelser)=\n## 5.7 Automatiske afgørelser\n\n"
                             "Vi træffer ingen afgørelser om dig udelukkende på grundlag af automatisk behandling.\n")
        elif index > 2:
            with (repo / "policy/klage.md").open("a", encoding="utf-8") as handle:
                handle.write(f"\nÆndring nummer {index} af klagevejledningen.\n")
        commit_all(repo, f"Version {index + 1}", when)
        commit = run_git(repo, "rev-parse", "HEAD").strip()
        summary, details = summaries(index + 1)
        add_to_ledger(repo, date, commit, when, summary=summary, details=details)
        commits.append(commit)
    return commits
