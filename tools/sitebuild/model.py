"""The site's model: the versions published, what was built for each, and their statuses on the build date.

No HTML and no site paths here: :mod:`.layout` names the paths, :mod:`.views`
and :mod:`.pages` turn this model into pages, and each writer of
:mod:`.writers` turns it into one more output.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.sitebuild.layout import BUILD_INFO, built_html
from tools.sitebuild.unit import SITE_SETTINGS
from tools.sitebuild.versions import Status, Translation, Version, current_version, statuses


@dataclass(frozen=True)
class Built:
    """A version and the cache directory holding its build."""

    version: Version
    path: Path
    #: The languages the version's tree declares, source language first.
    languages: tuple[str, ...]
    #: The policy's title in each language (the root document's heading).
    titles: Mapping[str, str] = field(default_factory=dict)
    #: :data:`.unit.SITE_SETTINGS` as the version's own ``conf.py`` sets them (its footer).
    settings: Mapping[str, Any] = field(default_factory=lambda: dict(SITE_SETTINGS))
    #: The build of each translation revision, by (language, revision date ``YYYY-MM-DD``).
    revision_paths: Mapping[tuple[str, str], Path] = field(default_factory=dict)

    @classmethod
    def read(cls, version: Version, path: Path) -> Built:
        """The build of *version* in *path*, as its ``build.json`` describes it."""
        info = json.loads((path / BUILD_INFO).read_text(encoding="utf-8"))
        return cls(version, path, tuple(info["languages"]), dict(info.get("titles", {})),
                   {**SITE_SETTINGS, **info.get("settings", {})})


@dataclass(frozen=True)
class SiteState:
    """What the site depends on: the versions, their builds and the build date."""

    builds: list[Built]
    build_date: dt.date
    #: The repository ``make site`` runs in: the notices (:mod:`.notices`) read each version's
    #: text from its commit there, and the newest processing data from its working tree.
    repo: Path | None = None
    #: Pages of each build, read once per assembly (see :meth:`pages`).
    _pages: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict, init=False, repr=False,
                                                          compare=False)
    _anchored: dict[tuple[str, str, str], str | None] = field(default_factory=dict, init=False, repr=False,
                                                              compare=False)

    @property
    def versions(self) -> list[Version]:
        return [b.version for b in self.builds]

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language some version has, the newest version's order first."""
        ordered: list[str] = []
        for build in reversed(self.builds):
            ordered += [language for language in build.languages if language not in ordered]
        return tuple(ordered)

    @property
    def titles(self) -> dict[str, str]:
        """The policy's title in each language; the newest version's title wins."""
        titles: dict[str, str] = {}
        for build in self.builds:  # oldest first
            titles.update(build.titles)
        return titles

    def built(self, version: Version) -> Built:
        return next(b for b in self.builds if b.version.name == version.name)

    def named(self, name: str) -> Version:
        return next(v for v in self.versions if v.name == name)

    def languages_of(self, version: Version) -> tuple[str, ...]:
        return self.built(version).languages

    def in_language(self, language: str) -> list[Version]:
        """The versions published in *language*."""
        return [b.version for b in self.builds if language in b.languages]

    @property
    def statuses(self) -> dict[str, Status]:
        return statuses(self.versions, self.build_date)

    @property
    def current(self) -> Version | None:
        return current_version(self.versions, self.build_date)

    @property
    def upcoming(self) -> list[Version]:
        statuses = self.statuses  # computed over every version: once, not once per version
        return [v for v in self.versions if statuses[v.name] == "upcoming"]

    def path(self, version: Version) -> Path:
        return self.built(version).path

    # -- translations ---------------------------------------------------------------

    def source_language(self, version: Version) -> str:
        """The language *version* is written in: the first of its tree's languages."""
        return self.languages_of(version)[0]

    def translations(self, version: Version, language: str) -> list[Translation]:
        """The translations of *version* into *language* published on the build date, oldest first
        (the last one is shown); none in the source language or a language the version lacks."""
        languages = self.languages_of(version)
        if version.is_draft or language not in languages[1:]:
            return []
        built = self.built(version).revision_paths
        return [t for t in version.translations(language, self.build_date)
                if not t.revised or (language, t.name) in built]

    def shown_translation(self, version: Version, language: str) -> Translation | None:
        found = self.translations(version, language)
        return found[-1] if found else None

    def translation_path(self, version: Version, language: str, translation: Translation | None) -> Path:
        """The build holding *translation* of *version* (the version's own build for the first one)."""
        if translation is None or not translation.revised:
            return self.path(version)
        return self.built(version).revision_paths[(language, translation.name)]

    def content_path(self, version: Version, language: str) -> Path:
        """The build whose pages *version* shows in *language*: its newest translation's, or its own."""
        return self.translation_path(version, language, self.shown_translation(version, language))

    def pages(self, version: Version | None, language: str) -> frozenset[str]:
        """The HTML pages of *version*'s build in *language*, as paths in the build (``policy/x.html``)."""
        if version is None:
            return frozenset()
        key = (version.name, language)
        if key not in self._pages:
            root = built_html(self.content_path(version, language), language)
            self._pages[key] = frozenset(p.relative_to(root).as_posix() for p in root.rglob("*.html"))
        return self._pages[key]

    def page_with_id(self, version: Version, language: str, anchor: str) -> str | None:
        """The page of *version* in *language* that has the element ``id=anchor``."""
        key = (version.name, language, anchor)
        if key not in self._anchored:
            root = built_html(self.content_path(version, language), language)
            needle = f'id="{anchor}"'
            self._anchored[key] = next((page for page in sorted(self.pages(version, language))
                                        if needle in (root / page).read_text(encoding="utf-8")), None)
        return self._anchored[key]


def newest_first(version: Version) -> tuple[int, str]:
    """Sort key: the draft, then the dated versions from the newest."""
    return (0 if version.is_draft else 1, "" if version.is_draft else _invert(version.name))


def _invert(name: str) -> str:
    return "".join(chr(0x7F - ord(c)) for c in name)
