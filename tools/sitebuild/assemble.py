"""Assemble the published site from the cached version builds.

Everything here depends on the set of versions and the build date, so it is
redone on every ``make site`` (it takes well under a second per version):
the cached HTML is copied with the site bar (version and language switchers)
and the notice for its status inserted, so a cached version always shows the
current state. Every piece of HTML written here comes from a Jinja template
(``tools/sitebuild/templates/``, autoescaped) fed with the small frozen
dataclasses below (:class:`Link`, :class:`Bar`, :class:`Notice`,
:class:`VersionEntry`, :class:`Page`). The site's own pages take the look of
the policy pages: Furo's stylesheets from the version in force, its header and
footer. Layout of ``_build/site/``::

    index.html                      redirect to da/current/ (meta refresh + links, hreflang)
    _site/site.css                  styles of the bar, the notices and the site pages
    _site/redline.css               styles of the redlines
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
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path, PurePosixPath

from babel import Locale

from tools.messages import N_, long_date, translator
from tools.project import REPO_ROOT
from tools.redline.compare import REDLINE_CSS_FILE, compare_documents, redline_context
from tools.rendering import render, render_sphinx_partial
from tools.sitebuild.feeds import feed_path
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
SITE_CSS_PATH = "_site/site.css"
REDLINE_CSS_PATH = "_site/redline.css"
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
    languages: tuple[str, ...]


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
    """The language's own name, capitalised as a label: "Dansk", "English"."""
    name = running_language_name(language)
    return name[:1].upper() + name[1:]


def running_language_name(language: str) -> str:
    """The language's own name as it is written in running text: "dansk", "English"."""
    return Locale.parse(language).get_display_name(language)


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


# -- what the templates get ---------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A link; *language* is set when it leads to another language (``hreflang``, ``lang``)."""

    href: str
    text: str
    language: str | None = None
    current: bool = False


@dataclass(frozen=True)
class Bar:
    """The version and language switchers (``bar.html``)."""

    summary: str
    versions: tuple[Link, ...]
    all_versions: Link
    #: The languages of the version shown (or of the site, on the site's own pages).
    languages: tuple[Link, ...]


@dataclass(frozen=True)
class Notice:
    """A version's status notice (``notice.html``)."""

    kind: str
    paragraphs: tuple[str, ...]
    link: Link | None = None


@dataclass(frozen=True)
class VersionEntry:
    """One version on the versions page (``versions.html``)."""

    name: str
    label: str
    date: str | None
    status: str
    status_word: str
    date_line: str
    headline: str
    paragraphs: tuple[str, ...]
    #: The language the headline and summary are written in; when it is not the page's
    #: (a summary not yet translated), the template marks it with lang="…".
    summary_language: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Theme:
    """The policy pages' stylesheets and theme script, as URLs from one site page."""

    stylesheets: tuple[str, ...]
    theme_script: str | None


@dataclass(frozen=True)
class Page:
    """What every site page's layout (``layout.html``) needs."""

    language: str
    title: str
    site_title: str
    home: Link | None
    theme: Theme
    stylesheets: tuple[str, ...]
    alternates: tuple[Link, ...]
    footer: str
    #: The feed of versions in the page's language (``rel="alternate"`` in the head).
    feed: Link


# -- the look of the policy pages ------------------------------------------------------

#: Furo's and the reader's stylesheets, in the order the policy pages link them.
THEME_STYLESHEETS = ("styles/furo.css", "vendors.css", "reader.css")
THEME_SCRIPT = "reader-theme.js"


def theme_version(state: SiteState, language: str) -> tuple[Version, str] | None:
    """The version whose look the site's own pages take, and its directory name.

    The version in force when it has *language*; else the newest that has it.
    """
    current = state.current
    if current is not None and language in state.languages_of(current):
        return current, CURRENT
    having = [v for v in sorted(state.versions, key=_newest_first) if language in state.languages_of(v)]
    return (having[0], having[0].name) if having else None


