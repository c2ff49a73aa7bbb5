"""Assemble the published site from the cached version builds.

Everything here depends on the set of versions and the build date, so it is
redone on every ``make site`` (it takes well under a second per version):
the cached HTML is copied with the site bar (version and language switchers)
and the notice for its status inserted, so a cached version always shows the
current state. Layout of ``_build/site/``::

    index.html                      redirect to da/current/ (meta refresh + links, hreflang)
    _site/site.css                  styles of the bar, the notices and the site pages
    <lang>/index.html               redirect to <lang>/current/
    <lang>/versions.html            every version: date, status, summary, links
    <lang>/<YYYY-MM-DD>/…           a version's pages and its PDF
    <lang>/current/…                the version in force on the build date
    <lang>/draft/…                  DRAFT=1 only: the working tree
    <lang>/changes/<old>_<new>.html redline of each consecutive pair
    <lang>/versions.atom            the feed of versions (:mod:`.feeds`)
    versions.json                   every version, machine-readable (:mod:`.catalog_json`)
    SHA256SUMS                      every published file

A version is published in the languages its own tree has (``Built.languages``);
a language's switchers, versions page and redlines offer only the versions in it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path, PurePosixPath

from babel import Locale
from markupsafe import Markup

from tools.messages import N_, long_date, translator
from tools.redline.compare import compare_documents
from tools.sitebuild.feeds import feed_link, feed_paragraph, feed_path
from tools.sitebuild.unit import pdf_name
from tools.sitebuild.versions import (
    Status,
    Version,
    current_version,
    predecessor,
    statuses,
    successor,
)

SITE_CSS = Path(__file__).with_name("site.css")
CURRENT = "current"

_STATUS_WORDS = {
    "in-force": N_("In force"),
    "superseded": N_("Superseded"),
    "upcoming": N_("Upcoming"),
    "draft": N_("Draft"),
}


@dataclass(frozen=True)
class Built:
    """A version and the cache directory holding its build."""

    version: Version
    path: Path
    #: The languages the version's tree declares, source language first.
    languages: tuple[str, ...] = ("da", "en")


@dataclass(frozen=True)
class SiteState:
    """What the site-level parts depend on: the versions and the build date."""

    builds: list[Built]
    build_date: dt.date

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

    def languages_of(self, version: Version) -> tuple[str, ...]:
        return next(b.languages for b in self.builds if b.version.name == version.name)

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
        return [v for v in self.versions if self.statuses[v.name] == "upcoming"]

    def path(self, version: Version) -> Path:
        return next(b.path for b in self.builds if b.version.name == version.name)


# -- small pure helpers ------------------------------------------------------


def language_name(language: str) -> str:
    """The language's own name, capitalised: "Dansk", "English"."""
    name = Locale.parse(language).get_display_name(language)
    return name[:1].upper() + name[1:]


def relative(from_page: PurePosixPath, to_path: str) -> str:
    """URL of site path *to_path* from the page at site path *from_page*."""
    return os.path.relpath(to_path, start=str(from_page.parent) or ".").replace(os.sep, "/")


def version_label(version: Version, language: str) -> str:
    t = translator(language)
    if version.is_draft:
        return str(t("Draft"))
    return long_date(version.effective, language)


def redline_path(language: str, old: Version, new: Version) -> str:
    return f"{language}/changes/{old.name}_{new.name}.html"


def insert_into_page(page: str, *, head: str, body_start: str) -> str:
    """Put *head* before ``</head>`` and *body_start* right after ``<body …>``."""
    page = page.replace("</head>", head + "\n</head>", 1)
    match = re.search(r"<body[^>]*>", page)
    if match is None:
        return page
    return page[: match.end()] + "\n" + body_start + page[match.end():]


# -- the bar and the notices -------------------------------------------------


