"""What the site's templates get: small frozen view-models built from the model (no page composition here).

:class:`Link`, :class:`Bar`, :class:`Notice`, :class:`VersionEntry`,
:class:`Theme` and :class:`Page` are filled from :class:`.model.SiteState`
with the words of ``tools/locale/<lang>/LC_MESSAGES/site.po`` and the paths of
:mod:`.layout`; :mod:`.pages` renders them with the templates. The site's own
pages take the look of the policy pages: Furo's stylesheets from the version in
force, and the footer that version's own ``conf.py`` describes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from babel import Locale
from markupsafe import Markup

from tools.messages import N_, long_date, translator
from tools.project import REPO_ROOT
from tools.rendering import render_sphinx_partial
from tools.sitebuild.layout import (
    CURRENT,
    INDEX_PAGE,
    SITE_CSS_PATH,
    built_html,
    built_templates,
    feed_path,
    page_path,
    pdf_path,
    redline_path,
    relative,
    static_path,
    translation_dir,
    versions_page_path,
)
from tools.sitebuild.model import SiteState, newest_first
from tools.sitebuild.versions import Translation, Version, last_day, predecessor, successor

STATUS_WORDS = {
    "in-force": N_("In force"),
    "superseded": N_("Superseded"),
    "upcoming": N_("Upcoming"),
    "draft": N_("Draft"),
}

#: Furo's and the reader's stylesheets, in the order the policy pages link them.
THEME_STYLESHEETS = ("styles/furo.css", "vendors.css", "reader.css")
THEME_SCRIPT = "reader-theme.js"


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
    #: In a translation: when each translation of the version was made and revised, oldest
    #: first; an earlier one links to where it stays published.
    translations: tuple[Link, ...] = ()


@dataclass(frozen=True)
class TranslationNotice:
    """On a translation's page: the source text prevails; when this translation was revised or replaced."""

    paragraphs: tuple[str, ...]
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


# -- words ---------------------------------------------------------------------------


def language_name(language: str) -> str:
    """The language's own name, capitalised as a label: "Dansk", "English"."""
    name = running_language_name(language)
    return name[:1].upper() + name[1:]


def running_language_name(language: str) -> str:
    """The language's own name as it is written in running text: "dansk", "English"."""
    return Locale.parse(language).get_display_name(language)


def version_label(version: Version, language: str) -> str:
    t = translator(language)
    if version.is_draft:
        return str(t("Draft"))
    return long_date(version.effective, language)


# -- the look of the policy pages ------------------------------------------------------


def theme_version(state: SiteState, language: str) -> tuple[Version, str] | None:
    """The version whose look the site's own pages take, and its directory name.

    The version in force when it has *language*; else the newest that has it.
    """
    current = state.current
    if current is not None and language in state.languages_of(current):
        return current, CURRENT
    having = [v for v in sorted(state.versions, key=newest_first) if language in state.languages_of(v)]
    return (having[0], having[0].name) if having else None


def site_settings(state: SiteState, language: str) -> dict[str, Any]:
    """The ``conf.py`` settings of the version whose look the site's pages in *language* take."""
    found = theme_version(state, language)
    return dict(state.built(found[0]).settings if found else state.builds[-1].settings)


def theme(state: SiteState, language: str, here: PurePosixPath) -> Theme:
    found = theme_version(state, language)
    if found is None:
        return Theme((), None)
    version, name = found
    static = built_html(state.content_path(version, language), language) / "_static"
    sheets = tuple(relative(here, static_path(language, name, sheet))
                   for sheet in THEME_STYLESHEETS if (static / sheet).is_file())
    script = (relative(here, static_path(language, name, THEME_SCRIPT))
              if (static / THEME_SCRIPT).is_file() else None)
    return Theme(sheets, script)


def footer(state: SiteState, language: str, here: PurePosixPath) -> str:
    """The policy pages' footer (``_templates/partials/reader-footer.html``), for a site page."""
    settings = site_settings(state, language)
    if not settings["reader_controller"]:
        return ""
    contact_url = None
    found = theme_version(state, language)
    anchor = str(settings["reader_contact_label"])
    if found is not None and anchor:
        version, name = found
        page = state.page_with_id(version, language, anchor)
        if page is not None:
            contact_url = relative(here, page_path(language, name, page)) + "#" + anchor
    # The version's own template and catalog, as on its pages ("Dataansvarlig:", "Controller:").
    root = built_templates(state.path(found[0])) if found is not None else REPO_ROOT
    if not (root / "_templates" / "partials" / "reader-footer.html").is_file():
        root = REPO_ROOT
    return render_sphinx_partial(
        "partials/reader-footer.html", language, root,
        next=None, prev=None, master_doc=settings["root_doc"], pathto=lambda name, *args: name,
        reader_controller=settings["reader_controller"], reader_contact_url=contact_url,
        show_copyright=settings["html_show_copyright"], copyright=settings["copyright"],
    )


def feed_link(language: str, here: PurePosixPath) -> Link:
    """The link to the feed of versions in *language*, from the page at *here*."""
    t = translator(language)
    return Link(relative(here, feed_path(language)), t("Follow changes to this policy (Atom feed)"), language)


