"""Dated versions from git tags: names, messages and statuses (pure functions + one git call).

A version is an annotated tag ``vYYYY-MM-DD`` (the date it takes effect). The
tag message's first line is the headline; the rest is the body shown on the
versions page. Any other tag starting with ``v`` is a :class:`TagProblem`:
reported and not built.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tools.git import TagNameError, output, parse_tag_name

Status = Literal["in-force", "superseded", "upcoming", "draft"]

#: Name of the working-tree preview built with ``DRAFT=1``.
DRAFT_NAME = "draft"


@dataclass(frozen=True)
class Version:
    """One dated version (or the draft)."""

    name: str  # the directory name: "2026-11-24" or "draft"
    tag: str  # "v2026-11-24", or "" for the draft
    effective: dt.date | None  # None for the draft
    commit: str
    tag_object: str
    headline: str
    body: str
    #: Seconds since the epoch of the tag (SOURCE_DATE_EPOCH of its build).
    timestamp: int

    @property
    def is_draft(self) -> bool:
        return self.name == DRAFT_NAME


@dataclass(frozen=True)
class TagProblem:
    tag: str
    reason: str

    def __str__(self) -> str:
        return f"tag {self.tag!r} is not built: {self.reason}"


#: git's "scissors" line. In a tag message, what follows it is for reviewers (the
#: release tool's summary of changed sections), not for the versions page.
SCISSORS = "------------------------ >8 ------------------------"


def split_message(message: str) -> tuple[str, str]:
    """``(headline, body)`` of a tag message; signatures and the part below the scissors are dropped."""
    message = message.split("-----BEGIN PGP SIGNATURE-----", 1)[0]
    message = message.split(SCISSORS, 1)[0]
    lines = message.strip().splitlines()
    if not lines:
        return "", ""
    return lines[0].strip(), "\n".join(lines[1:]).strip()


def parse_build_date(text: str | None, today: dt.date | None = None) -> dt.date:
    """``BUILD_DATE`` (YYYY-MM-DD) or today."""
    if not text:
        return today or dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"BUILD_DATE={text!r} is not a date of the form YYYY-MM-DD") from None


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


def predecessor(versions: list[Version], version: Version) -> Version | None:
    """The version before *version* (for the draft: the latest dated version)."""
    if version.is_draft:
        earlier = [v for v in versions if not v.is_draft]
    else:
        earlier = [v for v in versions if not v.is_draft and v.effective < version.effective]
    return max(earlier, key=lambda v: v.effective, default=None)


# -- git ---------------------------------------------------------------------

_FIELDS = ("%(refname:short)", "%(objecttype)", "%(objectname)", "%(*objectname)", "%(taggerdate:unix)",
           "%(contents)")
_FIELD_SEP, _RECORD_SEP = "%00", "%00%01%00"


def read_versions(repo: Path, tags: list[str] | None = None) -> tuple[list[Version], list[TagProblem]]:
    """Every ``v*`` tag of *repo* as a :class:`Version` or a :class:`TagProblem`.

    *tags* limits the result to these tag names (e.g. the refs sphinx-polyversion
    retrieved). Versions come sorted by effective date.
    """
    fmt = _FIELD_SEP.join(_FIELDS) + _RECORD_SEP
    out = output(repo, "for-each-ref", f"--format={fmt}", "refs/tags/v*")
    versions: list[Version] = []
    problems: list[TagProblem] = []
    seen: dict[dt.date, str] = {}
    for record in out.split("\0\1\0"):
        record = record.strip("\n")
        if not record:
            continue
        name, objecttype, objectname, peeled, taggerdate, contents = record.split("\0")
        if tags is not None and name not in tags:
            continue
        try:
            effective = parse_tag_name(name)
        except TagNameError as error:
            problems.append(TagProblem(name, str(error)))
            continue
        if objecttype != "tag":
            problems.append(TagProblem(name, "it is a lightweight tag; a version needs an annotated tag "
                                             "whose message is the change summary (git tag -a)"))
            continue
        headline, body = split_message(contents)
        if not headline:
            problems.append(TagProblem(name, "the tag message is empty; its first line must be the headline"))
            continue
        if effective in seen:
            problems.append(TagProblem(name, f"another tag, {seen[effective]}, has the same date"))
            continue
        seen[effective] = name
        versions.append(
            Version(effective.isoformat(), name, effective, peeled, objectname, headline, body, int(taggerdate))
        )
    versions.sort(key=lambda v: v.effective)
    return versions, problems