def site_bar(
    state: SiteState,
    language: str,
    here: PurePosixPath,
    *,
    shown: str | None,
    page_in: Callable[[str, str], str],
) -> str:
    """Version switcher, language switcher and a link to the versions page.

    *shown* is the name of the version on this page (or None); ``page_in(lang,
    name)`` gives the site path of the same page in another language or version.
    """
    t = translator(language)
    statuses_ = state.statuses
    items = []
    for version in sorted(state.in_language(language), key=_newest_first):
        status = t(_STATUS_WORDS[statuses_[version.name]])
        label = t("{version} ({status})", version=version_label(version, language), status=status)
        current_attr = ' aria-current="page"' if version.name == shown else ""
        href = relative(here, page_in(language, version.name))
        items.append(f'<li><a href="{html.escape(href)}"{current_attr}>{label}</a></li>')
    items.append(
        '<li><a href="{}">{}</a></li>'.format(
            html.escape(relative(here, f"{language}/versions.html")), t("All versions and their changes")
        )
    )
    if shown is None:
        summary = t("Versions")
    else:
        version = next(v for v in state.versions if v.name == shown)
        summary = t("Version: {version}", version=version_label(version, language))
    languages = []
    offered = state.languages if shown is None else state.languages_of(
        next(v for v in state.versions if v.name == shown))
    for other in offered:
        name = language_name(other)
        if other == language:
            languages.append(f'<strong lang="{other}">{name}</strong>')
        else:
            href = relative(here, page_in(other, shown or CURRENT))
            languages.append(f'<a href="{html.escape(href)}" hreflang="{other}" lang="{other}">{name}</a>')
    bar_label = t("Versions and languages")
    languages_label = t("Languages")
    return "\n".join([
        f'<nav class="site-bar" aria-label="{bar_label}">',
        f'<details class="site-versions"><summary>{summary}</summary><ul>',
        *items,
        "</ul></details>",
        f'<div class="site-languages" aria-label="{languages_label}">{" ".join(languages)}</div>',
        "</nav>",
    ])


def notice(state: SiteState, version: Version, language: str, here: PurePosixPath, same_page_in_current: str) -> str:
    """The status notice for a page of *version*, or "" for the version in force with nothing upcoming."""
    t = translator(language)
    status = state.statuses[version.name]
    current = state.current
    current_link = relative(here, same_page_in_current)
    paragraphs: list[Markup] = []
    kind = status
    if status == "superseded":
        following = successor(state.versions, version)
        assert following is not None and following.effective is not None
        last_day = following.effective - dt.timedelta(days=1)
        paragraphs.append(t("This version applied until {date}.", date=long_date(last_day, language)))
        paragraphs.append(Markup('<a href="{}">{}</a>').format(current_link, t("Read this page in the version in force.")))
    elif status == "upcoming":
        date = long_date(version.effective, language)
        if current is not None:
            paragraphs.append(t("This version takes effect on {date}. Until then, the version of {current} applies.",
                                date=date, current=long_date(current.effective, language)))
            paragraphs.append(
                Markup('<a href="{}">{}</a>').format(current_link, t("Read this page in the version in force."))
            )
        else:
            paragraphs.append(t("This version takes effect on {date}.", date=date))
    elif status == "draft":
        paragraphs.append(t("This is a draft for review. It is not in force, and the text may change."))
        if current is not None:
            paragraphs.append(
                Markup('<a href="{}">{}</a>').format(current_link, t("Read this page in the version in force."))
            )
    elif status == "in-force" and state.upcoming:
        kind = "announcement"
        upcoming = min(state.upcoming, key=lambda v: v.effective)
        paragraphs.append(t("A new version takes effect on {date}.", date=long_date(upcoming.effective, language)))
        paragraphs.append(
            Markup('<a href="{}">{}</a>').format(
                relative(here, redline_path(language, version, upcoming)), t("See what changes.")
            )
        )
    if not paragraphs:
        return ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f'<div class="site-notice site-notice-{kind}" role="note">\n{body}\n</div>'


def _newest_first(version: Version) -> tuple[int, str]:
    return (0 if version.is_draft else 1, "" if version.is_draft else _invert(version.name))


def _invert(name: str) -> str:
    return "".join(chr(0x7F - ord(c)) for c in name)


# -- pages ---------------------------------------------------------------------


def site_page(language: str, title: str, body: str, *, here: PurePosixPath, head: str = "", bar: str = "") -> str:
    css = relative(here, "_site/site.css")
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{language}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f'<link rel="stylesheet" href="{css}">',
        head,
        "</head>",
        '<body class="site-page">',
        bar,
        '<main id="main">',
        body,
        "</main>",
        "</body>",
        "</html>",
        "",
    ])


