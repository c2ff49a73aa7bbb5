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

Text moved from one section to another (a paragraph or a table, alike or
nearly alike in both places) is shown once, where it now is, as moved, with a
link from a short note in its old place; not as a deletion and an insertion.
Ids of the old text that the new text also has are dropped, so the page never
holds an id twice.

Public interface (also used by ``make redline``)::

    redline = compare_documents(old_singlehtml, new_singlehtml)
    redline.sections        # list[SectionChange]
    html = redline.render_page("da", old_name="24. november 2026", new_name="1. december 2026")
"""

from __future__ import annotations

import copy
import html
import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from pathlib import Path
from typing import Literal

import lxml.html
from lxml.html import diff as lxml_diff
from markupsafe import Markup

from hyphenation import hyphenate_element, unhyphenate
from tools.messages import N_, translator
from tools.rendering import render

Status = Literal["added", "removed", "changed", "unchanged"]

_EMPTY_MARK = re.compile(r"\s*<(ins|del)>\s*</\1>")

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")

#: The redline's stylesheet: linked by the site, written into a standalone page.
REDLINE_CSS_FILE = Path(__file__).with_name("redline.css")

#: Moved text must be at least this long (characters), so that a short common
#: phrase is never mistaken for a move; and at least this similar to its old self.
MOVE_MIN_CHARS = 30
MOVE_MIN_SIMILARITY = 0.8


@dataclass(frozen=True)
class Section:
    """One ``<section>`` of a singlehtml page, without its subsections."""

    label: str
    title: str
    level: int
    body_html: str
    #: The body's top-level blocks (paragraphs, lists, tables), whose join is *body_html*.
    blocks: tuple[str, ...] = ()
    #: The heading's own ``lang`` (an untranslated heading on a translated page), else None.
    title_language: str | None = None


@dataclass(frozen=True)
class Move:
    """Text that left section *old_label* and is now in section *new_label*."""

    number: int
    old_label: str
    old_title: str
    new_label: str
    new_title: str

    @property
    def anchor(self) -> str:
        """The id of the moved text in its new place."""
        return f"moved-{self.number}"

    @property
    def origin_anchor(self) -> str:
        """The id of the note in its old place."""
        return f"moved-{self.number}-from"


@dataclass(frozen=True)
class Segment:
    """A run of a section's redline: marked-up text, text moved here, or the note where it was."""

    kind: Literal["diff", "moved-in", "moved-out"]
    html: str
    move: Move | None = None


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
    #: *diff_html* in order, with moved text apart (one "diff" segment if nothing moved).
    segments: tuple[Segment, ...] = ()
    #: The heading's ``lang`` when it is not the page's (see :attr:`Section.title_language`).
    title_language: str | None = None

    @property
    def title(self) -> str:
        return self.new_title if self.new_title is not None else (self.old_title or self.label)

    @property
    def parts(self) -> tuple[Segment, ...]:
        return self.segments or (Segment("diff", self.diff_html),)


@dataclass(frozen=True)
class Redline:
    """The result of :func:`compare_documents`."""

    sections: list[SectionChange] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for change in self.sections if change.status == status)

    @property
    def moves(self) -> list[Move]:
        return [part.move for change in self.sections for part in change.parts
                if part.kind == "moved-in" and part.move is not None]

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


def _own_blocks(section: lxml.html.HtmlElement) -> tuple[str, ...]:
    """The section's content without heading, subsections, anchors and empty wrappers, block by block."""
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
    return tuple(part.strip() for part in parts if part.strip())


def extract_sections(page_html: str) -> list[Section]:
    """Every ``<section>`` of a Sphinx page in document order, each without its subsections."""
    # Compared word by word: a version built with soft hyphens in its long words reads as one built without.
    document = lxml.html.document_fromstring(unhyphenate(page_html))
    main = _main_content(document)
    sections = []
    for element in main.iter("section"):
        label = element.get("id")
        if not label:
            continue
        level = len(element.xpath("ancestor::section")) + 1
        blocks = _own_blocks(element)
        heading = _heading(element)
        sections.append(Section(label, _heading_text(heading), level, "\n".join(blocks), blocks,
                                heading.get("lang") if heading is not None else None))
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


# -- Ids and moves ---------------------------------------------------------------

_ID = re.compile(r'\sid="([^"]*)"')


def _ids(sections: list[Section]) -> set[str]:
    return {match for section in sections for block in section.blocks for match in _ID.findall(block)}


def _drop_ids(block: str, ids: set[str]) -> str:
    """*block* without the ``id`` attributes named in *ids*."""
    return _ID.sub(lambda match: "" if match[1] in ids else match[0], block)


def _text(block: str) -> str:
    return " ".join(lxml.html.fragment_fromstring(block, create_parent="div").text_content().split())


