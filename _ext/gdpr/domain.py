"""Cross-document state: which provisions each document cites, and where.

Kept in a Domain with ``clear_doc`` and ``merge_domaindata``, as
``sphinx.ext.todo`` does, so a parallel build (``-j 2``) collects the same
citations as a serial one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.domains import Domain

from .references import Reference, parse_reference
from .regulation import load_structure
from .roles import CITATION_ATTRIBUTE

if TYPE_CHECKING:
    from collections.abc import Set as AbstractSet
    from typing import Any

    from sphinx.environment import BuildEnvironment


class cited_provisions(nodes.General, nodes.Element):
    """Placeholder for the list of cited provisions, filled in on ``doctree-resolved``."""


@dataclass(frozen=True)
class Citation:
    """One place in the policy that cites the GDPR."""

    docname: str
    #: The id of the citing link, for a back-link to it.
    node_id: str
    reference: Reference
    #: The heading of the section it is in ("2.1 Besøgende på hjemmesiden").
    context: str


class GDPRDomain(Domain):
    name = "gdpr"
    label = "GDPR"
    data_version = 1
    initial_data: dict[str, Any] = {  # noqa: RUF012 (Sphinx's Domain API)
        "citations": {},  # docname -> [Citation, ...] in document order
        "listing_pages": {},  # docname -> True: documents holding the cited-provisions list
    }

    @property
    def citations(self) -> dict[str, list[Citation]]:
        return self.data.setdefault("citations", {})

    @property
    def listing_pages(self) -> dict[str, bool]:
        return self.data.setdefault("listing_pages", {})

    def clear_doc(self, docname: str) -> None:
        self.citations.pop(docname, None)
        self.listing_pages.pop(docname, None)

    def merge_domaindata(self, docnames: AbstractSet[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["citations"]:
                self.citations[docname] = otherdata["citations"][docname]
            if docname in otherdata["listing_pages"]:
                self.listing_pages[docname] = True

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[tuple[str, nodes.reference]]:
        """Nothing: the domain has no cross-reference targets. Defined so that a MyST
        link to a missing label (``[text](#missing)``), which asks every domain, gets
        MyST's one warning and not also a location-less one about this method."""
        return []

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        structure = load_structure()
        citations = []
        for node in document.findall(nodes.reference):
            if CITATION_ATTRIBUTE not in node:
                continue
            citations.append(
                Citation(
                    docname=docname,
                    node_id=node["ids"][0],
                    reference=parse_reference(node[CITATION_ATTRIBUTE], structure),
                    context=_context(node, env, docname),
                )
            )
        if citations:
            self.citations[docname] = citations
        if any(document.findall(cited_provisions)):
            self.listing_pages[docname] = True


def _context(node: nodes.Node, env: BuildEnvironment, docname: str) -> str:
    """The title of the innermost section around *node*, else the document's title."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section) and parent.children and isinstance(parent[0], nodes.title):
            return parent[0].astext()
        parent = parent.parent
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname
