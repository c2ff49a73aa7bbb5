"""The machine-readable notice: one version's processing facts as W3C DPV JSON-LD. Pure functions, no Sphinx.

:func:`notice_document` turns what a version of the policy states into a JSON-LD
document, and :func:`serialise` writes it byte-reproducibly (keys sorted, no
build time). Both ``make html`` (:mod:`notice`, the working tree) and ``make site``
(``tools/sitebuild/notices.py``, every version from its own git tree) call them.

What goes in, and only that:

- the facts of ``policy/processing.yaml``, each kept only when its quote is
  found in its section of *this* version's Danish text (:class:`PolicyText`);
  a legal basis is kept when the activity's section cites its point with
  ``{gdpr}`` (the citation is the text's own statement of it);
- the version's own ``vendors.yaml``; the controller of its ``conf.py``;
- ``policy/dpv.yaml``, which says which DPV concept the words are.

A fact that is a gap, or whose words this version does not have, is never
filled in: where DPV's closed-world idiom needs a value (purpose, legal basis,
personal data, retention) the notice says ``dpv:NotAvailable``, and nothing
else. A word DPV has no concept for keeps the policy's words as its label.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from processing.anchors import find_quote, normalise
from processing.facts import Activity, Fact, Processing
from vendors.registry import Registry, Vendor

from .mapping import Mapping as DPVMapping
from .mapping import Term
from .vocabulary import DPV_VERSION_IRI, json_ld_context, load_vocabulary

#: The file name of the notice in each language's output.
NOTICE_FILE = "notice.jsonld"
NOT_AVAILABLE = "dpv:NotAvailable"


@dataclass(frozen=True, kw_only=True)
class PolicyText:
    """One version's Danish text, as the notice checks facts against it."""

    #: Label -> the section's plain text (``processing.anchors.policy_texts``).
    sections: Mapping[str, str]
    #: Label -> the page the section is on, relative to the language's root ("policy/klage.html").
    pages: Mapping[str, str] = field(default_factory=dict)
    #: Label -> the ``{gdpr}`` references written in the section ("6(1)(a)"), subsections included.
    citations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def states(self, fact: Fact | None) -> bool:
        """Whether *fact* is no gap and its words are in its section of this text."""
        if fact is None or fact.is_gap or fact.section not in self.sections:
            return False
        return find_quote(fact.quote, self.sections[fact.section]) >= 0

    def cites(self, section: str, point: str) -> bool:
        """Whether *section* cites *point* (``6(1)(a)``) with ``{gdpr}``."""
        return _reference_key(point) in {_reference_key(ref) for ref in self.citations.get(section, ())}


@dataclass(frozen=True, kw_only=True)
class Edition:
    """Which notice: the version, the language, its dates and its links (URLs relative to the notice)."""

    version: str  # "2026-11-24", or "draft"
    language: str
    source_language: str
    valid_from: dt.date | None = None
    #: The version's last day, inclusive; None while it is not superseded.
    valid_until: dt.date | None = None
    html: str = "index.html"
    pdf: str | None = None
    #: For a translation: the URL of the same version's notice in the source language.
    source_notice: str | None = None


@dataclass(frozen=True, kw_only=True)
class Controller:
    """The controller as ``conf.py``'s ``reader_controller`` names it."""

    name: str
    address: str = ""
    email: str = ""
    phone: str = ""

    @classmethod
    def from_config(cls, value: Mapping[str, str] | None) -> Controller | None:
        if not value or not value.get("name"):
            return None
        return cls(name=value["name"], address=value.get("address", ""),
                   email=value.get("email", ""), phone=value.get("phone_uri", "") or value.get("phone", ""))


def notice_document(
    *,
    processing: Processing,
    mapping: DPVMapping,
    vendors: Registry,
    text: PolicyText,
    controller: Controller | None,
    edition: Edition,
    translate: Callable[[str], str | None] = lambda words: None,
) -> dict[str, Any]:
    """The notice of *edition* as a JSON-LD document (a dict, ready for :func:`serialise`).

    *translate* gives the notice's language's words for a Danish quote, when a
    catalog has them; labels always carry the Danish words too.
    """
    builder = _Builder(mapping=mapping, text=text, edition=edition, translate=translate)
    document: dict[str, Any] = {
        "@context": json_ld_context(),
        "@id": "",
        "@type": "dpv:PrivacyNotice",
        "dct:conformsTo": {"@id": DPV_VERSION_IRI},
        "dct:language": edition.language,
        "schema:inLanguage": edition.language,
        "schema:url": {"@id": edition.html},
        "dpv:hasApplicableLaw": {"@id": "legal-eu:law-GDPR"},
    }
    if edition.version:
        document["schema:version"] = edition.version
    if edition.pdf:
        document["dct:hasFormat"] = {"@id": edition.pdf}
    if edition.valid_from:
        document["schema:validFrom"] = _date(edition.valid_from)
    if edition.valid_until:
        document["schema:validThrough"] = _date(edition.valid_until)
    if edition.language != edition.source_language:
        # A translation, and of which language: the source language's notice of the same version.
        document["schema:translationOfWork"] = {"@id": edition.source_notice or "",
                                                "schema:inLanguage": edition.source_language}
    if controller is not None:
        document["dpv:hasDataController"] = builder.controller(controller, processing)
    processors = [builder.vendor(vendor, processing) for vendor in vendors.vendors]
    if processors:
        document["dpv:hasDataProcessor"] = processors
    document["dpv:hasProcess"] = [builder.process(activity, [p["@id"] for p in processors])
                                  for activity in processing.activities]
    rights = builder.rights(processing)
    if rights:
        document["dpv:hasRight"] = rights
    authorities = builder.authorities(processing)
    if authorities:
        document["dpv:hasAuthority"] = authorities
    return document


