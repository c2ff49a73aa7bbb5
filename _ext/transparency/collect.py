"""What the build knows about the policy's sections, kept across documents.

A Domain with ``clear_doc`` and ``merge_domaindata`` (as ``sphinx.ext.todo``
and the ``gdpr`` extension's domain do), so a parallel build collects the same
facts as a serial one: each labelled section (a MyST ``(label)=`` target) with
its heading, its place in the file and the ``{gdpr}`` citations inside it.
:func:`collect_facts` turns them, with the vendor registry, into
:class:`~transparency.rules.Facts` for the pure rules.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.domains import Domain

from gdpr.cited import reading_order
from gdpr.roles import CITATION_ATTRIBUTE
from vendors.registry import cached_registry

from .rules import Citation, Facts, Section
from .source import vendor_facts

if TYPE_CHECKING:
    from collections.abc import Set as AbstractSet
    from typing import Any

    from sphinx.environment import BuildEnvironment


def register_path(env: BuildEnvironment) -> Path:
    return Path(env.srcdir) / env.config.transparency_file


def vendors_path(env: BuildEnvironment) -> Path:
    return Path(env.srcdir) / env.config.vendors_file


class TransparencyDomain(Domain):
    name = "transparency"
    label = "Transparency"
    data_version = 1
    initial_data: dict[str, Any] = {  # noqa: RUF012 (Sphinx's Domain API)
        "sections": {},  # docname -> [Section, ...] in document order
        "citations": {},  # docname -> [Citation, ...] in document order
        "overview_pages": {},  # docname -> True: documents holding the overview
    }

    @property
    def sections(self) -> dict[str, list[Section]]:
        return self.data.setdefault("sections", {})

    @property
    def citations(self) -> dict[str, list[Citation]]:
        return self.data.setdefault("citations", {})

    @property
    def overview_pages(self) -> dict[str, bool]:
        return self.data.setdefault("overview_pages", {})

    def clear_doc(self, docname: str) -> None:
        for store in (self.sections, self.citations, self.overview_pages):
            store.pop(docname, None)

    def merge_domaindata(self, docnames: AbstractSet[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            for key in ("sections", "citations", "overview_pages"):
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        source = env.doc2path(docname, False).as_posix()
        labels = _labels(document)
        sections = []
        for label, node in labels.items():
            section = node if isinstance(node, nodes.section) else _enclosing_section(node)
            title = _title(section) if section is not None else (env.titles[docname].astext() if docname in env.titles else docname)
            sections.append(Section(
                label=label,
                docname=docname,
                title=title,
                source=source,
                line=node.line or (node[0].line if len(node) and hasattr(node[0], "line") else 0) or 0,
                is_section=isinstance(node, nodes.section),
                parent=_parent_label(node, labels),
                citations=tuple(ref[CITATION_ATTRIBUTE] for ref in node.findall(nodes.reference) if CITATION_ATTRIBUTE in ref),
            ))
        if sections:
            self.sections[docname] = sections
        citations = [
            Citation(ref[CITATION_ATTRIBUTE], _parent_label(ref, labels), source, ref.line or 0)
            for ref in document.findall(nodes.reference)
            if CITATION_ATTRIBUTE in ref
        ]
        if citations:
            self.citations[docname] = citations
        if docname == env.config.root_doc:
            # The register is checked once every document is read: a change to it must start a build.
            env.note_dependency(register_path(env))


def _labels(document: nodes.document) -> dict[str, nodes.Element]:
    """The document's explicit labels ((name)= targets) and the nodes they label, in document order."""
    labelled = {}
    for name, explicit in document.nametypes.items():
        node = document.ids.get(document.nameids.get(name) or "")
        if explicit and isinstance(node, nodes.Element):
            labelled[name] = node
    order = {id(node): index for index, node in enumerate(document.findall(nodes.Element))}
    return dict(sorted(labelled.items(), key=lambda item: order.get(id(item[1]), 0)))


def _title(section: nodes.Element) -> str:
    return section[0].astext() if section.children and isinstance(section[0], nodes.title) else ""


def _enclosing_section(node: nodes.Node) -> nodes.section | None:
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    return parent


def _parent_label(node: nodes.Node, labels: dict[str, nodes.Element]) -> str:
    """The label of the nearest labelled section around *node* (not *node* itself)."""
    by_node = {id(target): label for label, target in labels.items()}
    current = node.parent
    while current is not None:
        if isinstance(current, nodes.section) and id(current) in by_node:
            return by_node[id(current)]
        current = current.parent
    return ""


def collect_facts(env: BuildEnvironment) -> Facts:
    """The facts of the whole build, in reading order, for :func:`transparency.rules.evaluate`."""
    domain: TransparencyDomain = env.domains["transparency"]  # type: ignore[assignment]
    order = reading_order(env)
    docnames = sorted(set(domain.sections) | set(domain.citations), key=lambda name: (order.get(name, len(order)), name))
    return Facts(
        sections=tuple(section for docname in docnames for section in domain.sections.get(docname, ())),
        citations=tuple(citation for docname in docnames for citation in domain.citations.get(docname, ())),
        vendors=vendor_facts(cached_registry(vendors_path(env))),
    )
