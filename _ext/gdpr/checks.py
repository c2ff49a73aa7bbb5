"""Mistakes around the role that would otherwise build without a warning.

Two kinds, each found by a pure function on plain strings and reported by a thin
``doctree-read`` handler at the file and line:

- role syntax that MyST did not read as a role, so readers see it as typed:
  ``{gdpr}`` `` (two backticks open a code span, not an empty role), or
  ``{gdpr}`13` `` inside a code span. Any role name counts, not only ``gdpr``;
  a misspelt name in a well-formed role is MyST's own warning (``myst.role_unknown``).
- the regulation's name typed next to a role that writes it too:
  "databeskyttelsesforordningens {gdpr}`77`" reads "databeskyttelsesforordningens
  databeskyttelsesforordningens artikel 77"; in English, "{gdpr}`77` GDPR" reads
  "Article 77 GDPR GDPR". The name is taken from the message catalog, so it is the
  one the build's language writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain

from myst_reading import ROLE_NAME

from .citations import regulation_name
from .roles import CITATION_ATTRIBUTE

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

# "{name}" as MyST writes a role, followed by the backtick that should open its content.
_ROLE_IN_TEXT = re.compile(ROLE_NAME + "`+")
# Inside a code span the closing backtick may have ended the span, so "{name}" may end it.
_ROLE_IN_CODE = re.compile(ROLE_NAME + "(?:`[^`]*`|$)")
# The source Sphinx gives the nodes of a translated paragraph.
_TRANSLATED_SOURCE = re.compile(r"^(?P<source>.*):(?P<line>\d+):<translated>$")


@dataclass(frozen=True)
class LiteralRole:
    """Role syntax that readers will see as typed."""

    #: Where it starts in the text searched.
    offset: int
    name: str
    #: The text as typed, e.g. "{gdpr}``".
    text: str


def literal_roles_in_text(text: str) -> list[LiteralRole]:
    """Role syntax left in running text: "{gdpr}``" (an empty role is a code span to Markdown)."""
    return [LiteralRole(m.start(), m["name"], m[0]) for m in _ROLE_IN_TEXT.finditer(text)]


def literal_roles_in_code(code: str) -> list[LiteralRole]:
    """Role syntax inside a code span: "{gdpr}`13`", or "{gdpr}" where a backtick ended the span."""
    return [LiteralRole(m.start(), m["name"], m[0]) for m in _ROLE_IN_CODE.finditer(code)]


def literal_role_message(role: LiteralRole, *, in_code: bool) -> str:
    """The warning for *role*, in English, with what to write instead."""
    example = "{gdpr}`77`" if role.name == "gdpr" else f"{{{role.name}}}`...`"
    if in_code:
        return (
            f"role {role.text!r} is inside a code span (`...`), so readers see it as typed: "
            f"remove the backticks around it and write the role alone, as in {example}"
        )
    return (
        f"role {role.text!r} is not read as a role, so readers see it as typed: "
        f"a role's content goes between single backticks, as in {example}"
    )


def doubled_name(before: str, citation: str, after: str, *, name_before: str, name_after: str) -> str | None:
    """The regulation's name if the text around *citation* repeats the name it already has, else None.

    *name_before* and *name_after* are where the language puts the name
    ("databeskyttelsesforordningens" before the article in Danish, "GDPR" after it
    in English); the one the language does not use is "".
    """
    if name_before and citation.casefold().startswith(name_before.casefold()):
        last = re.search(r"(\w+)\s*$", before)
        if last and last[1].casefold() == name_before.casefold():
            return last[1]
    if name_after and citation.casefold().endswith(name_after.casefold()):
        first = re.match(r"\s*(\w+)", after)
        if first and first[1].casefold() == name_after.casefold():
            return first[1]
    return None


def doubled_name_message(word: str, citation: str, role_content: str, *, before: bool) -> str:
    """The warning for a doubled name, in English: delete the word, or use the ``~`` form."""
    seen = f"{word} {citation}" if before else f"{citation} {word}"
    side = "before" if before else "after"
    message = (
        f"{word!r} is typed {side} {{gdpr}}`{role_content}`, which writes the regulation's name itself, "
        f"so readers see {seen!r}: delete {word!r}"
    )
    if "<" not in role_content and not role_content.startswith("~"):
        message += f", or write {{gdpr}}`~{role_content}` to leave the name out of the role's text"
    return message


# -- Sphinx glue ---------------------------------------------------------------------


def check_doctree(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: warn about role syntax readers would see, and doubled names, in line order."""
    findings: list[tuple[nodes.Node, int, str, str]] = []  # (node, offset in its text, message, subtype)
    for node in doctree.findall(nodes.Text):
        if isinstance(node.parent, (nodes.literal, nodes.FixedTextElement, nodes.raw, nodes.comment)):
            continue
        for role in literal_roles_in_text(node.astext()):
            findings.append((node, role.offset, literal_role_message(role, in_code=False), "literal_role"))
    for node in doctree.findall(nodes.literal):
        for role in literal_roles_in_code(node.astext()):
            findings.append((node, role.offset, literal_role_message(role, in_code=True), "literal_role"))

    name_before, name_after = regulation_name()
    for node in doctree.findall(nodes.reference):
        if CITATION_ATTRIBUTE not in node:
            continue
        citation = node.astext()
        siblings, index = node.parent.children, node.parent.index(node)
        previous = siblings[index - 1] if index > 0 else None
        following = siblings[index + 1] if index + 1 < len(siblings) else None
        before = previous.astext() if isinstance(previous, nodes.Text) else ""
        after = following.astext() if isinstance(following, nodes.Text) else ""
        word = doubled_name(before, citation, after, name_before=name_before, name_after=name_after)
        if word is None:
            continue
        is_before = bool(name_before) and citation.casefold().startswith(name_before.casefold())
        content = re.sub(r"^:gdpr:`|`$", "", node.rawsource) or node[CITATION_ATTRIBUTE]
        findings.append((node, 0, doubled_name_message(word, citation, content, before=is_before), "doubled_name"))

    located = []
    for node, offset, message, subtype in findings:
        translated = _is_translated(node)
        source, line = _position(node, offset, count_lines=not translated)
        if translated:
            message = _translation_note(app) + message
        located.append((line or 0, f"{source}:{line}" if source else None, message, subtype))
    for _line, location, message, subtype in sorted(located, key=lambda finding: finding[0]):
        logger.warning(message, location=location, type="gdpr", subtype=subtype)


