"""HTML for the vendor table's cells: each body cell names its column in ``data-label``.

On a narrow screen ``static/vendors.css`` shows the table one vendor at a time,
each cell on a line of its own under its column's header, as the PDF does;
the header comes from ``data-label`` (set by :func:`table._entry` from the
translated column headers), so no reader-visible word is in the stylesheet.
Every other table cell is written as docutils writes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator


def visit_entry(self: HTML5Translator, node: nodes.entry) -> None:
    """docutils' ``visit_entry`` (``_html_base.HTMLTranslator``), with ``data-label`` when the cell has one."""
    label = node.get("column_label")
    if not label:
        type(self).visit_entry(self, node)
        return
    atts: dict[str, object] = {"classes": [], "data-label": label}
    node.parent.column += 1
    if "morerows" in node:
        atts["rowspan"] = node["morerows"] + 1
    if "morecols" in node:
        atts["colspan"] = node["morecols"] + 1
        node.parent.column += node["morecols"]
    self.body.append(self.starttag(node, "td", "", **atts))
    self.context.append("</td>\n")


def depart_entry(self: HTML5Translator, node: nodes.entry) -> None:
    type(self).depart_entry(self, node)
