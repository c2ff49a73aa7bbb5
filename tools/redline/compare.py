"""Redlines: what changed between two versions of the policy, section by section.

Input is two Sphinx ``singlehtml`` pages (the whole policy on one page). Sections
are paired by their label, i.e. the ``id`` of their ``<section>`` element (MyST's
``(label)=`` line above a heading), so a section whose heading was renumbered or
reworded is still compared with itself. Each section's own text (without its
subsections, which are compared on their own) is diffed word by word with
:mod:`lxml.html.diff`.

``lxml.html.diff.htmldiff`` drops every common run of two tokens or fewer
(``InsensitiveSequenceMatcher`` with ``threshold = 2``), so a change around
"ret til" is shown as deleting and re-inserting the unchanged words. In a legal
text that overstates the change, so :func:`diff_html` runs the same tokenizer and
merge steps with a plain :class:`difflib.SequenceMatcher` that keeps every match.

Public interface (also used by ``make redline``)::

    redline = compare_documents(old_singlehtml, new_singlehtml)
    redline.sections        # list[SectionChange]
    html = redline.render_page("da", old_name="24. november 2026", new_name="1. december 2026")
"""

from __future__ import annotations

import copy
import html
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

import lxml.html
from lxml.html import diff as lxml_diff

from tools.messages import N_, translator

Status = Literal["added", "removed", "changed", "unchanged"]

_EMPTY_MARK = re.compile(r"\s*<(ins|del)>\s*</\1>")

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@dataclass(frozen=True)
class Section:
    """One ``<section>`` of a singlehtml page, without its subsections."""

    label: str
    title: str
    level: int
    body_html: str


@dataclass(frozen=True)
class SectionChange:
    """How one section (paired by label) differs between the two documents."""

    label: str
    old_title: str | None
    new_title: str | None
    status: Status
    #: The section's text with ``<ins>``/``<del>`` marks (the plain text if unchanged).
    diff_html: str
    #: The heading with ``<ins>``/``<del>`` marks when it changed, else the plain title.
    title_diff_html: str = ""
    level: int = 1

    @property
    def title(self) -> str:
        return self.new_title if self.new_title is not None else (self.old_title or self.label)


@dataclass(frozen=True)
class Redline:
    """The result of :func:`compare_documents`."""

    sections: list[SectionChange] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for change in self.sections if change.status == status)

    @property
    def has_changes(self) -> bool:
        return any(change.status != "unchanged" for change in self.sections)

    def render_page(self, language: str, **kwargs: str) -> str:
        """A standalone HTML page; see :func:`render_redline_page` for the arguments."""
        return render_redline_page(self, language, **kwargs)


# -- Parsing -------------------------------------------------------------------


