"""One Atom feed of versions per language, ``<lang>/versions.atom`` (RFC 4287, written with lxml).

Readers subscribe to be told when the policy changes. The feed lists, newest
first, each version published in its language:

- a version appears from the day it was released (the time of its commit),
  ahead of its date, so readers are told before it applies; a **material**
  version is marked with a category (WP260 paras 29-30);
- each entry has the summary, the details, and links to the version's pages,
  its PDF and the redline against the version before it;
- in a translation, each entry also says that the source text prevails and when
  the translation was made and revised, and each revision of a translation is an
  entry of its own from its date (:func:`revision_entries`).

Every date in the feed comes from the ledger and the commits, never from the
clock or a tag object, so the same ledger and build date give the same bytes.
Links are relative to the feed (RFC 4287 allows IRI references); ids are
``urn:uuid`` names derived from the language and the commit.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path, PurePosixPath

from lxml import etree

from tools.messages import long_date, text_translator
from tools.sitebuild.layout import feed_path, page_path, pdf_path, redline_path, relative, versions_page_path
from tools.sitebuild.model import SiteState
from tools.sitebuild.versions import Translation, Version, predecessor
from tools.sitebuild.views import prevails_sentence

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MEDIA_TYPE = "application/atom+xml"


def shown_from(version: Version) -> dt.datetime:
    """When *version* enters the feed: when it was released (its commit's time), at the latest on its date.

    Every version is announced ahead of its date, so subscribers learn of a change
    as early as the pages in force announce it; a material one is marked as such.
    """
    assert version.effective is not None
    effective = dt.datetime.combine(version.effective, dt.time(), tzinfo=dt.UTC)
    return min(dt.datetime.fromtimestamp(version.timestamp, tz=dt.UTC), effective)


def feed_versions(state: SiteState, language: str) -> list[Version]:
    """The versions the feed in *language* lists on the build date, newest first."""
    end_of_day = dt.datetime.combine(state.build_date, dt.time.max, tzinfo=dt.UTC)
    shown = [v for v in state.in_language(language) if not v.is_draft and shown_from(v) <= end_of_day]
    return sorted(shown, key=lambda v: v.effective, reverse=True)


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _id(*parts: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, "/".join(("wexo-privacy-policy", *parts))).urn


def _add(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ATOM}}}{tag}", {k: v for k, v in attributes.items() if v})
    if text is not None:
        element.text = text
    return element


def render(state: SiteState, language: str, *, title: str, company: str) -> bytes:
    """The feed of *language* as UTF-8 XML."""
    here = PurePosixPath(feed_path(language))
    t = text_translator(language)  # plain text: lxml escapes it once
    statuses = state.statuses
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    feed.set(XML_LANG, language)
    versions = feed_versions(state, language)
    revisions = revision_entries(state, language, versions)
    _add(feed, "id", _id(language))
    _add(feed, "title", t("Versions of {title}", title=title))
    updated = max([*(shown_from(v) for v in versions), *(moment for moment, _v, _t in revisions)],
                  default=dt.datetime.combine(state.build_date, dt.time(), tzinfo=dt.UTC))
    _add(feed, "updated", _stamp(updated))
    author = _add(feed, "author")
    _add(author, "name", company)
    _add(feed, "link", rel="self", type=MEDIA_TYPE, href=relative(here, feed_path(language)))
    _add(feed, "link", rel="alternate", type="text/html", hreflang=language,
         href=relative(here, versions_page_path(language)))
    in_language = state.in_language(language)
    for moment, version, translation in revisions:
        entry = _add(feed, "entry")
        _add(entry, "id", _id(language, version.commit, "translation", translation.name))
        _add(entry, "title", t("The translation of the version of {date} was revised: {summary}",
                               date=long_date(version.effective, language), summary=translation.summary))
        _add(entry, "published", _stamp(moment))
        _add(entry, "updated", _stamp(moment))
        _add(entry, "link", rel="alternate", type="text/html", hreflang=language,
             href=relative(here, page_path(language, version.name)))
        _add(entry, "link", rel="enclosure", type="application/pdf", hreflang=language,
             href=relative(here, pdf_path(language, version.name)))
        _add(entry, "summary", translation.summary, type="text")
        _add(entry, "content", translation_text(state, version, language), type="text")
    for version in versions:
        date = long_date(version.effective, language)
        entry = _add(feed, "entry")
        _add(entry, "id", _id(language, version.commit))
        if statuses[version.name] == "upcoming":
            heading = t("New version from {date}: {summary}", date=date, summary=version.headline(language))
        else:
            heading = t("Version of {date}: {summary}", date=date, summary=version.headline(language))
        _add(entry, "title", heading)
        _add(entry, "published", _stamp(shown_from(version)))
        _add(entry, "updated", _stamp(shown_from(version)))
        _add(entry, "link", rel="alternate", type="text/html", hreflang=language,
             href=relative(here, page_path(language, version.name)))
        _add(entry, "link", rel="enclosure", type="application/pdf", hreflang=language,
             href=relative(here, pdf_path(language, version.name)))
        previous = predecessor(in_language, version)
        if previous is not None:
            _add(entry, "link", rel="related", type="text/html", hreflang=language,
                 href=relative(here, redline_path(language, previous.name, version.name)))
        if version.material:
            _add(entry, "category", term="material", label=t("Material change"))
        _add(entry, "summary", version.headline(language), type="text")
        content = [version.body(language), translation_text(state, version, language)]
        if any(content):
            _add(entry, "content", "\n\n".join(part for part in content if part), type="text")
    return etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)


def revision_entries(
    state: SiteState, language: str, versions: list[Version],
) -> list[tuple[dt.datetime, Version, Translation]]:
    """Each revised translation of the listed *versions* into *language*, from its date on, newest first."""
    found = [(dt.datetime.combine(translation.made, dt.time(), tzinfo=dt.UTC), version, translation)
             for version in versions for translation in state.translations(version, language) if translation.revised]
    return sorted(found, key=lambda item: (item[0], item[1].name), reverse=True)


def translation_text(state: SiteState, version: Version, language: str) -> str:
    """In a translation: the source text prevails, and when each translation was made and revised."""
    translations = state.translations(version, language)
    if not translations:
        return ""
    t = text_translator(language)  # plain text: lxml escapes it once
    lines = [prevails_sentence(language, state.source_language(version)).unescape()]
    for translation in translations:
        date = long_date(translation.made, language)
        lines.append(t("Translation revised on {date}: {summary}", date=date, summary=translation.summary)
                     if translation.revised else t("Translated on {date}", date=date))
    return "\n".join(lines)


def write(state: SiteState, site: Path) -> None:
    """Write every language's feed into *site*; the author is the newest version's ``conf.py`` author."""
    titles = state.titles
    company = str(state.builds[-1].settings["author"]) if state.builds else ""
    for language in state.languages:
        path = site / feed_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render(state, language, title=titles.get(language, ""), company=company))