def serialise(document: Mapping[str, Any]) -> str:
    """The document as text: keys sorted, two-space indent, UTF-8 characters as they are, a final newline."""
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def unmapped_words(processing: Processing, mapping: DPVMapping) -> list[tuple[Fact, str]]:
    """``(fact, kind)`` for each quote that no term of its kind in *mapping* matches (and each activity
    without purposes), so that the build can report them at the fact's line."""
    missing: list[tuple[Fact, str]] = []
    for activity in processing.activities:
        if not activity.purpose.is_gap and activity.id not in mapping.purposes:
            missing.append((activity.purpose, "purposes"))
        for kind, facts in (("personal_data", activity.personal_data), ("data_subjects", (activity.data_subjects,)),
                            ("sources", (activity.source,))):
            missing += [(fact, kind) for fact in facts if not fact.is_gap and not mapping.matching(kind, fact.quote)]
    general = processing.general
    if general is not None and not general.complaint.is_gap:
        for kind in ("complaint", "authorities"):
            if not mapping.matching(kind, general.complaint.quote):
                missing.append((general.complaint, kind))
    if general is not None:
        missing += [(fact, "transfer_bases") for fact in general.safeguards
                    if not fact.is_gap and fact.point not in mapping.transfer_bases]
    return missing


# -- building the document --------------------------------------------------------