def versions_page(state: SiteState, language: str, title: str) -> str:
    here = PurePosixPath(f"{language}/versions.html")
    t = translator(language)
    statuses_ = state.statuses
    parts = [
        Markup("<h1>{}</h1>").format(t("Versions of {title}", title=title)),
        Markup("<p>{}</p>").format(t("Each version applies from its effective date until the next version takes effect.")),
        Markup("<p>{}</p>").format(t("The statuses are as of {date}.", date=long_date(state.build_date, language))),
    ]
    versions = state.in_language(language)
    for version in sorted(versions, key=_newest_first):
        status = statuses_[version.name]
        base = f"{language}/{version.name}"
        links = [
            '<li><a href="{}">{}</a></li>'.format(relative(here, f"{base}/index.html"), t("Read this version")),
            '<li><a href="{}">{}</a></li>'.format(
                relative(here, f"{base}/{pdf_name(version.name, language)}"), t("Download this version as PDF")
            ),
        ]
        previous = predecessor(versions, version)
        if previous is not None:
            links.append('<li><a href="{}">{}</a></li>'.format(
                relative(here, redline_path(language, previous, version)),
                t("Changes from the version of {date}", date=version_label(previous, language)),
            ))
        else:
            links.append(Markup("<li>{}</li>").format(
                t("This is the first version; there is no earlier version to compare with.")))
        if version.is_draft:
            date_line = t("This is a draft for review. It is not in force, and the text may change.")
            heading = version_label(version, language)
        else:
            date_line = t("Effective from {date}", date=long_date(version.effective, language))
            heading = Markup('<time datetime="{}">{}</time>').format(version.name, long_date(version.effective, language))
        body = "".join(f"<p>{html.escape(p)}</p>" for p in version.body(language).split("\n\n") if p.strip())
        parts += [
            f'<section class="version version-{status}" id="v{version.name}">',
            f'<h2>{heading} <span class="status">{t(_STATUS_WORDS[status])}</span></h2>',
            f"<p>{date_line}</p>",
            f'<p class="headline">{html.escape(version.headline(language))}</p>' if version.headline(language) else "",
            f'<div class="summary">{body}</div>' if body else "",
            f"<ul>{''.join(links)}</ul>",
            "</section>",
        ]
    bar = site_bar(state, language, here, shown=None, page_in=lambda lang, name: f"{lang}/versions.html")
    parts.append(feed_paragraph(relative(here, feed_path(language)), language))
    return site_page(language, str(t("Versions of {title}", title=title)), "\n".join(p for p in parts if p),
                     here=here, bar=bar, head=feed_link(relative(here, feed_path(language)), language))


def redirect_page(target: str, *, language: str, here: PurePosixPath, alternates: dict[str, str]) -> str:
    """A page that sends readers to *target* without JavaScript (meta refresh and links)."""
    head = [f'<meta http-equiv="refresh" content="0; url={html.escape(relative(here, target))}">']
    for lang, path in alternates.items():
        head.append(f'<link rel="alternate" hreflang="{lang}" href="{html.escape(relative(here, path))}">')
    if alternates:
        head.append(f'<link rel="alternate" hreflang="x-default" href="{html.escape(relative(here, target))}">')
    head.append(feed_link(relative(here, feed_path(language)), language))
    links = []
    for lang, path in (alternates or {language: target}).items():
        t = translator(lang)
        text = t("Go to the privacy policy in force ({language}).", language=language_name(lang))
        links.append(f'<p lang="{lang}"><a href="{html.escape(relative(here, path))}" hreflang="{lang}">{text}</a></p>')
    return site_page(language, "WEXO", "\n".join(links), here=here, head="\n".join(head))


# -- assembly ------------------------------------------------------------------


def _copy_version(state: SiteState, version: Version, language: str, site: Path, name: str) -> None:
    """Publish *version* in *language* as ``<site>/<language>/<name>/`` with bar and notice."""
    source = state.path(version) / language / "html"
    target = site / language / name
    current = state.current
    current_pages = _pages(state, current, language) if current is not None else set()
    for file in sorted(source.rglob("*")):
        relpath = file.relative_to(source).as_posix()
        destination = target / relpath
        if file.is_dir():
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        if file.suffix != ".html":
            shutil.copyfile(file, destination)
            continue
        here = PurePosixPath(f"{language}/{name}/{relpath}")

        def page_in(lang: str, other: str, relpath: str = relpath) -> str:
            other_version = None if other == CURRENT else next(v for v in state.versions if v.name == other)
            available = current_pages if other == CURRENT else _pages(state, other_version, lang)
            return f"{lang}/{other}/{relpath if relpath in available else 'index.html'}"

        same_in_current = f"{language}/{CURRENT}/{relpath if relpath in current_pages else 'index.html'}"
        head = "\n".join(
            [f'<link rel="stylesheet" href="{relative(here, "_site/site.css")}">']
            + [f'<link rel="alternate" hreflang="{lang}" href="{relative(here, page_in(lang, name))}">'
               for lang in state.languages_of(version) if lang != language]
            + [feed_link(relative(here, feed_path(language)), language)]
        )
        body_start = site_bar(state, language, here, shown=version.name, page_in=page_in) + "\n" + notice(
            state, version, language, here, same_in_current
        )
        page = insert_into_page(file.read_text(encoding="utf-8"), head=head, body_start=body_start)
        destination.write_text(page, encoding="utf-8")
    pdf = state.path(version) / language / pdf_name(version.name, language)
    shutil.copyfile(pdf, target / pdf_name(version.name, language))


