"""Labels (MyST ``(label)=``) that are unique across the policy and are their own anchors.

A label copied into a second file is a warning at the copy, naming the first
file and line too: ``b.md:7: WARNING: duplicate label 'sletning': also defined at
a.md:16 ... [labels.duplicate]``. Sphinx's own warning for it names only the other
file, no line and no type (so ``suppress_warnings`` cannot select it), and a
parallel build (``-j``) does not give it at all; this one replaces it. A label
that its anchor does not spell (``(Sletning)=`` is ``#sletning``, ``(overførsel)=``
is ``#overfrsel``) is a warning too (``labels.anchor``).

Labels are collected per document by an EnvironmentCollector (``clear_doc``,
``merge_other``), so ``-j auto`` sees the same labels, and compared once every
document is read (``env-updated``). With ``policy_labels_required`` (docname patterns),
a heading without a label in those documents is a warning too (``labels.missing``).
"""

from __future__ import annotations

import logging as std_logging
import re
from dataclasses import dataclass
from fnmatch import fnmatch
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.locale import __
from sphinx.util import logging

if TYPE_CHECKING:
    from collections.abc import Iterable, Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

__version__ = "1.0"


@dataclass(frozen=True)
class Label:
    """One explicit label, where it is written."""

    name: str
    docname: str
    line: int
    #: As the editor typed it ("Sletning"); ``name`` is docutils' normalised form.
    written: str
    #: The HTML id it becomes.
    anchor: str


def duplicates(labels: Iterable[Label], order: list[str]) -> list[tuple[Label, Label]]:
    """Pure: each label defined again in another document, with the first definition.

    "First" is by *order* (the documents in reading order), then by line; one pair
    per repeat, in that order.
    """
    position = {docname: index for index, docname in enumerate(order)}
    ranked = sorted(labels, key=lambda label: (position.get(label.docname, len(order)), label.docname, label.line))
    first: dict[str, Label] = {}
    repeats = []
    for label in ranked:
        if label.name in first and first[label.name].docname != label.docname:
            repeats.append((label, first[label.name]))
        first.setdefault(label.name, label)
    return repeats


def anchor_problem(label: Label) -> str | None:
    """Pure: why *label* is not the anchor readers' links use, or None."""
    if label.written == label.anchor:
        return None
    spelt = label.written.lower()
    for letter, spelling in _DANISH_LETTERS.items():
        spelt = spelt.replace(letter, spelling)
    return (
        f"label {label.written!r} becomes the anchor '#{label.anchor}', so links to '#{label.written}' "
        f"miss it: write ({nodes.make_id(spelt)})= (lower-case a-z, digits and hyphens)"
    )


# How the policy's labels spell the letters an anchor cannot hold ("overfoersel").
_DANISH_LETTERS = {"æ": "ae", "ø": "oe", "å": "aa"}


def suggested_label(title: str) -> str:
    """Pure: a label for a heading that has none, from its words: "6.1 Nyt afsnit" -> "nyt-afsnit"."""
    words = re.sub(r"^[\d.\s]+", "", title).lower()
    for letter, spelling in _DANISH_LETTERS.items():
        words = words.replace(letter, spelling)
    return nodes.make_id(words) or "afsnit"


def unlabelled_sections(doctree: nodes.document) -> list[nodes.section]:
    """The sections of *doctree* that no explicit label names (a label given twice in
    one file is docutils' warning, not a missing label)."""
    doubled = {target["refid"] for target in doctree.findall(nodes.target) if "refid" in target and target["dupnames"]}
    return [
        section
        for section in doctree.findall(nodes.section)
        if not any(doctree.nametypes.get(name) for name in section["names"] + section["dupnames"])
        and not doubled.intersection(section["ids"])
    ]


def document_labels(docname: str, doctree: nodes.document) -> list[Label]:
    """The explicit labels of *doctree* that Sphinx's standard domain would register."""
    targets = {node["refid"]: node for node in doctree.findall(nodes.target) if "refid" in node}
    labels = []
    for name, explicit in doctree.nametypes.items():
        labelid = doctree.nameids.get(name)
        if not explicit or labelid is None:
            continue  # implicit (a heading's own text), or docutils already warned of a duplicate in this file
        node = doctree.ids[labelid]
        # As sphinx.domains.std.StandardDomain.process_doc: not footnotes, links' own names or objects.
        if node.tagname == "footnote" or "refuri" in node or node.tagname.startswith("desc_"):
            continue
        target = targets.get(labelid, node)
        written = target.rawsource if isinstance(target, nodes.target) and target.rawsource else name
        if nodes.fully_normalize_name(written) != name:
            written = name
        labels.append(Label(name, docname, target.line or node.line or 0, written, labelid))
    return labels


