"""The readers' first layer: ``{transparency-overview}``, "At a glance" (WP260 rev.01, paras 35-36).

Built from the anchored facts of ``policy/processing.yaml`` and the vendors,
inventing no fact of its own:

- per activity (its section's heading, linked): the purpose, the data, the legal
  basis (linked to the GDPR as the ``{gdpr}`` role links) and the retention, each
  in the text's own words, or a sentence saying the policy does not state it;
- the recipients: the categories the text names, and the vendors;
- transfers outside the EU/EEA: the countries, and the safeguards as the text states them, once;
- the rights, and the right to object on its own (Article 21(4));
- the complaint and the controller;
- one sentence saying that this is a summary and the full policy applies.

The quotes are the Danish source words: each is a translatable inline node with
the directive's source and line, so the gettext builder extracts it into the
front page's catalog (``locale/<language>/LC_MESSAGES/index.po``) and a
translated build shows the translation, as the vendor table's descriptions are.
The labels and sentences come from the extension's message catalog. The section
links are ordinary ``std:ref`` references, resolved at write time, so they work
in single-page builds and the PDF too.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from babel.lists import format_list
from docutils import nodes
from sphinx import addnodes
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from gdpr.citations import article_url, citation_text, reference_title
from gdpr.references import GDPRReferenceError, parse_reference
from gdpr.regulation import data_language, load_structure
from processing import processing_path
from processing.facts import Activity, Fact, General, cached_processing
from vendors.directive import babel_locale
from vendors.registry import cached_registry

from .collect import register_path, vendors_path

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.util.typing import OptionSpec

MESSAGE_CATALOG = "transparency"
_ = get_translation(MESSAGE_CATALOG)

#: The right to object (Article 21), shown apart from the other rights (Article 21(4)).
OBJECT = "21"


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


def section_link(label: str) -> addnodes.pending_xref:
    """A link to the section *label*, titled with its heading, as ``{ref}`label``` makes one."""
    return addnodes.pending_xref(
        "", nodes.inline("", label), refdomain="std", reftype="ref", reftarget=label, refexplicit=False, refwarn=True,
    )


class TransparencyOverview(SphinxDirective):
    """``{transparency-overview}``: the first layer, from ``processing_file`` and ``vendors_file``."""

    has_content = False
    option_spec: ClassVar[OptionSpec] = {}

    def run(self) -> list[Node]:
        self.env.domains["transparency"].overview_pages[self.env.docname] = True  # type: ignore[attr-defined]
        for path in (processing_path(self.env), vendors_path(self.env), register_path(self.env)):
            self.env.note_dependency(path)
        processing = cached_processing(processing_path(self.env))
        if processing.general is None:
            return []  # the data's problems are reported once every document is read
        self.locale = babel_locale(self.config.language)
        title = str(_("At a glance"))
        heading = nodes.rubric(title, title, ids=["transparency-overview"], classes=["transparency-overview-title"])
        heading["heading-level"] = 2
        summary = nodes.paragraph("", str(_("This is a summary. The full privacy policy below applies.")),
                                  classes=["transparency-summary"])
        items = nodes.definition_list(classes=["transparency-overview"])
        for activity in processing.activities:
            items += self.item([section_link(activity.section)], [self.activity(activity)])
        items += self.recipients(processing.general)
        items += self.transfers(processing.general)
        items += self.rights(processing.general)
        items += self.simple(str(_("Complaints")), processing.general.complaint)
        items += self.simple(str(_("Controller")), processing.general.controller)
        result = [heading, summary, items]
        for container in result:
            for node in container.findall(nodes.TextElement):
                if "transparency-quote" not in node["classes"]:
                    node["translatable"] = False  # the catalog's words, or a container of quotes: not extracted
        return result

    # -- pieces ----------------------------------------------------------------------

    def quote(self, fact: Fact) -> nodes.emphasis:
        """The fact's quote as a translatable node: the gettext builder extracts it, a translated build translates it."""
        text = " ".join(fact.quote.split())
        node = nodes.emphasis(text, text, translatable=True, classes=["transparency-quote"])
        self.set_source_info(node)
        return node

    def item(self, term: list[nodes.Node], body: list[nodes.Node]) -> nodes.definition_list_item:
        return nodes.definition_list_item("", nodes.term("", "", *term), nodes.definition("", *body))

    def fields(self, rows: list[tuple[str, list[nodes.Node]]]) -> nodes.definition_list:
        """An activity's facts as a nested list of label and text."""
        listing = nodes.definition_list(classes=["transparency-facts"])
        for label, body in rows:
            listing += self.item([nodes.Text(label)], [nodes.paragraph("", "", *body)])
        return listing

    def joined(self, parts: list[list[nodes.Node]]) -> list[nodes.Node]:
        """*parts* joined as the language joins a list ("a, b og c")."""
        marks = [f"{{part{index}}}" for index in range(len(parts))]
        template = format_list(marks, locale=self.locale) if parts else ""
        return _nodes(template, **{f"part{index}": part for index, part in enumerate(parts)})

    def activity(self, activity: Activity) -> nodes.definition_list:
        data = [[self.quote(fact)] for fact in activity.personal_data if not fact.is_gap]
        return self.fields([
            (str(_("Purpose")), [self.quote(activity.purpose)] if not activity.purpose.is_gap
             else [nodes.Text(str(_("The policy does not state the purpose.")))]),
            (str(_("Data")), self.joined(data) if data
             else [nodes.Text(str(_("The policy does not state which data.")))]),
            (str(_("Legal basis")), self.basis(activity.legal_basis)),
            (str(_("Retention")), [self.quote(activity.retention)] if not activity.retention.is_gap
             else [nodes.Text(str(_("The policy gives no period.")))]),
        ])

    def basis(self, fact: Fact) -> list[nodes.Node]:
        if fact.is_gap:
            return [nodes.Text(str(_("The policy does not state the legal basis.")))]
        try:
            reference = parse_reference(fact.point, load_structure())
        except GDPRReferenceError:
            return [self.quote(fact)]  # reported with the data's line
        data = data_language(self.config.language)
        link = nodes.reference(
            "", citation_text(reference), internal=False, classes=["gdpr"],
            refuri=article_url(self.config.gdpr_url, data, reference.first.article),
            reftitle=reference_title(reference, data),
        )
        return _nodes(str(_("{basis} ({citation})")), basis=self.quote(fact), citation=link)

    def read_more(self, labels: list[str]) -> nodes.paragraph:
        links = self.joined([[section_link(label)] for label in dict.fromkeys(labels)])
        return nodes.paragraph("", "", *_nodes(str(_("Read more: {sections}")), sections=links))

    def recipients(self, general: General) -> list[nodes.definition_list_item]:
        registry = cached_registry(vendors_path(self.env))
        body: list[nodes.Node] = []
        if not general.recipients.is_gap:
            body.append(nodes.paragraph("", "", self.quote(general.recipients)))
        names = [vendor.name for vendor in registry.vendors]
        if names:
            body.append(nodes.paragraph("", "", *_nodes(str(_("Vendors: {vendors}")),
                                                        vendors=nodes.Text(format_list(names, locale=self.locale)))))
        if not body:
            return []
        labels = [general.recipients.section] if not general.recipients.is_gap else []
        return [self.item([nodes.Text(str(_("Recipients")))], [*body, *([self.read_more(labels)] if labels else [])])]

    def transfers(self, general: General) -> list[nodes.definition_list_item]:
        registry = cached_registry(vendors_path(self.env))
        countries = list(dict.fromkeys(vendor.country for vendor in registry.vendors if vendor.third_country))
        safeguards = [[self.quote(fact)] for fact in general.safeguards if not fact.is_gap]
        if general.transfers.is_gap and not countries:
            return []
        body: list[nodes.Node] = []
        if countries:
            names = [self.locale.territories.get(code, code) for code in countries]
            body.append(nodes.paragraph("", "", *_nodes(str(_("Countries: {countries}")),
                                                        countries=nodes.Text(format_list(names, locale=self.locale)))))
        body.append(nodes.paragraph("", "", *(
            _nodes(str(_("Safeguards: {safeguards}")), safeguards=self.joined(safeguards)) if safeguards
            else [nodes.Text(str(_("The policy names no safeguards.")))]
        )))
        labels = [fact.section for fact in (general.transfers, *general.safeguards) if not fact.is_gap]
        if labels:
            body.append(self.read_more(labels))
        return [self.item([nodes.Text(str(_("Transfers outside the EU/EEA")))], body)]

    def rights(self, general: General) -> list[nodes.definition_list_item]:
        items = []
        listing = nodes.bullet_list()
        for fact in general.rights:
            if fact.point != OBJECT and not fact.is_gap:
                listing += nodes.list_item("", nodes.paragraph("", "", section_link(fact.section)))
        if listing.children:
            items.append(self.item([nodes.Text(str(_("Your rights")))], [listing]))
        objection = general.right(OBJECT)
        if objection is not None and not objection.is_gap:
            items += self.simple(str(_("Your right to object")), objection)
        return items

    def simple(self, term: str, fact: Fact) -> list[nodes.definition_list_item]:
        """An item whose body is one fact's quote and a link to its section (nothing when it is a gap)."""
        if fact.is_gap:
            return []
        return [self.item([nodes.Text(term)], [nodes.paragraph("", "", self.quote(fact)), self.read_more([fact.section])])]


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

