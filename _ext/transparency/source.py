"""The build's :class:`~transparency.rules.Facts` read from a tree's MyST source: pure functions, no Sphinx.

A tool that computes the statuses of a version it does not build (``make
redline``'s base, read from a commit) reads here what
:mod:`transparency.collect` reads from the doctree: each labelled section with
its heading, the labelled section around it and the ``{gdpr}`` citations inside
it, and each citation with the innermost labelled section around it. The
Markdown is read with MyST's own parser (:mod:`myst_reading`), a citation with
the ``gdpr`` extension's own reference parser, so both readings agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from gdpr.references import GDPRReferenceError, parse_reference
from gdpr.regulation import load_structure
from myst_reading import blocks
from processing.anchors import TITLED, plain_inline
from vendors.jurisdictions import load_jurisdictions
from vendors.registry import Registry

from .rules import Citation, Facts, Section, VendorFact


def citation_target(content: str) -> str | None:
    """The canonical provision a ``{gdpr}`` role's content cites ("the consent rules <7>" -> "7"), or ``None``
    when the build would reject it."""
    titled = TITLED.match(content)
    try:
        return parse_reference(titled.group(2) if titled else content, load_structure()).canonical
    except GDPRReferenceError:
        return None


def markdown_facts(path: str, markdown: str) -> tuple[list[Section], list[Citation]]:
    """The labelled sections and the ``{gdpr}`` citations of one policy file, in document order.

    A label above a heading labels the section up to the next heading of the same
    or a higher level; a label above a paragraph labels that paragraph, as MyST's
    targets do in the doctree; a label above a directive, or its ``:name:``, labels it, with no citations.
    """
    sections: dict[str, Section] = {}
    cited: dict[str, list[str]] = {}
    citations: list[Citation] = []
    open_sections: list[tuple[int, str]] = []  # (heading level, label) of the labelled sections around
    pending: list[str] = []  # labels waiting for the block they label
    paragraph_labels: list[str] = []
    heading_level, title = 0, ""
    for token in blocks(markdown):
        line = token.map[0] + 1 if token.map else 0
        if token.type == "myst_target":
            pending.append(token.content)
        elif token.type == "heading_open":
            heading_level = int(token.tag[1:])
            while open_sections and open_sections[-1][0] >= heading_level:
                open_sections.pop()
        elif token.type == "inline" and heading_level:
            title = plain_inline(token)
            parent = open_sections[-1][1] if open_sections else ""
            for label in pending:
                sections[label] = Section(label, _docname(path), title, path, line, True, parent)
                open_sections.append((heading_level, label))
            pending, heading_level = [], 0
        elif token.type in ("inline", "fence"):
            if token.type == "fence":
                pending += _directive_names(token.info, token.content)
            parent = open_sections[-1][1] if open_sections else ""
            paragraph_labels = list(pending)
            for label in pending:
                sections[label] = Section(label, _docname(path), title, path, line, False, parent)
            pending = []
            if token.type == "fence":  # a directive ({vendor-table}): labelled, no prose of the text
                paragraph_labels = []
                continue
            for target, target_line in _citations(token, line):
                citations.append(Citation(target, parent, path, target_line))
                for label in [*(label for _, label in open_sections), *paragraph_labels]:
                    cited.setdefault(label, []).append(target)
            paragraph_labels = []
    found = [replace(section, citations=tuple(cited.get(label, ()))) for label, section in sections.items()]
    return found, citations


def _directive_names(info: str, content: str) -> list[str]:
    """The ``:name:`` a directive's options give it (a label, as MyST reads it)."""
    if not info.strip().startswith("{"):
        return []
    names = []
    for row in content.splitlines():
        if not row.startswith(":"):
            break
        option, _, value = row[1:].partition(":")
        if option.strip() == "name" and value.strip():
            names.append(value.strip())
    return names


def _citations(token, line: int) -> list[tuple[str, int]]:
    """The ``{gdpr}`` citations of an inline token the build accepts, each with its line."""
    found = []
    for child in token.children or ():
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "myst_role" and child.meta.get("name") == "gdpr":
            target = citation_target(child.content)
            if target is not None:
                found.append((target, line))
    return found


def _docname(path: str) -> str:
    return path.rsplit(".", 1)[0]


def vendor_facts(registry: Registry) -> tuple[VendorFact, ...]:
    """The vendors as the rules see them, an adequacy decision taken from the shipped jurisdictions."""
    adequacy = load_jurisdictions().adequacy
    return tuple(
        VendorFact(vendor.name, vendor.country, vendor.third_country, vendor.bases,
                   vendor.country in adequacy and not adequacy[vendor.country].only_via, vendor.line, vendor.column)
        for vendor in registry.vendors
    )


def source_facts(files: Mapping[str, str], registry: Registry) -> Facts:
    """The :class:`Facts` of a whole policy: *files* maps each file's path in the tree to its Markdown, in
    reading order (the same mapping :func:`processing.anchors.policy_texts` takes)."""
    sections: list[Section] = []
    citations: list[Citation] = []
    for path, markdown in files.items():
        found, cited = markdown_facts(path, markdown)
        sections += found
        citations += cited
    return Facts(tuple(sections), tuple(citations), vendor_facts(registry))
