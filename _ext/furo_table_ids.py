"""Keep element ids unique around tables that Furo wraps.

Furo's ``WrapTableAndMathInAContainerTransform`` wraps each table in a
``table-wrapper`` container and copies *all* the table's attributes onto it,
ids included, so a named table (``:name: modtagere-tabel``) comes out with the
same ``id`` twice: invalid HTML, which the Nu Html Checker reports. This
post-transform runs after Furo's and leaves the ids on the table alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def drop_copied_ids(wrapper: nodes.Element, wrapped: nodes.Element) -> None:
    """Remove from *wrapper* the ids it shares with *wrapped*."""
    wrapper["ids"] = [node_id for node_id in wrapper["ids"] if node_id not in wrapped["ids"]]


class UniqueTableWrapperIds(SphinxPostTransform):
    default_priority = 510  # just after Furo's wrapping (500)
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for wrapper in self.document.findall(nodes.container):
            if "table-wrapper" in wrapper["classes"] and wrapper.children:
                drop_copied_ids(wrapper, wrapper[0])


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_post_transform(UniqueTableWrapperIds)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
