"""The site's pages: each version's cached pages with the bar and notice, the versions pages, the redlines
and the redirects, composed from the view-models of :mod:`.views` with the templates.

Everything here depends on the set of versions and the build date, so it is
redone on every ``make site`` (well under a second per version): the cached
HTML is copied with the site bar (version and language switchers) and the
notice for its status inserted, so a cached version always shows the current
state. A version is published in the languages its own tree has
(``Built.languages``); a language's switchers, versions page and redlines offer
only the versions in it.
"""

from __future__ import annotations

import re
import shutil
from itertools import pairwise
from pathlib import Path, PurePosixPath

from babel import Locale

from tools.messages import long_date, translator
from tools.redline.compare import REDLINE_CSS_FILE, compare_documents, redline_context
from tools.rendering import render
from tools.sitebuild import notices
from tools.sitebuild.layout import (
    CURRENT,
    INDEX_PAGE,
    REDLINE_CSS_PATH,
    ROOT_INDEX,
    SITE_CSS_PATH,
    built_html,
    built_pdf,
    built_singlehtml,
    language_index_path,
    notice_path,
    page_path,
    pdf_path,
    redline_path,
    relative,
    translation_dir,
    version_dir,
    versions_page_path,
)
from tools.sitebuild.model import SiteState, newest_first
from tools.sitebuild.versions import Translation, Version
from tools.sitebuild.views import (
    Link,
    TranslationNotice,
    feed_link,
    notice,
    page_frame,
    prevails_sentence,
    running_language_name,
    site_bar,
    site_settings,
    translation_notice,
    version_entry,
    version_label,
)

SITE_CSS = Path(__file__).with_name("site.css")


#: A ``<link rel="alternate" type="application/ld+json">`` in a page built by _ext/notice.
_NOTICE_LINK = re.compile(r'<link rel="alternate" type="application/ld\+json" href="[^"]*">')


def links_notice(page: str) -> bool:
    """Whether the built *page* links its machine-readable notice already."""
    return _NOTICE_LINK.search(page) is not None


def insert_into_page(page: str, *, head: str, body_start: str) -> str:
    """Put *head* before ``</head>`` and *body_start* right after ``<body …>``."""
    page = page.replace("</head>", head + "\n</head>", 1)
    match = re.search(r"<body[^>]*>", page)
    if match is None:
        return page
    return page[: match.end()] + "\n" + body_start + page[match.end():]


def write_pages(state: SiteState, site: Path) -> None:
    """Write every page of the site, and its own stylesheets, into *site*."""
    titles = state.titles
    (site / SITE_CSS_PATH).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SITE_CSS, site / SITE_CSS_PATH)
    shutil.copyfile(REDLINE_CSS_FILE, site / REDLINE_CSS_PATH)
    current = state.current
    for language in state.languages:
        title = titles.get(language, "")
        versions = state.in_language(language)
        dated = [v for v in versions if not v.is_draft]
        for version in versions:
            publish_version(state, version, language, site, version.name)
            # An earlier translation that a revision replaced stays published beside the version.
            for translation in state.translations(version, language)[:-1]:
                publish_version(state, version, language, site,
                                PurePosixPath(translation_dir(language, version.name, translation.name)).name,
                                translation=translation)
        has_current = current is not None and current in versions
        if has_current:
            publish_version(state, current, language, site, CURRENT)
        for old, new in pairwise(dated):
            _write(site / redline_path(language, old.name, new.name), redline_page(state, language, old, new, title))
        draft = next((v for v in versions if v.is_draft), None)
        if draft is not None and dated:
            _write(site / redline_path(language, dated[-1].name, draft.name),
                   redline_page(state, language, dated[-1], draft, title))
        _write(site / versions_page_path(language), versions_page(state, language, title))
        landing = page_path(language, CURRENT) if has_current else versions_page_path(language)
        here = language_index_path(language)
        _write(site / here, redirect_page(state, landing, language=language, here=PurePosixPath(here),
                                          alternates={}, site_title=title))
    targets = {lang: (page_path(lang, CURRENT) if current is not None and lang in state.languages_of(current)
                      else versions_page_path(lang))
               for lang in state.languages}
    first = state.languages[0]
    _write(site / ROOT_INDEX,
           redirect_page(state, targets[first], language=first, here=PurePosixPath(ROOT_INDEX),
                         alternates=targets, site_title=titles.get(first, "")))


