"""One version's Danish text as the notice checks facts against it: pure functions, no Sphinx.

The sections come from ``processing.anchors.policy_texts``, the one reading of
the policy's Markdown that the build and the tools share; the ``{gdpr}``
citations of each section are read through the same function, so a section
holds the same paragraphs for its quotes and for its citations.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import PurePosixPath

from po_catalogs import CatalogError, parse_po
from processing.anchors import policy_texts, section_texts

from .generator import PolicyText

#: Where the policy's sections are, in a tree: the files whose labels facts may name.
POLICY_GLOB = "policy/*.md"
#: The catalog holding the translation of each quote the front page's overview shows (msgid: the quote).
QUOTES_CATALOG = "locale/{language}/LC_MESSAGES/index.po"
_GDPR_ROLE = re.compile(r"\{gdpr\}`([^`]*)`")
# Control characters no policy text has: they mark a citation through the plain-text reading untouched.
_OPEN, _CLOSE = "\x02", "\x03"
_MARKED = re.compile(f"{_OPEN}([^{_CLOSE}]*){_CLOSE}")


def section_citations(markdown: str) -> dict[str, tuple[str, ...]]:
    """The ``{gdpr}`` references written in each labelled section of *markdown* ("6(1)(a)", "~20-21")."""
    marked = _GDPR_ROLE.sub(lambda match: f"{_OPEN}{match.group(1)}{_CLOSE}", markdown)
    return {label: tuple(_MARKED.findall(text)) for label, text in section_texts(marked).items()}


def policy_text(files: Mapping[str, str]) -> PolicyText:
    """The text of a version: *files* maps each policy file's path in the tree to its Markdown."""
    sections, sources = policy_texts(files)
    citations: dict[str, tuple[str, ...]] = {}
    for markdown in files.values():
        for label, references in section_citations(markdown).items():
            citations.setdefault(label, references)
    pages = {label: PurePosixPath(path).with_suffix(".html").as_posix() for label, path in sources.items()}
    return PolicyText(sections=sections, pages=pages, citations=citations)


def quote_translations(po_text: str) -> dict[str, str]:
    """Each reviewed translation in a ``.po`` file's text, by its message id (fuzzy and empty ones left out)."""
    try:
        entries = parse_po(po_text, QUOTES_CATALOG).entries
    except CatalogError:
        return {}  # make check-po names the broken catalog at its line; no quote is translated from it
    return {entry.msgid: entry.msgstr for entry in entries if entry.msgstr and not entry.fuzzy}