def theme(state: SiteState, language: str, here: PurePosixPath) -> Theme:
    found = theme_version(state, language)
    if found is None:
        return Theme((), None)
    version, name = found
    static = state.path(version) / language / "html" / "_static"
    sheets = tuple(relative(here, f"{language}/{name}/_static/{sheet}")
                   for sheet in THEME_STYLESHEETS if (static / sheet).is_file())
    script = relative(here, f"{language}/{name}/_static/{THEME_SCRIPT}") if (static / THEME_SCRIPT).is_file() else None
    return Theme(sheets, script)


@cache
def _conf() -> dict[str, object]:
    """The settings of this repository's ``conf.py`` that the footer shows."""
    from sphinx.config import Config
    from sphinx.util.tags import Tags

    config = Config.read(REPO_ROOT, overrides={}, tags=Tags())
    for name, default in (("reader_controller", None), ("reader_contact_label", ""), ("html_show_copyright", True)):
        config.add(name, default, "html", frozenset({dict, str, bool, type(None)}))
    return {name: config[name] for name in
            ("reader_controller", "reader_contact_label", "html_show_copyright", "copyright", "root_doc", "project")}


@cache
def _page_with_id(root: Path, anchor: str) -> str | None:
    """The page under *root* (relative path) that has the element ``id=anchor``."""
    needle = f'id="{anchor}"'
    for page in sorted(root.rglob("*.html")):
        if needle in page.read_text(encoding="utf-8"):
            return page.relative_to(root).as_posix()
    return None


def footer(state: SiteState, language: str, here: PurePosixPath) -> str:
    """The policy pages' footer (``_templates/partials/reader-footer.html``), for a site page."""
    conf = _conf()
    if not conf["reader_controller"]:
        return ""
    contact_url = None
    found = theme_version(state, language)
    if found is not None and conf["reader_contact_label"]:
        version, name = found
        page = _page_with_id(state.path(version) / language / "html", str(conf["reader_contact_label"]))
        if page is not None:
            contact_url = relative(here, f"{language}/{name}/{page}") + "#" + str(conf["reader_contact_label"])
    return render_sphinx_partial(
        "partials/reader-footer.html", language,
        next=None, prev=None, master_doc=conf["root_doc"], pathto=lambda name, *args: name,
        reader_controller=conf["reader_controller"], reader_contact_url=contact_url,
        show_copyright=conf["html_show_copyright"], copyright=conf["copyright"],
    )


def feed(language: str, here: PurePosixPath) -> Link:
    """The link to the feed of versions in *language*, from the page at *here*."""
    t = translator(language)
    return Link(relative(here, feed_path(language)), t("Follow changes to this policy (Atom feed)"), language)


def page_frame(
    state: SiteState, language: str, here: PurePosixPath, *, title: str, site_title: str,
    stylesheets: tuple[str, ...] = (SITE_CSS_PATH,), alternates: tuple[Link, ...] = (),
) -> Page:
    found = theme_version(state, language)
    home = Link(relative(here, f"{language}/{found[1]}/index.html"), site_title) if found and site_title else None
    return Page(
        language=language, title=title, site_title=site_title, home=home, theme=theme(state, language, here),
        stylesheets=tuple(relative(here, sheet) for sheet in stylesheets), alternates=alternates,
        footer=footer(state, language, here), feed=feed(language, here),
    )


# -- the bar and the notices -------------------------------------------------


def site_bar(
    state: SiteState,
    language: str,
    here: PurePosixPath,
    *,
    shown: str | None,
    page_in: Callable[[str, str], str],
    languages: tuple[str, ...] | None = None,
) -> Bar:
    """Version switcher, language switcher and a link to the versions page.

    *shown* is the name of the version on this page (or None); ``page_in(lang,
    name)`` gives the site path of the same page in another language or version;
    *languages* are the languages this page exists in (default: the site's).
    """
    t = translator(language)
    statuses_ = state.statuses
    versions = tuple(
        Link(
            relative(here, page_in(language, version.name)),
            t("{version} ({status})", version=version_label(version, language),
              status=t(_STATUS_WORDS[statuses_[version.name]])),
            current=version.name == shown,
        )
        for version in sorted(state.in_language(language), key=_newest_first)
    )
    if shown is None:
        summary = t("Versions")
    else:
        version = next(v for v in state.versions if v.name == shown)
        summary = t("Version: {version}", version=version_label(version, language))
    language_links = tuple(
        Link(relative(here, page_in(other, shown or CURRENT)), language_name(other), other, current=other == language)
        for other in (languages or state.languages)
    )
    return Bar(summary, versions, Link(relative(here, f"{language}/versions.html"),
                                       t("All versions and their changes")), language_links)