def publish_version(
    state: SiteState, version: Version, language: str, site: Path, name: str,
    translation: Translation | None = None,
) -> None:
    """Publish *version* in *language* as ``<site>/<language>/<name>/`` with bar and notices.

    In a translation, *translation* is the one shown (default: the newest published).
    """
    translation = translation or state.shown_translation(version, language)
    build = state.translation_path(version, language, translation)
    source = built_html(build, language)
    target = site / version_dir(language, name)
    current = state.current
    current_pages = state.pages(current, language)
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
        here = PurePosixPath(page_path(language, name, relpath))

        def page_in(lang: str, other: str, relpath: str = relpath) -> str:
            available = current_pages if other == CURRENT else state.pages(state.named(other), lang)
            return page_path(lang, other, relpath if relpath in available else INDEX_PAGE)

        same_in_current = page_path(language, CURRENT, relpath if relpath in current_pages else INDEX_PAGE)
        built = file.read_text(encoding="utf-8")
        # The page's hreflang alternates come from its own build (language_switch_root); a version
        # built with _ext/notice links its notice already, an older one gets the link here.
        # An earlier translation's pages link the version's notice (the facts are the version's).
        machine_readable = (relative(here, notice_path(language, name if name == CURRENT else version.name))
                            if notices.published(state) and not links_notice(built) else None)
        head = render("head.html", stylesheets=[relative(here, SITE_CSS_PATH)], feed=feed_link(language, here),
                      machine_readable=machine_readable)
        body_start = render(
            "page-start.html", t=translator(language),
            bar=site_bar(state, language, here, shown=version.name, page_in=page_in, languages=languages),
            notice=notice(state, version, language, here, same_in_current),
            translation_notice=translation_notice(state, version, language, here, relpath, translation,
                                                  page_says_it='class="translation-notice"' in built),
        )
        page = insert_into_page(built, head=head, body_start=body_start)
        destination.write_text(page, encoding="utf-8")
    shutil.copyfile(built_pdf(build, language, version.name),
                    site / pdf_path(language, version.name, directory=name))


def versions_page(state: SiteState, language: str, title: str) -> str:
    here = PurePosixPath(versions_page_path(language))
    t = translator(language)
    page_title = str(t("Versions of {title}", title=title))
    versions = sorted(state.in_language(language), key=newest_first)
    bar = site_bar(state, language, here, shown=None,
                   page_in=lambda lang, name: versions_page_path(lang) if name == CURRENT else page_path(lang, name))
    return render(
        "versions.html", t=t, bar=bar,
        translation_notice=site_page_notice(state, language, here, versions_page_path(state.languages[0])),
        page=page_frame(state, language, here, title=page_title, site_title=title),
        build_date=long_date(state.build_date, language),
        entries=[version_entry(state, version, language, here) for version in versions],
    )


def site_page_notice(state: SiteState, language: str, here: PurePosixPath, in_source: str) -> TranslationNotice | None:
    """On a site page in a translation: the source text prevails; *in_source* is the same page in it."""
    source = state.languages[0]
    if language == source:
        return None
    text = translator(language)("Read this page in {language}.",
                                language=Locale.parse(source).get_display_name(language))
    return TranslationNotice((prevails_sentence(language, source),),
                             (Link(relative(here, in_source), text, source),))


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
    project = str(site_settings(state, language)["project"])
    page = page_frame(state, language, here, title=site_title or project, site_title=site_title,
                      alternates=alternate_links)
    return render("redirect.html", t=translator(language), bar=None, page=page,
                  target=relative(here, target), links=links)


def redline_page(state: SiteState, language: str, old: Version, new: Version, site_title: str) -> str:
    """The changes from *old* to *new* in *language*, marked up on the whole policy."""
    here = PurePosixPath(redline_path(language, old.name, new.name))
    t = translator(language)
    old_html = (built_singlehtml(state.content_path(old, language), language) / INDEX_PAGE).read_text(encoding="utf-8")
    new_html = (built_singlehtml(state.content_path(new, language), language) / INDEX_PAGE).read_text(encoding="utf-8")
    redline = compare_documents(old_html, new_html)
    if new.is_draft:
        title = t("Changes in the draft compared with the version of {old}", old=version_label(old, language))
    else:
        title = t("Changes from the version of {old} to the version of {new}",
                  old=version_label(old, language), new=version_label(new, language))
    bar = site_bar(state, language, here, shown=None,
                   page_in=lambda lang, name: redline_path(lang, old.name, new.name) if name in (new.name, CURRENT)
                   else page_path(lang, name))
    context = redline_context(redline, language, old_name=version_label(old, language),
                              new_name=version_label(new, language), title=str(title))
    page = page_frame(state, language, here, title=str(context["heading"]), site_title=site_title,
                      stylesheets=(SITE_CSS_PATH, REDLINE_CSS_PATH))
    source = state.languages[0]
    in_source = (redline_path(source, old.name, new.name) if source in state.languages_of(old)
                 and source in state.languages_of(new) else versions_page_path(source))
    return render("changes.html", page=page, bar=bar,
                  translation_notice=site_page_notice(state, language, here, in_source), **context)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