def page_frame(
    state: SiteState, language: str, here: PurePosixPath, *, title: str, site_title: str,
    stylesheets: tuple[str, ...] = (SITE_CSS_PATH,), alternates: tuple[Link, ...] = (),
) -> Page:
    found = theme_version(state, language)
    home = Link(relative(here, page_path(language, found[1])), site_title) if found and site_title else None
    return Page(
        language=language, title=title, site_title=site_title, home=home, theme=theme(state, language, here),
        stylesheets=tuple(relative(here, sheet) for sheet in stylesheets), alternates=alternates,
        footer=footer(state, language, here), feed=feed_link(language, here),
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
              status=t(STATUS_WORDS[statuses_[version.name]])),
            current=version.name == shown,
        )
        for version in sorted(state.in_language(language), key=newest_first)
    )
    if shown is None:
        summary = t("Versions")
    else:
        summary = t("Version: {version}", version=version_label(state.named(shown), language))
    language_links = tuple(
        Link(relative(here, page_in(other, shown or CURRENT)), language_name(other), other, current=other == language)
        for other in (languages or state.languages)
    )
    return Bar(summary, versions, Link(relative(here, versions_page_path(language)),
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
        return Notice(status, (t("This version applied up to and including {date}.",
                                   date=long_date(last_day, language)),), in_force)
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
            Link(relative(here, redline_path(language, version.name, upcoming.name)), t("See what changes.")),
        )
    return None


# -- translations --------------------------------------------------------------------


def prevails_sentence(language: str, source: str) -> Markup:
    """The whole sentence a translation's pages, PDF, versions page and feed entries carry."""
    return translator(language)(
        "This is a translation. The {language} text prevails, and the statuses and dates shown apply to it.",
        language=Locale.parse(source).get_display_name(language))


def translation_notice(
    state: SiteState, version: Version, language: str, here: PurePosixPath, relpath: str,
    shown: Translation | None, *, page_says_it: bool,
) -> TranslationNotice | None:
    """The notice on a page *relpath* of *version* in *language* that shows translation *shown*.

    *page_says_it*: the page's own build already says that the source text prevails
    (``_ext/translation_notice.py``); older versions' pages do not, so the site says it.
    """
    translations = state.translations(version, language)
    if shown is None or not translations:
        return None
    t = translator(language)
    source = state.source_language(version)
    paragraphs: list[str] = []
    links: list[Link] = []
    if not page_says_it:
        paragraphs.append(prevails_sentence(language, source))
        links.append(Link(relative(here, page_path(source, version.name, relpath)),
                          t("Read this page in {language}.",
                            language=Locale.parse(source).get_display_name(language)), source))
    index = translations.index(shown)
    if index + 1 < len(translations):
        replaced = translations[index + 1]
        paragraphs.append(t("This translation was replaced by a revised translation on {date}.",
                            date=long_date(replaced.made, language)))
        links.append(Link(relative(here, page_path(language, version.name, relpath)),
                          t("Read the revised translation.")))
    elif shown.revised:
        previous = translations[index - 1]
        paragraphs.append(t("This translation was revised on {date}.", date=long_date(shown.made, language)))
        links.append(Link(relative(here, f"{translation_dir(language, version.name, previous.name)}/{relpath}"),
                          t("Read the previous translation, of {date}.", date=long_date(previous.made, language))))
    if not paragraphs:
        return None
    return TranslationNotice(tuple(paragraphs), tuple(links))


def translation_lines(state: SiteState, version: Version, language: str, here: PurePosixPath) -> tuple[Link, ...]:
    """For the versions page: when each translation of *version* into *language* was made and revised."""
    t = translator(language)
    translations = state.translations(version, language)
    lines = []
    for index, translation in enumerate(translations):
        date = long_date(translation.made, language)
        if translation.revised:
            text = t("Translation revised on {date}: {summary}", date=date, summary=translation.summary)
        else:
            text = t("Translated on {date}", date=date)
        shown = index == len(translations) - 1
        href = "" if shown else relative(here, f"{translation_dir(language, version.name, translation.name)}/"
                                              f"{INDEX_PAGE}")
        lines.append(Link(href, text))
    return tuple(lines)


# -- the versions page -----------------------------------------------------------------


def version_entry(state: SiteState, version: Version, language: str, here: PurePosixPath) -> VersionEntry:
    t = translator(language)
    status = state.statuses[version.name]
    languages = state.languages_of(version)
    # The version in this language if it has it, else in its first language.
    shown_in = language if language in languages else (languages[0] if languages else language)
    other = shown_in if shown_in != language else None
    links = [
        Link(relative(here, page_path(shown_in, version.name)), t("Read this version"), other),
        Link(relative(here, pdf_path(shown_in, version.name)), t("Download this version as PDF"), other),
    ]
    previous = predecessor(state.in_language(language), version)
    if previous is not None:
        links.append(Link(relative(here, redline_path(language, previous.name, version.name)),
                          t("Changes from the version of {date}", date=version_label(previous, language))))
    else:
        links.append(Link("", t("This is the first version; there is no earlier version to compare with.")))
    if version.is_draft:
        date_line = t("This is a draft for review. It is not in force, and the text may change.")
    elif status == "superseded" and (until := last_day(state.versions, version)) is not None:
        date_line = t("Applied from {start} up to and including {end}", start=long_date(version.effective, language),
                      end=long_date(until, language))
    else:
        date_line = t("Effective from {date}", date=long_date(version.effective, language))
    return VersionEntry(
        name=version.name, label=version_label(version, language),
        date=None if version.is_draft else version.name, status=status,
        status_word=t(STATUS_WORDS[status]), date_line=date_line, headline=version.headline(shown_in),
        paragraphs=tuple(p for p in version.body(shown_in).split("\n\n") if p.strip()),
        summary_language=shown_in, links=tuple(links),
        translations=translation_lines(state, version, language, here),
    )