def _similar(old: str, new: str) -> bool:
    if old == new:
        return True
    return SequenceMatcher(a=old.split(), b=new.split(), autojunk=False).ratio() >= MOVE_MIN_SIMILARITY


@dataclass(frozen=True)
class _BlockMove:
    old_label: str
    old_indices: tuple[int, ...]
    new_label: str
    new_indices: tuple[int, ...]


def find_moves(old_sections: list[Section], new_sections: list[Section]) -> list[_BlockMove]:
    """Blocks that left one section and arrived, alike or nearly, in another; adjacent blocks grouped."""
    old_texts = {section.label: [_text(block) for block in section.blocks] for section in old_sections}
    new_texts = {section.label: [_text(block) for block in section.blocks] for section in new_sections}

    # Blocks gone from their old section, and blocks new to their section.
    departed = [
        (label, index, text)
        for label, texts in old_texts.items()
        for index, text in enumerate(texts)
        if text not in new_texts.get(label, ()) and len(text) >= MOVE_MIN_CHARS
    ]
    pairs: list[tuple[str, int, str, int]] = []
    taken: set[tuple[str, int]] = set()
    for section in new_sections:
        arrived_here = set(old_texts.get(section.label, ()))
        for index, text in enumerate(new_texts[section.label]):
            if text in arrived_here or len(text) < MOVE_MIN_CHARS:
                continue
            match = next(
                (
                    (label, old_index)
                    for label, old_index, old_text in departed
                    if label != section.label and (label, old_index) not in taken and _similar(old_text, text)
                ),
                None,
            )
            if match is not None:
                taken.add(match)
                pairs.append((match[0], match[1], section.label, index))
    moves: list[_BlockMove] = []
    for old_label, old_index, new_label, new_index in pairs:
        last = moves[-1] if moves else None
        if (last is not None and last.old_label == old_label and last.new_label == new_label
                and last.old_indices[-1] + 1 == old_index and last.new_indices[-1] + 1 == new_index):
            moves[-1] = _BlockMove(old_label, (*last.old_indices, old_index), new_label, (*last.new_indices, new_index))
        else:
            moves.append(_BlockMove(old_label, (old_index,), new_label, (new_index,)))
    return moves


def _marker(kind: str, number: int) -> str:
    return f"REDLINEMOVE{kind}{number}"


_MARKER = re.compile(
    r"(?:<p>\s*)?(?:<(?:ins|del)>\s*)?REDLINEMOVE(IN|OUT)(\d+)\s*(?:</(?:ins|del)>\s*)?(?:</p>)?"
)


def _with_markers(blocks: tuple[str, ...], groups: dict[int, tuple[int, ...]], kind: str) -> str:
    """The blocks joined, each group of moved blocks replaced by one marker paragraph."""
    skip = {index for indices in groups.values() for index in indices[1:]}
    first = {indices[0]: number for number, indices in groups.items()}
    parts = []
    for index, block in enumerate(blocks):
        if index in first:
            parts.append(f"<p>{_marker(kind, first[index])}</p>")
        elif index not in skip:
            parts.append(block)
    return "\n".join(parts)


def _segments(marked_diff: str, moves: dict[int, Move], moved_html: dict[int, str]) -> tuple[Segment, ...]:
    """Split a diff with markers into its segments."""
    segments: list[Segment] = []
    position = 0
    for match in _MARKER.finditer(marked_diff):
        before = marked_diff[position:match.start()].strip()
        if before:
            segments.append(Segment("diff", before))
        number = int(match[2])
        if match[1] == "IN":
            segments.append(Segment("moved-in", moved_html[number], moves[number]))
        else:
            segments.append(Segment("moved-out", "", moves[number]))
        position = match.end()
    rest = marked_diff[position:].strip()
    if rest:
        segments.append(Segment("diff", rest))
    return tuple(segments)