@dataclass
class _Builder:
    mapping: DPVMapping
    text: PolicyText
    edition: Edition
    translate: Callable[[str], str | None]

    def label(self, words: str) -> list[dict[str, str]]:
        """The policy's *words* as labels: the Danish, and the notice's language's when a catalog has it."""
        words = normalise(words)
        labels = [{"@language": self.edition.source_language, "@value": words}]
        translated = self.translate(words) if self.edition.language != self.edition.source_language else None
        if translated:
            labels.append({"@language": self.edition.language, "@value": normalise(translated)})
        return labels

    def described(self, fact: Fact, kind: str, base: str) -> dict[str, Any]:
        """A node typed with the DPV concepts the fact's words are (*base* when none), labelled with the words."""
        terms = self.mapping.matching(kind, fact.quote)  # none: reported by unmapped_words, typed *base*
        concepts = _unique(term.concept for term in terms if term.concept)
        return {"@type": concepts or [base], "rdfs:label": self.label(fact.quote)}

    def section_link(self, section: str) -> dict[str, str] | None:
        page = self.text.pages.get(section)
        return {"@id": f"{_html_root(self.edition.html)}{page}#{section}"} if page else None

    # -- processes ---------------------------------------------------------------------

    def process(self, activity: Activity, processors: list[str]) -> dict[str, Any]:
        states = self.text.states
        node: dict[str, Any] = {
            "@id": f"#process-{activity.id}",
            "@type": "dpv:Process",
            "dct:identifier": activity.id,
        }
        if link := self.section_link(activity.section):
            node["rdfs:seeAlso"] = link
        if states(activity.purpose):
            # No concept mapped (reported by unmapped_words): a purpose, with the text's words.
            node["dpv:hasPurpose"] = {"@type": list(self.mapping.purposes.get(activity.id, ())) or ["dpv:Purpose"],
                                      "rdfs:label": self.label(activity.purpose.quote)}
        else:
            node["dpv:hasPurpose"] = {"@id": NOT_AVAILABLE}
        if states(activity.data_subjects):
            node["dpv:hasDataSubject"] = self.described(activity.data_subjects, "data_subjects", "dpv:DataSubject")
        personal = [self.described(fact, "personal_data", "dpv:PersonalData")
                    for fact in activity.personal_data if states(fact)]
        node["dpv:hasPersonalData"] = personal or {"@id": NOT_AVAILABLE}
        if states(activity.source):
            node["dpv:hasDataSource"] = self.described(activity.source, "sources", "dpv:DataSource")
        node["dpv:hasLegalBasis"] = self.legal_bases(activity) or {"@id": NOT_AVAILABLE}
        node["dpv:hasStorageCondition"] = self.retention(activity.retention)
        if states(activity.recipients):
            recipients: list[dict[str, Any]] = [{"@type": "dpv:Recipient",
                                                 "rdfs:label": self.label(activity.recipients.quote)}]
            node["dpv:hasRecipient"] = recipients + [{"@id": processor} for processor in processors]
        return node

    def legal_bases(self, activity: Activity) -> list[dict[str, Any]]:
        # The {gdpr} citation is the text's own statement of the basis: it anchors the fact, even in
        # a version whose sentence around it was worded otherwise ("er i vores legitime interesse").
        fact = activity.legal_basis
        if fact.is_gap or not fact.point or not self.text.cites(activity.section, fact.point):
            return []
        bases: list[dict[str, Any]] = [{"@id": _legal_basis_concept(fact.point)}]
        interest = activity.legitimate_interest
        if self.text.states(interest):
            assert interest is not None
            bases.append({"@type": "dpv:LegitimateInterestOfController", "rdfs:label": self.label(interest.quote)})
        return bases

    def retention(self, fact: Fact) -> dict[str, Any]:
        if not self.text.states(fact):
            return {"@id": NOT_AVAILABLE}
        if fact.duration:
            return {
                "@type": "dpv:StorageDuration",
                "rdfs:label": self.label(fact.quote),
                "dpv:hasDuration": {
                    "@type": "dpv:TemporalDuration",
                    "rdf:value": {"@type": "xsd:duration", "@value": fact.duration},
                },
            }
        return {"@type": "dpv:StorageCondition", "rdfs:label": self.label(fact.quote)}

    # -- the parties ---------------------------------------------------------------------

    def controller(self, controller: Controller, processing: Processing) -> dict[str, Any]:
        node: dict[str, Any] = {"@id": "#controller", "@type": "dpv:DataController", "dpv:hasName": controller.name}
        if controller.address:
            node["dpv:hasAddress"] = controller.address
        contacts = [value for value in (f"mailto:{controller.email}" if controller.email else "", controller.phone)
                    if value]
        if contacts:
            node["dpv:hasContact"] = [{"@id": value} for value in contacts]
        general = processing.general
        if general is not None and self.text.states(general.controller):
            node["rdfs:label"] = self.label(general.controller.quote)
        return node

    def vendor(self, vendor: Vendor, processing: Processing) -> dict[str, Any]:
        vocabulary = load_vocabulary()
        node: dict[str, Any] = {
            "@id": f"#processor-{_slug(vendor.name)}",
            "@type": ["dpv:DataProcessor", "dpv:Recipient"],
            "dpv:hasName": vendor.entity,
            "rdfs:label": vendor.name,
        }
        country = f"loc:{vendor.country}"
        if vocabulary.exists(country):
            node["dpv:hasCountry"] = {"@id": country}
            if vendor.third_country:
                node["dpv:hasThirdCountry"] = {"@id": country}
        bases = []
        general = processing.general
        for code in vendor.bases:
            safeguard = general.safeguard(code) if general else None
            basis = self.mapping.transfer_bases.get(code)
            if basis is None or not self.text.states(safeguard):
                continue
            assert safeguard is not None
            if basis.concept:
                bases.append({"@id": basis.concept})
            else:
                bases.append({"@type": "dpv:DataTransferLegalBasis", "rdfs:label": self.label(safeguard.quote)})
        if bases:
            node["dpv:hasLegalBasis"] = bases
        return node

    def rights(self, processing: Processing) -> list[dict[str, str]]:
        general = processing.general
        if general is None:
            return []
        vocabulary = load_vocabulary()
        rights = [f"eu-gdpr:A{fact.point}" for fact in general.rights if self.text.states(fact)]
        if self.text.states(general.complaint):
            rights += [term.concept for term in self.mapping.matching("complaint", general.complaint.quote)
                       if term.concept]
        return [{"@id": right} for right in _unique(rights) if vocabulary.exists(right)]

    def authorities(self, processing: Processing) -> list[dict[str, str]]:
        general = processing.general
        if general is None or not self.text.states(general.complaint):
            return []
        terms: Iterable[Term] = self.mapping.matching("authorities", general.complaint.quote)
        return [{"@id": concept} for concept in _unique(term.concept for term in terms if term.concept)]


def _legal_basis_concept(point: str) -> str:
    """``6(1)(a)`` -> ``eu-gdpr:A6-1-a``."""
    return "eu-gdpr:A" + "-".join(re.findall(r"[0-9a-z]+", point.lower()))


def _reference_key(reference: str) -> str:
    return re.sub(r"\s+", "", reference.lstrip("~")).split("<")[0]


def _date(day: dt.date) -> dict[str, str]:
    return {"@type": "xsd:date", "@value": day.isoformat()}


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _html_root(html: str) -> str:
    """The directory of the version's front page, as a URL prefix ("" or "../../da/2026-11-24/")."""
    return html.rpartition("/")[0] + "/" if "/" in html else ""
