"""The readers' first layer: ``{transparency-overview}``, "At a glance" (WP260 rev.01, paras 35-36).

Built from the policy's own structure, inventing no sentence of its own:

- each purpose, as the heading of the section stating its legal basis, linked,
  with the Article 6(1) points it cites, linked to the GDPR as the ``{gdpr}`` role links;
- who receives data: the vendors in ``vendors.yaml``, and the countries outside
  the EU/EEA, linked to the sections the register gives for 13(1)(e) and 13(1)(f);
- the rights and the right to complain, linked to their sections (13(2)(b), 13(2)(d)).

The directive leaves a placeholder; a post-transform (before Sphinx resolves
references, so the section links are ordinary ``std:ref`` links that work in
single-page builds and the PDF too) fills it in once every document is read.
Labels come from the extension's message catalog; the content is the policy's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from babel.lists import format_list
from docutils import nodes
from gdpr.citations import article_url, citation_text, reference_title
from gdpr.references import parse_reference
from gdpr.regulation import data_language, load_structure
from sphinx import addnodes
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from vendors.directive import babel_locale

from .collect import collect_facts, register_path, transparency_overview, vendors_path
from .elements import elements_by_key
from .register import Register, read_register
from .rules import Facts, Section, legal_bases

if TYPE_CHECKING:
    from babel import Locale
    from docutils.nodes import Node
    from sphinx.util.typing import OptionSpec

MESSAGE_CATALOG = "transparency"
_ = get_translation(MESSAGE_CATALOG)

#: Where the overview finds the sections for recipients, transfers, rights and complaints.
RECIPIENTS, TRANSFERS, RIGHTS, COMPLAINT = "13(1)(e)", "13(1)(f)", "13(2)(b)", "13(2)(d)"


def basis_names() -> dict[str, str]:
    """The six legal bases of Article 6(1), by point."""
    return {
        "a": str(_("Consent")),
        "b": str(_("Contract")),
        "c": str(_("Legal obligation")),
        "d": str(_("Vital interests")),
        "e": str(_("Public interest or official authority")),
        "f": str(_("Legitimate interests")),
    }


class TransparencyOverview(SphinxDirective):
    """``{transparency-overview}``: the first layer, filled in when every document has been read."""

    has_content = False
    option_spec: ClassVar[OptionSpec] = {}

    def run(self) -> list[Node]:
        placeholder = transparency_overview("")
        self.set_source_info(placeholder)
        self.env.note_dependency(register_path(self.env))
        self.env.note_dependency(vendors_path(self.env))
        return [placeholder]


def _nodes(template: str, **parts: list[nodes.Node] | nodes.Node) -> list[nodes.Node]:
    """*template* as nodes, each ``{name}`` replaced by ``parts[name]``."""
    result: list[nodes.Node] = []
    for index, piece in enumerate(re.split(r"\{(\w+)\}", template)):
        if index % 2:
            part = parts[piece]
            result += part if isinstance(part, list) else [part]
        elif piece:
            result.append(nodes.Text(piece))
    return result


def section_link(section: Section) -> addnodes.pending_xref:
    """A link to *section* titled with its heading, as ``{ref}`label``` makes one."""
    xref = addnodes.pending_xref(
        "", nodes.inline("", section.title), refdomain="std", reftype="ref", reftarget=section.label,
        refexplicit=False, refwarn=True,
    )
    return xref


class SinglePageLinks(SphinxPostTransform):
    """On one page (``singlehtml``, and so the PDF), the overview's links keep only their anchor.

    Sphinx 9's single-page builder answers ``#document-<name>`` for a document and
    the standard domain then adds ``#<label>``: a link with two anchors that leads
    nowhere. Every section is on the one page, so the label alone is the target.
    """

    default_priority = 20  # after ReferencesResolver (10)
    builders = ("singlehtml",)

    def run(self, **kwargs: object) -> None:
        for overview in self.document.findall(nodes.definition_list):
            if "transparency-overview" not in overview["classes"]:
                continue
            for reference in overview.findall(nodes.reference):
                uri = reference.get("refuri", "")
                if uri.count("#") > 1:
                    reference["refuri"] = "#" + uri.rsplit("#", 1)[1]


class FillInOverview(SphinxPostTransform):
    """Replace each ``transparency_overview`` placeholder; runs before references are resolved."""

    default_priority = 5  # sphinx.transforms.post_transforms.ReferencesResolver is 10

    def run(self, **kwargs: object) -> None:
        placeholders = list(self.document.findall(transparency_overview))
        if not placeholders:
            return
        content = self.overview(collect_facts(self.env))
        for placeholder in placeholders:
            placeholder.replace_self([node.deepcopy() for node in content])

    def places(self, register: Register, facts: Facts, key: str) -> list[Section]:
        """The sections the register gives for *key*, when it is (partly) provided."""
        record = register.resolved(key)
        if record is None or record.status not in ("provided", "partial"):
            return []
        return [section for place in record.places if (section := facts.section(place.label)) and section.is_section]

    def overview(self, facts: Facts) -> list[nodes.Node]:
        register = read_register(register_path(self.env), elements_by_key())
        language = self.config.language
        locale = babel_locale(language)
        items = nodes.definition_list(classes=["transparency-overview"])

        purposes = nodes.bullet_list()
        for section, targets in legal_bases(facts):
            purposes += nodes.list_item("", nodes.paragraph("", "", *_nodes(
                str(_("{purpose}: {bases}")), purpose=section_link(section), bases=self.bases(targets, language),
            )))
        if purposes.children:
            items += self.item(str(_("Purposes and legal bases")), [purposes])

        vendor_names = [vendor.name for vendor in facts.vendors]
        recipients = self.places(register, facts, RECIPIENTS)
        if vendor_names and recipients:
            items += self.item(str(_("Recipients")), [
                nodes.paragraph("", format_list(vendor_names, locale=locale)), self.read_more(recipients),
            ])
        countries = list(dict.fromkeys(vendor.country for vendor in facts.vendors if vendor.third_country))
        transfers = self.places(register, facts, TRANSFERS)
        if countries and transfers:
            names = [locale.territories.get(code, code) for code in countries]
            items += self.item(str(_("Transfers outside the EU/EEA")), [
                nodes.paragraph("", format_list(names, locale=locale)), self.read_more(transfers),
            ])
        rights = self.places(register, facts, RIGHTS)
        if rights:
            listing = nodes.bullet_list()
            for place in rights:
                parts = [s for s in facts.sections if s.parent == place.label and s.is_section] or [place]
                for section in parts:
                    listing += nodes.list_item("", nodes.paragraph("", "", section_link(section)))
            items += self.item(str(_("Your rights")), [listing])
        complaint = self.places(register, facts, COMPLAINT)
        if complaint:
            items += self.item(str(_("Complaints")), [
                nodes.paragraph("", "", *self.joined([section_link(s) for s in complaint], locale)),
            ])
        title = str(_("At a glance"))
        heading = nodes.rubric(title, title, ids=["transparency-overview"], classes=["transparency-overview-title"])
        heading["heading-level"] = 2
        return [heading, items] if items.children else []

    def item(self, term: str, body: list[nodes.Node]) -> nodes.definition_list_item:
        return nodes.definition_list_item("", nodes.term("", term), nodes.definition("", *body))

    def read_more(self, sections: list[Section]) -> nodes.paragraph:
        links = self.joined([section_link(section) for section in sections], babel_locale(self.config.language))
        return nodes.paragraph("", "", *_nodes(str(_("Read more: {sections}")), sections=links))

    def joined(self, parts: list[nodes.Node] | list[list[nodes.Node]], locale: Locale) -> list[nodes.Node]:
        """*parts* joined as the language joins a list ("a, b og c")."""
        marks = [f"{{part{index}}}" for index in range(len(parts))]
        template = format_list(marks, locale=locale) if parts else ""
        return _nodes(template, **{f"part{index}": part for index, part in enumerate(parts)})

    def bases(self, targets: list[str], language: str | None) -> list[nodes.Node]:
        names = basis_names()
        data = data_language(language)
        result: list[list[nodes.Node]] = []
        for target in targets:
            reference = parse_reference(target, load_structure())
            link = nodes.reference(
                "", citation_text(reference), internal=False, classes=["gdpr"],
                refuri=article_url(self.config.gdpr_url, data, reference.first.article),
                reftitle=reference_title(reference, data),
            )
            result.append(_nodes(str(_("{basis} ({citation})")), basis=nodes.Text(names[reference.first.point]), citation=link))
        return self.joined(result, babel_locale(language))
