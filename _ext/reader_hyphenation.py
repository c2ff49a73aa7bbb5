"""Reader hyphenation: long words in headings, table cells and the table of contents break only at hyphenation points.

A heading or a table cell on a phone is often narrower than its longest word
("databeskyttelsesforordningen"). The HTML writer puts a soft hyphen at each of
that word's hyphenation points (:mod:`hyphenation`), in the language of
the passage (an untranslated passage keeps the source language's
``language-xx`` class), so the browser breaks it there with a hyphen, and never
in the middle of a syllable. The table of contents' links (the sidebar, the front
page) are as narrow as a heading and get the same. The doctree is left alone:
search and the page's ``<title>`` keep the plain words.

Config value ``reader_hyphenate_min_length``: words shorter than this (letters)
are left whole; 0 turns soft hyphens off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ConfigError

from hyphenation import hyphenate

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata
    from sphinx.writers.html5 import HTML5Translator

#: Where a long word may be wider than its box: a section's heading, a rubric, a table cell.
HYPHENATED_PARENTS = (nodes.title, nodes.rubric, nodes.entry)
#: An entry of a table of contents (a toctree's link), wherever it is rendered.
TOC_ENTRY = addnodes.compact_paragraph
#: Text that is never hyphenated: code, and link text that is the address itself.
WHOLE_PARENTS = (nodes.literal, nodes.literal_block, nodes.raw)


def passage_language(node: nodes.Node, default: str) -> str:
    """The language of the passage holding *node*: the nearest ``language-xx`` class, else *default*."""
    for ancestor in _ancestors(node):
        for cls in ancestor.get("classes", ()):
            if cls.startswith("language-"):
                return cls.removeprefix("language-")
    return default


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def hyphenation_scope(node: nodes.Text) -> bool:
    """Whether *node* is in a heading or a table cell of a page's body, or a table of contents' entry, and not code.

    A title rendered on its own (the page's ``<title>``, the next and previous
    links) is in no section and no table of contents, and keeps its plain words.
    """
    in_scope = False
    for ancestor in _ancestors(node):
        if isinstance(ancestor, WHOLE_PARENTS):
            return False
        if isinstance(ancestor, TOC_ENTRY):
            return True
        if isinstance(ancestor, HYPHENATED_PARENTS):
            in_scope = True
        if isinstance(ancestor, nodes.section):
            return in_scope
    return False


def visit_text(self: HTML5Translator, node: nodes.Text) -> None:
    minimum = self.config.reader_hyphenate_min_length
    if minimum and not self.protect_literal_text and hyphenation_scope(node):
        language = passage_language(node, self.config.language or "")
        text = hyphenate(node.astext(), language, min_length=minimum)
        if text != node.astext():
            node = nodes.Text(text)
    type(self).visit_Text(self, node)


def depart_text(self: HTML5Translator, node: nodes.Text) -> None:
    type(self).depart_Text(self, node)


def validate_config(app: Sphinx, config: Config) -> None:
    minimum = config.reader_hyphenate_min_length
    if not isinstance(minimum, int) or minimum < 0:
        raise ConfigError(f"reader_hyphenate_min_length: {minimum!r} is not a number of letters (0 or more)")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("reader_hyphenate_min_length", 10, "html", types=frozenset({int}))
    app.connect("config-inited", validate_config)
    app.add_node(nodes.Text, override=True, html=(visit_text, depart_text))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