def notice(
    state: SiteState, version: Version, language: str, here: PurePosixPath, same_page_in_current: str
) -> Notice | None:
    """The status notice for a page of *version*, or None for the version in force with nothing upcoming."""
    t = translator(language)
    status = state.statuses[version.name]
    current = state.current
    in_force = Link(relative(here, same_page_in_current), t("Read this page in the version in force."))
    if status == "superseded":
        following = successor(state.versions, version)
        assert following is not None and following.effective is not None
        last_day = following.effective - dt.timedelta(days=1)
        return Notice(status, (t("This version applied up to and including {date}.", date=long_date(last_day, language)),), in_force)
    if status == "upcoming":
        date = long_date(version.effective, language)
        if current is None:
            return Notice(status, (t("This version takes effect on {date}.", date=date),))
        return Notice(status, (t("This version takes effect on {date}. Until then, the version of {current} applies.",
                                 date=date, current=long_date(current.effective, language)),), in_force)
    if status == "draft":
        return Notice(status, (t("This is a draft for review. It is not in force, and the text may change."),),
                      in_force if current is not None else None)
    if status == "in-force" and state.upcoming:
        upcoming = min(state.upcoming, key=lambda v: v.effective)
        return Notice(
            "announcement",
            (t("A new version takes effect on {date}.", date=long_date(upcoming.effective, language)),),
            Link(relative(here, redline_path(language, version, upcoming)), t("See what changes.")),
        )
    return None


def _newest_first(version: Version) -> tuple[int, str]:
    return (0 if version.is_draft else 1, "" if version.is_draft else _invert(version.name))


def _invert(name: str) -> str:
    return "".join(chr(0x7F - ord(c)) for c in name)


# -- pages ---------------------------------------------------------------------


def version_entry(state: SiteState, version: Version, language: str, here: PurePosixPath) -> VersionEntry:
    t = translator(language)
    status = state.statuses[version.name]
    languages = state.languages_of(version)
    # The version in this language if it has it, else in its first language.
    shown_in = language if language in languages else (languages[0] if languages else language)
    other = shown_in if shown_in != language else None
    base = f"{shown_in}/{version.name}"
    links = [
        Link(relative(here, f"{base}/index.html"), t("Read this version"), other),
        Link(relative(here, f"{base}/{pdf_name(version.name, shown_in)}"), t("Download this version as PDF"), other),
    ]
    previous = predecessor(state.in_language(language), version)
    if previous is not None:
        links.append(Link(relative(here, redline_path(language, previous, version)),
                          t("Changes from the version of {date}", date=version_label(previous, language))))
    else:
        links.append(Link("", t("This is the first version; there is no earlier version to compare with.")))
    if version.is_draft:
        date_line = t("This is a draft for review. It is not in force, and the text may change.")
    else:
        date_line = t("Effective from {date}", date=long_date(version.effective, language))
    return VersionEntry(
        name=version.name, label=version_label(version, language),
        date=None if version.is_draft else version.name, status=status,
        status_word=t(_STATUS_WORDS[status]), date_line=date_line, headline=version.headline(shown_in),
        paragraphs=tuple(p for p in version.body(shown_in).split("\n\n") if p.strip()),
        summary_language=shown_in, links=tuple(links),
    )


def versions_page(state: SiteState, language: str, title: str) -> str:
    here = PurePosixPath(f"{language}/versions.html")
    t = translator(language)
    page_title = str(t("Versions of {title}", title=title))
    versions = sorted(state.in_language(language), key=_newest_first)
    bar = site_bar(state, language, here, shown=None,
                   page_in=lambda lang, name: f"{lang}/versions.html" if name == CURRENT else f"{lang}/{name}/index.html")
    return render(
        "versions.html", t=t, bar=bar,
        page=page_frame(state, language, here, title=page_title, site_title=title),
        build_date=long_date(state.build_date, language),
        entries=[version_entry(state, version, language, here) for version in versions],
    )


