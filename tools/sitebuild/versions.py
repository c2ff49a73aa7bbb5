"""Dated versions from the ledger: what a version is, and statuses (pure functions + one git call).

A version is an entry of ``policy/versions.yaml`` (:mod:`tools.sitebuild.ledger`):
its effective date, its commit, whether it is material, and its summary and
details per language. Git tags are not read here: ``make tags`` makes them
from the ledger, and :mod:`tools.sitebuild.ledger_repo` checks that they agree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from tools.git import output, tag_name
from tools.sitebuild.ledger import Entry, Revision

Status = Literal["in-force", "superseded", "upcoming", "draft"]

#: Name of the working-tree preview built with ``DRAFT=1``.
DRAFT_NAME = "draft"


@dataclass(frozen=True)
class Translation:
    """One translation of a version into one language: the one released with the version, or a revision.

    *made* is the day it was written: the version's commit's day, or the revision's date.
    """

    language: str
    made: dt.date
    commit: str
    revised: bool = False
    #: A revision's one line, in its language; empty for the translation released with the version.
    summary: str = ""

    @property
    def name(self) -> str:
        """``2026-12-06``: the day the translation was made or revised."""
        return self.made.isoformat()


@dataclass(frozen=True)
class Version:
    """One dated version (or the draft)."""

    name: str  # the directory name: "2026-11-24" or "draft"
    effective: dt.date | None  # None for the draft
    commit: str
    #: The commit's committer time, seconds since the epoch: SOURCE_DATE_EPOCH of its
    #: build and its PDFs' dates, so a version's bytes never depend on a tag object.
    timestamp: int
    material: bool = False
    #: One line per language, e.g. {"da": "…", "en": "…"}; empty for the draft.
    summary: Mapping[str, str] = field(default_factory=dict)
    details: Mapping[str, str] = field(default_factory=dict)
    #: Revisions of its translations (:class:`tools.sitebuild.ledger.Revision`), oldest first.
    revisions: tuple[Revision, ...] = ()

    @property
    def is_draft(self) -> bool:
        return self.name == DRAFT_NAME

    @property
    def tag(self) -> str:
        """The git tag ``make tags`` gives the version, e.g. ``v2026-11-24`` ("" for the draft)."""
        return "" if self.is_draft else tag_name(self.name)

    def headline(self, language: str) -> str:
        return self.summary.get(language, "")

    def body(self, language: str) -> str:
        return self.details.get(language, "")

    def translations(self, language: str, build_date: dt.date | None = None) -> list[Translation]:
        """The translations into *language* published on *build_date* (every one if None), oldest first:
        the one released with the version, then each revision from its date on. The last one is shown."""
        made = dt.datetime.fromtimestamp(self.timestamp, tz=dt.UTC).date()
        found = [Translation(language, made, self.commit)]
        found += [Translation(language, r.date, r.commit, True, r.summary.get(language, ""))
                  for r in self.revisions
                  if r.language == language and (build_date is None or r.date <= build_date)]
        return found


def version_of(entry: Entry, timestamp: int, revisions: tuple[Revision, ...] = ()) -> Version:
    return Version(entry.name, entry.date, entry.commit, timestamp, entry.material,
                   dict(entry.summary), dict(entry.details),
                   tuple(r for r in revisions if r.version == entry.date))


def commit_time(repo: Path, commit: str) -> int:
    """The committer time of *commit* (seconds since the epoch)."""
    return int(output(repo, "log", "-1", "--format=%ct", commit).strip())


def parse_build_date(text: str | None, today: dt.date | None = None) -> dt.date:
    """``BUILD_DATE`` (YYYY-MM-DD) or today."""
    if not text:
        return today or dt.date.today()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"BUILD_DATE={text} is not of the form YYYY-MM-DD (e.g. BUILD_DATE=2026-11-24)")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:  # e.g. 2026-02-30: "day is out of range for month"
        raise ValueError(f"BUILD_DATE={text} is not a date in the calendar ({error})") from None


def statuses(versions: list[Version], build_date: dt.date) -> dict[str, Status]:
    """Status of every version on *build_date*: the latest one not after it is in force."""
    dated = sorted((v for v in versions if not v.is_draft), key=lambda v: v.effective)
    result: dict[str, Status] = {}
    in_force = current_version(versions, build_date)
    for version in dated:
        if version.effective > build_date:
            result[version.name] = "upcoming"
        elif in_force is not None and version.name == in_force.name:
            result[version.name] = "in-force"
        else:
            result[version.name] = "superseded"
    for version in versions:
        if version.is_draft:
            result[version.name] = "draft"
    return result


def current_version(versions: list[Version], build_date: dt.date) -> Version | None:
    """The version in force on *build_date*, or None if every version is upcoming."""
    effective = [v for v in versions if not v.is_draft and v.effective <= build_date]
    return max(effective, key=lambda v: v.effective, default=None)


def successor(versions: list[Version], version: Version) -> Version | None:
    later = [v for v in versions if not v.is_draft and v.effective > version.effective]
    return min(later, key=lambda v: v.effective, default=None)


def last_day(versions: list[Version], version: Version) -> dt.date | None:
    """The last day *version* applies: the day before the next version takes effect (None if none follows).

    >>> first = Version("2026-11-24", dt.date(2026, 11, 24), "a", 0)
    >>> last_day([first, Version("2026-12-01", dt.date(2026, 12, 1), "b", 0)], first)
    datetime.date(2026, 11, 30)
    """
    following = None if version.is_draft else successor(versions, version)
    if following is None or following.effective is None:
        return None
    return following.effective - dt.timedelta(days=1)


def predecessor(versions: list[Version], version: Version) -> Version | None:
    """The version before *version* (for the draft: the latest dated version)."""
    if version.is_draft:
        earlier = [v for v in versions if not v.is_draft]
    else:
        earlier = [v for v in versions if not v.is_draft and v.effective < version.effective]
    return max(earlier, key=lambda v: v.effective, default=None)