_PAGES_CACHE: dict[tuple[Path, str], set[str]] = {}


def _pages(state: SiteState, version: Version | None, language: str) -> set[str]:
    if version is None:
        return set()
    root = state.path(version) / language / "html"
    key = (root, language)
    if key not in _PAGES_CACHE:
        _PAGES_CACHE[key] = {p.relative_to(root).as_posix() for p in root.rglob("*.html")}
    return _PAGES_CACHE[key]


def _redline(state: SiteState, language: str, old: Version, new: Version) -> str:
    here = PurePosixPath(redline_path(language, old, new))
    t = translator(language)
    old_html = (state.path(old) / language / "singlehtml" / "index.html").read_text(encoding="utf-8")
    new_html = (state.path(new) / language / "singlehtml" / "index.html").read_text(encoding="utf-8")
    redline = compare_documents(old_html, new_html)
    if new.is_draft:
        title = t("Changes in the draft compared with the version of {old}", old=version_label(old, language))
    else:
        title = t("Changes from the version of {old} to the version of {new}",
                  old=version_label(old, language), new=version_label(new, language))
    bar = site_bar(state, language, here, shown=None,
                   page_in=lambda lang, name: redline_path(lang, old, new) if name in (new.name, CURRENT)
                   else f"{lang}/{name}/index.html")
    head = "\n".join([f'<link rel="stylesheet" href="{relative(here, "_site/site.css")}">',
                      feed_link(relative(here, feed_path(language)), language)])
    return redline.render_page(language, old_name=version_label(old, language), new_name=version_label(new, language),
                               title=str(title), head_extra=head, before_html=bar)


def write_manifest(site: Path) -> Path:
    """``SHA256SUMS`` of every file under *site* (``sha256sum -c`` format), sorted by path."""
    lines = []
    for file in sorted(p for p in site.rglob("*") if p.is_file() and p.name != "SHA256SUMS"):
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
        lines.append(f"{digest}  {file.relative_to(site).as_posix()}")
    manifest = site / "SHA256SUMS"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


def assemble(state: SiteState, site: Path, *, titles: dict[str, str],
             add_files: Callable[[Path], None] | None = None) -> None:
    """Write the whole site into *site* (replaced atomically-enough: built aside, then renamed).

    *add_files* writes more files (``versions.json``, the feeds) into the site
    before ``SHA256SUMS`` lists them."""
    _PAGES_CACHE.clear()
    staging = site.with_name(site.name + ".new")
    if staging.exists():
        shutil.rmtree(staging)
    (staging / "_site").mkdir(parents=True)
    shutil.copyfile(SITE_CSS, staging / "_site" / "site.css")
    current = state.current
    for language in state.languages:
        versions = state.in_language(language)
        dated = [v for v in versions if not v.is_draft]
        for version in versions:
            _copy_version(state, version, language, staging, version.name)
        has_current = current is not None and current in versions
        if has_current:
            _copy_version(state, current, language, staging, CURRENT)
        for old, new in pairwise(dated):
            _write(staging / redline_path(language, old, new), _redline(state, language, old, new))
        draft = next((v for v in versions if v.is_draft), None)
        if draft is not None and dated:
            _write(staging / redline_path(language, dated[-1], draft), _redline(state, language, dated[-1], draft))
        _write(staging / language / "versions.html", versions_page(state, language, titles.get(language, "")))
        landing = f"{language}/{CURRENT}/index.html" if has_current else f"{language}/versions.html"
        _write(staging / language / "index.html",
               redirect_page(landing, language=language, here=PurePosixPath(f"{language}/index.html"), alternates={}))
    targets = {lang: (f"{lang}/{CURRENT}/index.html" if current is not None and lang in state.languages_of(current)
                      else f"{lang}/versions.html")
               for lang in state.languages}
    first = state.languages[0]
    _write(staging / "index.html",
           redirect_page(targets[first], language=first, here=PurePosixPath("index.html"), alternates=targets))
    if add_files is not None:
        add_files(staging)
    write_manifest(staging)
    if site.exists():
        shutil.rmtree(site)
    staging.rename(site)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
