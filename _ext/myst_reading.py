"""MyST Markdown read outside a Sphinx build, with myst-parser's own markdown-it parser: pure functions, no Sphinx.

The build reads the policy with myst-parser; code that needs a text's structure
from its Markdown (the translators' markup check, ``tools.i18n.check``; the
editor's material-change check, ``tools.editor.material``; the sections that
quotes are anchored in, ``processing.anchors``, in the build and in the tools
alike; a past version's facts, ``transparency.source``) reads it here, with
the same parser (:func:`myst_parser.parsers.mdit.create_md_parser`), so a role,
a link or a list item is what MyST says it is, never what a regular expression
guesses.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

#: A role's name as MyST writes it, ``{gdpr}``: for the checks that look for role syntax MyST
#: did not read as a role (the text around it is then plain text, so only a pattern finds it).
ROLE_NAME = r"\{(?P<name>[A-Za-z][\w.:+-]*)\}"

#: The first block of a text, when it is not a paragraph: what MyST reads it as.
BLOCK_KINDS = {
    "bullet_list_open": "list item",
    "ordered_list_open": "list item",
    "heading_open": "heading",
    "blockquote_open": "quote",
}


@cache
def parser(extensions: frozenset[str] = frozenset()) -> MarkdownIt:
    """myst-parser's markdown-it parser with MyST's syntax extensions *extensions* (e.g. ``substitution``)."""
    return create_md_parser(MdParserConfig(enable_extensions=set(extensions)), RendererHTML)


def blocks(text: str, *, extensions: Iterable[str] = ()) -> list[Token]:
    """The block tokens of *text* (``paragraph_open``, ``inline``, ``myst_target``, …)."""
    return parser(frozenset(extensions)).parse(text)


def inline_tokens(text: str, *, extensions: Iterable[str] = ()) -> Iterator[tuple[Token, int]]:
    """Every inline token of *text* (``text``, ``myst_role``, ``link_open``, …) with its 1-based line, in order.

    The body of a directive (a ``{note}`` fence) is read in turn, as MyST reads it.
    """
    yield from _inline(text, 0, frozenset(extensions))


def _inline(text: str, offset: int, extensions: frozenset[str]) -> Iterator[tuple[Token, int]]:
    for token in parser(extensions).parse(text):
        if token.type == "inline" and token.map:
            line = offset + token.map[0] + 1
            for child in token.children or ():
                if child.type in ("softbreak", "hardbreak"):
                    line += 1
                yield child, line
        elif token.type == "fence" and token.info.strip().startswith("{") and token.map:
            body = token.content.splitlines(keepends=True)
            options = next((i for i, row in enumerate(body) if not row.startswith(":")), len(body))
            yield from _inline("".join(body[options:]), offset + token.map[0] + 1 + options, extensions)


def roles(text: str, name: str | None = None) -> Iterator[tuple[str, str, int]]:
    """``(name, content, line)`` of each role in *text* (only role *name*'s, if given).

    A role in a code span is code, not a role, and is not found.
    """
    for token, line in inline_tokens(text):
        if token.type == "myst_role" and (name is None or token.meta.get("name") == name):
            yield token.meta.get("name", ""), token.content, line


def first_block(text: str) -> tuple[str, str] | None:
    """``(kind, marker)`` when *text* does not start with a paragraph: ``("list item", "1.")``, ``("heading", "#")``."""
    tokens = blocks(text)
    if not tokens or tokens[0].type not in BLOCK_KINDS:
        return None
    first = tokens[0]
    if first.type == "ordered_list_open":
        item = tokens[1]
        return BLOCK_KINDS[first.type], f"{item.info}{item.markup}"
    return BLOCK_KINDS[first.type], first.markup