def _translation_note(app: Sphinx) -> str:
    """Where this document's translation is: for a translated paragraph, Sphinx gives
    the source file's line, so the warning also names the catalog to fix."""
    domain = docname_to_domain(app.env.docname, app.config.gettext_compact)
    locale_dir = app.config.locale_dirs[0].rstrip("/") if app.config.locale_dirs else "locale"
    return f"in this paragraph's translation ({locale_dir}/{app.config.language}/LC_MESSAGES/{domain}.po): "


def _is_translated(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.get("translated"):
            return True
        parent = parent.parent
    return False


def _position(node: nodes.Node, offset: int, *, count_lines: bool) -> tuple[str | None, int | None]:
    """The source file and line of *offset* in *node*'s text: the enclosing block's
    line plus (with *count_lines*) the line breaks before it in the block's text.
    (MyST gives inline nodes their paragraph's first line.)"""
    block = node.parent
    while block is not None and (isinstance(block, nodes.Inline) or block.line is None):
        block = block.parent
    if block is None:
        return None, None
    if translated := _TRANSLATED_SOURCE.match(block.source or ""):
        # Sphinx parses a translation as its own little document, "<file>:<line>:<translated>".
        return translated["source"], int(translated["line"])
    if not count_lines:
        return block.source, block.line
    preceding = []
    for text in block.findall(nodes.Text):
        if _is_within(text, node):
            break
        preceding.append(text.astext())
    own = node.astext()[:offset]
    return block.source, block.line + "".join(preceding).count("\n") + own.count("\n")


def _is_within(text: nodes.Node, node: nodes.Node) -> bool:
    while text is not None:
        if text is node:
            return True
        text = text.parent
    return False
