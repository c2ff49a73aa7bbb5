"""Every path and URL of the published site, and of a version's build in the cache (pure functions).

A site path is relative to the site's root and written with ``/``; a page links
another with :func:`relative`. Layout of ``_build/site/``::

    index.html                      redirect to <first language>/current/ (hreflang alternates)
    _site/site.css                  styles of the bar, the notices and the site pages
    _site/redline.css               styles of the redlines
    <lang>/index.html               redirect to <lang>/current/ (or the versions page)
    <lang>/versions.html            every version: date, status, summary, links
    <lang>/versions.atom            the feed of versions (:mod:`.feeds`)
    <lang>/<YYYY-MM-DD>/…           a version's pages and its PDF (:func:`pdf_name`)
    <lang>/<YYYY-MM-DD>/notice.jsonld  the version's machine-readable notice
    <lang>/<YYYY-MM-DD>-translation-<YYYY-MM-DD>/…  an earlier translation of a version
                                    (:func:`translation_dir`), kept when a revision replaced it
    <lang>/current/…                the version in force on the build date
    <lang>/draft/…                  DRAFT=1 only: the working tree
    <lang>/changes/<old>_<new>.html redline of each consecutive pair
    versions.json                   every version, machine-readable (:mod:`.catalog_json`)
    SHA256SUMS                      every published file (:mod:`.manifest`)

A version's build (:mod:`.unit`), in ``<cache>/<key>/``::

    <lang>/html/…                   the HTML pages
    <lang>/singlehtml/index.html    the whole policy on one page (redlines, PDF)
    <lang>/<pdf name>               the PDF
    build.json                      titles, languages, settings, warnings
    templates/                      its own _templates/ and locale/<lang>/LC_MESSAGES/sphinx.po:
                                    the site pages' footer is rendered as its pages have it
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from notice.generator import NOTICE_FILE

#: The directory of the version in force, beside the dated ones.
CURRENT = "current"
#: The site's own stylesheets.
SITE_CSS_PATH = "_site/site.css"
REDLINE_CSS_PATH = "_site/redline.css"
ROOT_INDEX = "index.html"
VERSIONS_JSON = "versions.json"
MANIFEST = "SHA256SUMS"
FEED_NAME = "versions.atom"
#: The machine-readable notice's file name, as the notice extension writes it into a build.
NOTICE_NAME = NOTICE_FILE
INDEX_PAGE = "index.html"


def relative(from_page: PurePosixPath | str, to_path: str) -> str:
    """URL of site path *to_path* from the page at site path *from_page*."""
    start = str(PurePosixPath(from_page).parent) or "."
    return os.path.relpath(to_path, start=start).replace(os.sep, "/")


# -- the published site ------------------------------------------------------------


def pdf_name(name: str, language: str) -> str:
    """File name of a version's PDF, e.g. ``privatlivspolitik-2026-11-24-da.pdf``."""
    return f"privatlivspolitik-{name}-{language}.pdf"


def version_dir(language: str, name: str) -> str:
    """The directory of version *name* (or ``current``) in *language*, e.g. ``da/2026-11-24``."""
    return f"{language}/{name}"


def translation_dir(language: str, name: str, made: str) -> str:
    """Where an earlier translation of version *name*, made on *made*, stays published once a revision
    replaced it, e.g. ``en/2026-12-01-translation-2026-11-25``: beside the versions, so that its
    pages' links to the other languages (``../../<lang>/<name>/``) still lead to the version."""
    return f"{language}/{name}-translation-{made}"


def page_path(language: str, name: str, page: str = INDEX_PAGE) -> str:
    """A page of version *name* in *language*; *page* is its path in the version's build."""
    return f"{version_dir(language, name)}/{page}"


def pdf_path(language: str, name: str, *, directory: str | None = None) -> str:
    """The PDF of version *name*; in *directory* ``current`` it keeps its dated name."""
    return f"{version_dir(language, directory or name)}/{pdf_name(name, language)}"


def static_path(language: str, name: str, file: str) -> str:
    """A file of the version's ``_static/`` (its theme's stylesheets and scripts)."""
    return f"{version_dir(language, name)}/_static/{file}"


def notice_path(language: str, name: str) -> str:
    """The machine-readable notice of version *name* in *language*."""
    return f"{version_dir(language, name)}/{NOTICE_NAME}"


def language_index_path(language: str) -> str:
    return f"{language}/{INDEX_PAGE}"


def versions_page_path(language: str) -> str:
    return f"{language}/versions.html"


def feed_path(language: str) -> str:
    """The feed's site path, e.g. ``da/versions.atom``."""
    return f"{language}/{FEED_NAME}"


def redline_path(language: str, old: str, new: str) -> str:
    """The redline from version *old* to version *new* (their names), e.g. ``da/changes/a_b.html``."""
    return f"{language}/changes/{old}_{new}.html"


# -- a version's build in the cache ----------------------------------------------------

BUILD_INFO = "build.json"


def built_html(build: Path, language: str) -> Path:
    """The HTML pages of a build in *language*."""
    return build / language / "html"


def built_singlehtml(build: Path, language: str) -> Path:
    """The directory of the one-page build in *language* (``index.html`` in it)."""
    return build / language / "singlehtml"


def built_templates(build: Path) -> Path:
    """A build's own Sphinx templates and their catalogs (``_templates/``, ``locale/``), as a project root."""
    return build / "templates"


def built_pdf(build: Path, language: str, name: str) -> Path:
    return build / language / pdf_name(name, language)