def _main_content(document: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The policy text of a Sphinx page: the theme's main article, else ``<body>``."""
    for xpath in ('//*[@role="main"]', '//div[contains(concat(" ", @class, " "), " body ")]', "//body"):
        found = document.xpath(xpath)
        if found:
            return found[0]
    return document


def _heading(section: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    for child in section:
        if isinstance(child.tag, str) and child.tag in HEADINGS:
            return child
    return None


def _heading_text(heading: lxml.html.HtmlElement | None) -> str:
    if heading is None:
        return ""
    heading = copy.deepcopy(heading)
    for link in heading.xpath('.//a[contains(concat(" ", @class, " "), " headerlink ")]'):
        link.drop_tree()
    return " ".join(heading.text_content().split())


def _own_body(section: lxml.html.HtmlElement) -> str:
    """The section's content without heading, subsections, anchors and empty wrappers."""
    section = copy.deepcopy(section)
    heading = _heading(section)
    if heading is not None:
        heading.drop_tree()
    for nested in section.xpath(".//section"):
        nested.drop_tree()
    for anchor in section.xpath(".//span[@id][not(node())]"):
        anchor.drop_tree()
    for link in section.xpath('.//a[contains(concat(" ", @class, " "), " headerlink ")]'):
        link.drop_tree()
    for wrapper in section.xpath('.//div[contains(concat(" ", @class, " "), " toctree-wrapper ")]'):
        if not wrapper.text_content().strip():
            wrapper.drop_tree()
    parts = [html.escape(section.text or "").strip()]
    parts += [lxml.html.tostring(child, encoding="unicode", with_tail=True) for child in section]
    return "\n".join(part.strip() for part in parts if part.strip())


def extract_sections(page_html: str) -> list[Section]:
    """Every ``<section>`` of a Sphinx page in document order, each without its subsections."""
    document = lxml.html.document_fromstring(page_html)
    main = _main_content(document)
    sections = []
    for element in main.iter("section"):
        label = element.get("id")
        if not label:
            continue
        level = len(element.xpath("ancestor::section")) + 1
        sections.append(Section(label, _heading_text(_heading(element)), level, _own_body(element)))
    return sections


# -- Diffing -------------------------------------------------------------------


def diff_html(old_html: str, new_html: str) -> str:
    """``lxml.html.diff.htmldiff`` that keeps common runs of one or two words.

    Same tokens, same merging of ``<ins>``/``<del>`` into the new markup as lxml;
    only the matcher differs (plain :class:`difflib.SequenceMatcher`, no
    ``autojunk``), so unchanged short words between two changes stay unmarked.
    """
    old_tokens = lxml_diff.tokenize(old_html)
    new_tokens = lxml_diff.tokenize(new_html)
    matcher = SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    chunks: list[str] = []
    for command, i1, i2, j1, j2 in matcher.get_opcodes():
        if command == "equal":
            chunks.extend(lxml_diff.expand_tokens(new_tokens[j1:j2], equal=True))
            continue
        if command in ("insert", "replace"):
            lxml_diff.merge_insert(list(lxml_diff.expand_tokens(new_tokens[j1:j2])), chunks)
        if command in ("delete", "replace"):
            lxml_diff.merge_delete(list(lxml_diff.expand_tokens(old_tokens[i1:i2])), chunks)
    lxml_diff.cleanup_delete(chunks)
    result = lxml_diff.fixup_ins_del_tags("".join(chunks).strip())
    return _EMPTY_MARK.sub("", result).strip()


def _wrap(tag: str, fragment: str) -> str:
    """Mark a whole added or removed section's text."""
    if not fragment.strip():
        return ""
    return diff_html("", fragment) if tag == "ins" else diff_html(fragment, "")


def compare_documents(old_html: str, new_html: str) -> Redline:
    """Compare two Sphinx ``singlehtml`` pages section by section (paired by label).

    Sections come in the new document's order; a removed section follows the
    section it followed in the old document.
    """
    old_sections = extract_sections(old_html)
    new_sections = extract_sections(new_html)
    old_by_label = {section.label: section for section in old_sections}
    new_labels = {section.label for section in new_sections}

    changes: list[SectionChange] = []
    for section in new_sections:
        old = old_by_label.get(section.label)
        if old is None:
            changes.append(
                SectionChange(
                    section.label, None, section.title, "added", _wrap("ins", section.body_html),
                    _wrap("ins", html.escape(section.title)), section.level,
                )
            )
            continue
        same_title = old.title == section.title
        same_body = old.body_html == section.body_html
        if same_title and same_body:
            changes.append(
                SectionChange(
                    section.label, old.title, section.title, "unchanged", section.body_html,
                    html.escape(section.title), section.level,
                )
            )
        else:
            title_diff = html.escape(section.title) if same_title else diff_html(
                html.escape(old.title), html.escape(section.title)
            )
            body_diff = section.body_html if same_body else diff_html(old.body_html, section.body_html)
            changes.append(
                SectionChange(section.label, old.title, section.title, "changed", body_diff, title_diff, section.level)
            )

    # Removed sections: after the nearest preceding old section that is still placed.
    for index, old in enumerate(old_sections):
        if old.label in new_labels:
            continue
        removed = SectionChange(
            old.label, old.title, None, "removed", _wrap("del", old.body_html),
            _wrap("del", html.escape(old.title)), old.level,
        )
        position = 0
        for previous in reversed(old_sections[:index]):
            placed = [i for i, change in enumerate(changes) if change.label == previous.label]
            if placed:
                position = placed[0] + 1
                break
        changes.insert(position, removed)
    return Redline(changes)


# -- Rendering -----------------------------------------------------------------

#: Styles for a redline: insertions underlined, deletions struck through, both
#: also bracketed by text markers, so they read without colour and in print.
REDLINE_CSS = """
:root { color-scheme: light; }
body { font-family: "DejaVu Serif", Georgia, serif; line-height: 1.5; max-width: 48rem;
       margin: 1.5rem auto; padding: 0 1rem; color: #111; background: #fff; }
ins.diff, .redline ins { text-decoration: underline; text-decoration-thickness: 2px;
       background: #dff5df; color: inherit; }
del.diff, .redline del { text-decoration: line-through; text-decoration-thickness: 2px;
       background: #fde2e2; color: #333; }
.redline ins::before { content: "[+\\2009"; font-weight: bold; }
.redline ins::after { content: "\\2009+]"; font-weight: bold; }
.redline del::before { content: "[\\2212\\2009"; font-weight: bold; }
.redline del::after { content: "\\2009\\2212]"; font-weight: bold; }
.redline-legend { border: 1px solid #777; padding: .5rem 1rem; }
.redline-section { border-top: 1px solid #bbb; margin-top: 1rem; padding-top: .25rem; }
.redline-status { display: inline-block; font-size: .85em; border: 1px solid currentColor;
       padding: 0 .4em; margin-left: .5em; font-weight: normal; vertical-align: middle; }
.redline-unchanged { color: #555; border-top: none; margin-top: 0; padding-top: 0; }
.redline-unchanged > :is(h2, h3, h4, h5, h6) { font-size: 1rem; margin: .3rem 0; }
.redline-unchanged .redline-body { display: none; }
@media print {
  body { max-width: none; margin: 0; }
  .redline ins, .redline del { background: none; }
  .site-bar, .site-notice a { display: none; }
}
"""

_STATUS_WORDS = {
    "added": N_("New section"),
    "removed": N_("Removed section"),
    "changed": N_("Changed"),
    "unchanged": N_("Unchanged"),
}


def render_redline_page(
    redline: Redline,
    language: str,
    *,
    old_name: str,
    new_name: str,
    title: str = "",
    head_extra: str = "",
    before_html: str = "",
) -> str:
    """Render *redline* as a standalone HTML page in *language*.

    *old_name* and *new_name* name the versions as readers know them (e.g. the
    long effective dates, or "the working copy"); *title* defaults to a sentence
    built from them. *head_extra* (e.g. a ``<link>``) goes into ``<head>`` and
    *before_html* (e.g. a site navigation bar) at the top of ``<body>``; both are
    trusted HTML.
    """
    t = translator(language)
    heading = title or t("Changes from the version of {old} to the version of {new}", old=old_name, new=new_name)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{heading}</title>",
        f"<style>{REDLINE_CSS}</style>",
        head_extra,
        "</head>",
        '<body class="redline">',
        before_html,
        '<main id="main">',
        f"<h1>{heading}</h1>",
        '<div class="redline-legend">',
        "<p>{}</p>".format(t("Inserted text is underlined and enclosed in [+ and +].")),
        "<p>{}</p>".format(t("Deleted text is struck through and enclosed in [− and −].")),
        "<p>{}</p>".format(
            t(
                "Changed sections: {changed}. New sections: {added}. Removed sections: {removed}.",
                changed=redline.count("changed"),
                added=redline.count("added"),
                removed=redline.count("removed"),
            )
        ),
        "</div>",
    ]
    if not redline.has_changes:
        parts.append("<p>{}</p>".format(t("The text did not change.")))
    else:
        parts.append('<nav class="redline-toc"><h2>{}</h2><ul>'.format(t("Sections with changes")))
        for change in redline.sections:
            if change.status != "unchanged":
                parts.append(
                    f'<li><a href="#{html.escape(change.label)}">{html.escape(change.title)}</a> '
                    f"({t(_STATUS_WORDS[change.status])})</li>"
                )
        parts.append("</ul></nav>")
    for change in redline.sections:
        level = min(change.level + 1, 6)
        status = t(_STATUS_WORDS[change.status])
        parts += [
            f'<section class="redline-section redline-{change.status}" id="{html.escape(change.label)}">',
            (f'<h{level}>{change.title_diff_html or html.escape(change.title)}'
             f'<span class="redline-status">{status}</span></h{level}>'),
            f'<div class="redline-body">{change.diff_html}</div>',
            "</section>",
        ]
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(part for part in parts if part)
