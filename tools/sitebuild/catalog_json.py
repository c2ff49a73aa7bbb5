"""``versions.json``: every dated version of the published site, for programs (no HTML here).

The file, at the site's root (URLs are relative to it)::

    {
      "build_date": "2026-12-15",           statuses are as of this day
      "languages": ["da", "en"],            every language some version has
      "versions": [                         oldest first, one per ledger entry
        {
          "date": "2026-11-24",             effective date
          "valid_from": "2026-11-24",       the first day it applies (its date)
          "valid_until": "2026-11-30",      its last day, inclusive, once a later version has a date; else null
          "status": "superseded",           in-force | superseded | upcoming
          "material": false,
          "commit": "cb74…",                the full SHA the version was built from
          "languages": ["da", "en"],        the languages this version has
          "summary": {"da": "…", "en": "…"},
          "details": {"da": "…", "en": "…"},  empty when the ledger has none
          "html": {"da": "da/2026-11-24/index.html", …},
          "pdf": {"da": {"url": "da/2026-11-24/privatlivspolitik-2026-11-24-da.pdf", "sha256": "…"}, …},
          "redline": {"da": "da/changes/<previous>_2026-11-24.html" or null, …},
          "feed": {"da": "da/versions.atom", …},
          "notice": {"da": {"url": "da/2026-11-24/notice.jsonld", "sha256": "…"}, …},
          "source_language": "da",          its text prevails over every translation
          "translations": {"en": [          each translation, oldest first; the last is shown
            {"date": "2026-11-25", "revised": false, "commit": "…", "html": "en/2026-11-24-translation-2026-11-25/…",
             "pdf": {"url": "…", "sha256": "…"}},
            {"date": "2026-12-06", "revised": true, "commit": "…", "summary": "…",
             "html": "en/2026-11-24/index.html", "pdf": {…}}
          ]}
        }
      ]
    }

The draft (``DRAFT=1``) is not a version and is not listed. Which version applied on
a day: the one with ``valid_from <= day`` and ``valid_until`` null or ``>= day``
(README, "The machine-readable notice").
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from tools.sitebuild.layout import (
    INDEX_PAGE,
    VERSIONS_JSON,
    feed_path,
    notice_path,
    page_path,
    pdf_name,
    pdf_path,
    redline_path,
    translation_dir,
)
from tools.sitebuild.model import SiteState
from tools.sitebuild.versions import Version, last_day, predecessor


def hashed(site: Path, url: str) -> dict[str, str]:
    """``{"url": url, "sha256": …}`` of the file *url* of *site*."""
    return {"url": url, "sha256": hashlib.sha256((site / url).read_bytes()).hexdigest()}


def catalog(state: SiteState, site: Path) -> dict[str, Any]:
    """The document described in the module docstring; PDFs are hashed as they are in *site*."""
    statuses = state.statuses
    versions = []
    for version in state.versions:
        if version.is_draft:
            continue
        languages = list(state.languages_of(version))
        pdfs = {}
        notices = {}
        redlines: dict[str, str | None] = {}
        for language in languages:
            url = pdf_path(language, version.name)
            pdfs[language] = hashed(site, url)
            notice = notice_path(language, version.name)
            if (site / notice).is_file():  # a project without processing data has no notices
                notices[language] = hashed(site, notice)
            previous = predecessor([v for v in state.in_language(language) if not v.is_draft], version)
            redlines[language] = None if previous is None else redline_path(language, previous.name, version.name)
        versions.append({
            "date": version.name,
            "valid_from": version.name,
            "valid_until": until.isoformat() if (until := last_day(state.versions, version)) else None,
            "status": statuses[version.name],
            "material": version.material,
            "commit": version.commit,
            "languages": languages,
            "summary": dict(version.summary),
            "details": dict(version.details),
            "html": {language: page_path(language, version.name) for language in languages},
            "pdf": pdfs,
            "redline": redlines,
            "feed": {language: feed_path(language) for language in languages},
            "notice": notices,
            "source_language": state.source_language(version),
            "translations": translations(state, version, site),
        })
    return {"build_date": state.build_date.isoformat(), "languages": list(state.languages), "versions": versions}


def translations(state: SiteState, version: Version, site: Path) -> dict[str, list[dict[str, Any]]]:
    """Each translation of *version* published on the build date, per language, oldest first: when it was
    made (``revised``: in a revision, with its ``summary``), its commit, its pages and PDF. The last one is
    the version's own pages; each earlier one stays published in its own directory."""
    found: dict[str, list[dict[str, Any]]] = {}
    for language in state.languages_of(version)[1:]:
        published = state.translations(version, language)
        for index, translation in enumerate(published):
            if index == len(published) - 1:
                html, pdf = page_path(language, version.name), pdf_path(language, version.name)
            else:
                directory = translation_dir(language, version.name, translation.name)
                html, pdf = f"{directory}/{INDEX_PAGE}", f"{directory}/{pdf_name(version.name, language)}"
            found.setdefault(language, []).append({
                "date": translation.name,
                "revised": translation.revised,
                "commit": translation.commit,
                **({"summary": translation.summary} if translation.revised else {}),
                "html": html,
                "pdf": hashed(site, pdf),
            })
    return found


def write(state: SiteState, site: Path) -> None:
    (site / VERSIONS_JSON).write_text(json.dumps(catalog(state, site), indent=1, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