def redirect_page(
    state: SiteState, target: str, *, language: str, here: PurePosixPath, alternates: dict[str, str],
    site_title: str = "",
) -> str:
    """A page that sends readers to *target* without JavaScript (meta refresh and links)."""
    alternate_links = tuple(Link(relative(here, path), "", lang) for lang, path in alternates.items())
    if alternates:
        alternate_links += (Link(relative(here, target), "", "x-default"),)
    links = []
    for lang, path in (alternates or {language: target}).items():
        t = translator(lang)
        text = t("Go to the privacy policy in force ({language}).", language=running_language_name(lang))
        links.append(Link(relative(here, path), text, lang))
    page = page_frame(state, language, here, title=site_title or str(_conf()["project"]), site_title=site_title,
                      alternates=alternate_links)
    return render("redirect.html", t=translator(language), bar=None, page=page,
                  target=relative(here, target), links=links)


# -- assembly ------------------------------------------------------------------


def _copy_version(state: SiteState, version: Version, language: str, site: Path, name: str) -> None:
    """Publish *version* in *language* as ``<site>/<language>/<name>/`` with bar and notice."""
    source = state.path(version) / language / "html"
    target = site / language / name
    current = state.current
    current_pages = _pages(state, current, language) if current is not None else set()
    languages = state.languages_of(version)
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
        # The page's hreflang alternates come from its own build (language_switch_root).
        head = render("head.html", stylesheets=[relative(here, SITE_CSS_PATH)], feed=feed(language, here))
        body_start = render(
            "page-start.html", t=translator(language),
            bar=site_bar(state, language, here, shown=version.name, page_in=page_in, languages=languages),
            notice=notice(state, version, language, here, same_in_current),
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


def _redline(state: SiteState, language: str, old: Version, new: Version, site_title: str) -> str:
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
    context = redline_context(redline, language, old_name=version_label(old, language),
                              new_name=version_label(new, language), title=str(title))
    page = page_frame(state, language, here, title=str(context["heading"]), site_title=site_title,
                      stylesheets=(SITE_CSS_PATH, REDLINE_CSS_PATH))
    return render("changes.html", page=page, bar=bar, **context)


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
    shutil.copyfile(SITE_CSS, staging / SITE_CSS_PATH)
    shutil.copyfile(REDLINE_CSS_FILE, staging / REDLINE_CSS_PATH)
    current = state.current
    for language in state.languages:
        title = titles.get(language, "")
        versions = state.in_language(language)
        dated = [v for v in versions if not v.is_draft]
        for version in versions:
            _copy_version(state, version, language, staging, version.name)
        has_current = current is not None and current in versions
        if has_current:
            _copy_version(state, current, language, staging, CURRENT)
        for old, new in pairwise(dated):
            _write(staging / redline_path(language, old, new), _redline(state, language, old, new, title))
        draft = next((v for v in versions if v.is_draft), None)
        if draft is not None and dated:
            _write(staging / redline_path(language, dated[-1], draft),
                   _redline(state, language, dated[-1], draft, title))
        _write(staging / language / "versions.html", versions_page(state, language, title))
        landing = f"{language}/{CURRENT}/index.html" if has_current else f"{language}/versions.html"
        _write(staging / language / "index.html",
               redirect_page(state, landing, language=language, here=PurePosixPath(f"{language}/index.html"),
                             alternates={}, site_title=title))
    targets = {lang: (f"{lang}/{CURRENT}/index.html" if current is not None and lang in state.languages_of(current)
                      else f"{lang}/versions.html")
               for lang in state.languages}
    first = state.languages[0]
    _write(staging / "index.html",
           redirect_page(state, targets[first], language=first, here=PurePosixPath("index.html"),
                         alternates=targets, site_title=titles.get(first, "")))
    if add_files is not None:
        add_files(staging)
    write_manifest(staging)
    if site.exists():
        shutil.rmtree(site)
    staging.rename(site)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