def compare_documents(old_html: str, new_html: str) -> Redline:
    """Compare two Sphinx ``singlehtml`` pages section by section (paired by label).

    Sections come in the new document's order; a removed section follows the
    section it followed in the old document. Moved text is found first (see
    :func:`find_moves`) and compared with itself.
    """
    new_sections = extract_sections(new_html)
    new_ids = _ids(new_sections) | {section.label for section in new_sections}
    # Diffed without the ids the new text also has; compared as published (body_html).
    old_sections = [
        replace(section, blocks=tuple(_drop_ids(block, new_ids) for block in section.blocks))
        for section in extract_sections(old_html)
    ]
    old_by_label = {section.label: section for section in old_sections}
    new_by_label = {section.label: section for section in new_sections}
    new_labels = set(new_by_label)

    block_moves = find_moves(old_sections, new_sections)
    moves = {
        number: Move(number, found.old_label, old_by_label[found.old_label].title,
                     found.new_label, new_by_label[found.new_label].title)
        for number, found in enumerate(block_moves, start=1)
    }
    moved_html = {
        number: diff_html(
            "\n".join(old_by_label[found.old_label].blocks[i] for i in found.old_indices),
            "\n".join(new_by_label[found.new_label].blocks[i] for i in found.new_indices),
        )
        for number, found in enumerate(block_moves, start=1)
    }

    def old_body(section: Section) -> str:
        groups = {n: found.old_indices for n, found in enumerate(block_moves, 1) if found.old_label == section.label}
        return _with_markers(section.blocks, groups, "OUT")

    def new_body(section: Section) -> str:
        groups = {n: found.new_indices for n, found in enumerate(block_moves, 1) if found.new_label == section.label}
        return _with_markers(section.blocks, groups, "IN")

    def finish(change: SectionChange) -> SectionChange:
        segments = _segments(change.diff_html, moves, moved_html)
        plain = "\n".join(segment.html for segment in segments if segment.html)
        return replace(change, diff_html=plain, segments=segments)

    changes: list[SectionChange] = []
    for section in new_sections:
        old = old_by_label.get(section.label)
        if old is None:
            changes.append(finish(
                SectionChange(
                    section.label, None, section.title, "added", _wrap("ins", new_body(section)),
                    _wrap("ins", html.escape(section.title)), section.level,
                    title_language=section.title_language,
                )
            ))
            continue
        same_title = old.title == section.title
        same_body = old.body_html == section.body_html
        if same_title and same_body:
            changes.append(
                SectionChange(
                    section.label, old.title, section.title, "unchanged", section.body_html,
                    html.escape(section.title), section.level, title_language=section.title_language,
                )
            )
        else:
            title_diff = html.escape(section.title) if same_title else diff_html(
                html.escape(old.title), html.escape(section.title)
            )
            body_diff = section.body_html if same_body else diff_html(old_body(old), new_body(section))
            changes.append(finish(
                SectionChange(section.label, old.title, section.title, "changed", body_diff, title_diff, section.level,
                              title_language=section.title_language)
            ))

    # Removed sections: after the nearest preceding old section that is still placed.
    for index, old in enumerate(old_sections):
        if old.label in new_labels:
            continue
        removed = finish(SectionChange(
            old.label, old.title, None, "removed", _wrap("del", old_body(old)),
            _wrap("del", html.escape(old.title)), old.level, title_language=old.title_language,
        ))
        position = 0
        for previous in reversed(old_sections[:index]):
            placed = [i for i, change in enumerate(changes) if change.label == previous.label]
            if placed:
                position = placed[0] + 1
                break
        changes.insert(position, removed)
    return Redline(changes)


# -- Rendering -----------------------------------------------------------------

STATUS_WORDS = {
    "added": N_("New section"),
    "removed": N_("Removed section"),
    "changed": N_("Changed"),
    "unchanged": N_("Unchanged"),
}


#: Words at least this long in a redline's table cells get soft hyphens (as the site's tables do).
CELL_HYPHENATE_MIN_LENGTH = 10


def hyphenated_cells(fragment: str, language: str) -> Markup:
    """*fragment* (marked-up text) with soft hyphens in the long words of its table cells.

    The columns of a redline's table are as wide as their content; a long word
    then breaks at a hyphenation point, never in the middle of a syllable.
    """
    if "<table" not in fragment:
        return Markup(fragment)
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for cell in root.iter("td", "th"):
        hyphenate_element(cell, language, min_length=CELL_HYPHENATE_MIN_LENGTH)
    inner = (html.escape(root.text or "", quote=False)
             + "".join(lxml.html.tostring(child, encoding="unicode") for child in root))
    return Markup(inner)


def redline_context(redline: Redline, language: str, *, old_name: str, new_name: str, title: str = "") -> dict:
    """What ``redline-body.html`` needs: the redline, its heading and the translator."""
    t = translator(language)
    heading = title or t("Changes from the version of {old} to the version of {new}", old=old_name, new=new_name)
    return {"redline": redline, "heading": heading, "t": t, "status_words": STATUS_WORDS, "min": min,
            "language": language, "hyphenated": lambda fragment: hyphenated_cells(fragment, language)}


def render_redline_page(
    redline: Redline,
    language: str,
    *,
    old_name: str,
    new_name: str,
    title: str = "",
) -> str:
    """Render *redline* as a standalone HTML page in *language* (its stylesheet written in).

    *old_name* and *new_name* name the versions as readers know them (e.g. the
    long effective dates, or "the working copy"); *title* defaults to a sentence
    built from them. The published site renders the same body in its own page
    (``tools/sitebuild/templates/changes.html``).
    """
    context = redline_context(redline, language, old_name=old_name, new_name=new_name, title=title)
    return render("redline-page.html", css=Markup(REDLINE_CSS_FILE.read_text(encoding="utf-8")), **context)