def reading_order(env: BuildEnvironment) -> list[str]:
    """The documents as the table of contents orders them, then any others by name."""
    order: list[str] = []

    def visit(docname: str) -> None:
        if docname in order:
            return
        order.append(docname)
        for child in env.toctree_includes.get(docname, ()):
            visit(child)

    visit(env.config.root_doc)
    return order + sorted(set(env.found_docs) - set(order))


# -- Sphinx glue ---------------------------------------------------------------------


class LabelCollector(EnvironmentCollector):
    """Each document's labels on ``env.policy_labels`` (docname -> [Label, ...])."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        _labels(env).pop(docname, None)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment) -> None:
        for docname in docnames:
            if docname in _labels(other):
                _labels(env)[docname] = _labels(other)[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        docname = app.env.docname
        labels = document_labels(docname, doctree)
        _labels(app.env)[docname] = labels
        for label in labels:
            if problem := anchor_problem(label):
                logger.warning(problem, location=(docname, label.line), type="labels", subtype="anchor")
        if any(fnmatch(docname, pattern) for pattern in app.config.policy_labels_required):
            for section in unlabelled_sections(doctree):
                title = section[0].astext() if section.children else ""
                logger.warning(
                    "heading %r has no label: put one on the line above it, e.g. (%s)=, so that links, "
                    "translations and redlines can follow the section",
                    title,
                    suggested_label(title),
                    location=section[0] if section.children else section,
                    type="labels",
                    subtype="missing",
                )


def _labels(env: BuildEnvironment) -> dict[str, list[Label]]:
    if not hasattr(env, "policy_labels"):
        env.policy_labels = {}
    return env.policy_labels


def report_duplicates(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated`` (every document read and merged): one warning per repeated label, at the
    repeat, naming the first. Not ``env-check-consistency``, whose progress message
    would start the warning's line."""
    every = [label for labels in _labels(env).values() for label in labels]
    for repeat, first in duplicates(every, reading_order(env)):
        logger.warning(
            "duplicate label %r: also defined at %s:%d; a label names one place in the whole policy, "
            "so rename this one (or remove it if it was copied)",
            repeat.written,
            env.doc2path(first.docname),
            first.line,
            location=(repeat.docname, repeat.line),
            type="labels",
            subtype="duplicate",
        )
    return []


class _WithoutSphinxDuplicateLabel(std_logging.Filter):
    """Drops Sphinx's own "duplicate label" warning, which :func:`report_duplicates` replaces."""

    message = __("duplicate label %s, other instance in %s")

    def filter(self, record: std_logging.LogRecord) -> bool:
        return str(record.msg) != str(self.message)


_SPHINX_STD_LOGGER = std_logging.getLogger("sphinx.sphinx.domains.std")
_FILTER = _WithoutSphinxDuplicateLabel()


def start_replacing_sphinx_warning(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: Sphinx warns while it reads; the filter is on only while this
    project's documents are read (parallel readers are forked with it), not for every app in the process."""
    _SPHINX_STD_LOGGER.addFilter(_FILTER)


def stop_replacing_sphinx_warning(app: Sphinx, *_args: object) -> None:
    """``env-updated`` (reading done) and ``build-finished`` (also after an error)."""
    _SPHINX_STD_LOGGER.removeFilter(_FILTER)


def setup(app: Sphinx) -> ExtensionMetadata:
    # Documents (fnmatch patterns of docnames) whose every heading needs a label, e.g. ["policy/*"].
    app.add_config_value("policy_labels_required", [], "env", types=frozenset({list, tuple}))
    app.add_env_collector(LabelCollector)
    app.connect("env-updated", report_duplicates)
    app.connect("env-before-read-docs", start_replacing_sphinx_warning)
    app.connect("env-updated", stop_replacing_sphinx_warning)
    app.connect("build-finished", stop_replacing_sphinx_warning)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
