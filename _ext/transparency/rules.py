"""What the text gives against what the register expects: pure functions, no Sphinx.

The build collects :class:`Facts` (each labelled section, the ``{gdpr}``
citations in it, the vendors) and reads the anchored processing data
(:mod:`processing.facts`); :func:`evaluate` computes each element's status from
them (:mod:`transparency.evidence`) and holds the register
(:mod:`transparency.register`) against it. It returns a :class:`Report`: one
checklist row per element with its evidence, and every contradiction as a
:class:`~transparency.register.Problem` at a line of the register:

- ``provided`` with no evidence (``no_evidence``), or with evidence for only
  some parts (``partial_evidence``);
- ``partial`` where every part has evidence, or none (``no_evidence``);
- ``gap`` where evidence exists (``evidence_exists``);
- ``not-applicable`` on a point that always applies (the register's own check),
  on one the text or the data requires (``required``: a section citing a
  ``required-by`` provision, a vendor, an activity relying on consent), or
  where evidence exists (``evidence_exists``).

It also reports the data against the text (an activity's legal basis its
section does not cite, a point of Article 6(1) cited with no activity giving
it) and the vendors against section 4.1 (a transfer basis the text does not
state is a problem; a country with an adequacy decision listed under another
basis is a notice).

A gap is not a contradiction: editors see it as a notice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from gdpr.references import Reference
from processing.facts import LEGITIMATE_INTERESTS, Processing

from .elements import Element, citing
from .evidence import Evidence, Part, compute_evidence, consent_reasons, relies_on, uncited_bases, unstated_bases
from .register import GAP_STATUSES, Problem, Record, Register


@dataclass(frozen=True)
class Section:
    """A labelled place in the built policy: a section, or a labelled paragraph in one."""

    label: str
    docname: str
    #: The section's heading ("2.1 Besøgende på hjemmesiden"); for a paragraph, its section's.
    title: str
    source: str
    line: int
    is_section: bool = True
    #: The label of the labelled section it is in; "" at the top of a document.
    parent: str = ""
    #: The ``{gdpr}`` targets cited inside it, subsections included ("6(1)(a)", "15-18").
    citations: tuple[str, ...] = ()

    @property
    def location(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source


@dataclass(frozen=True)
class Citation:
    """One ``{gdpr}`` citation and the innermost labelled section around it."""

    target: str
    section: str
    source: str = ""
    line: int = 0


@dataclass(frozen=True)
class VendorFact:
    name: str
    country: str
    third_country: bool
    bases: tuple[str, ...] = ()
    #: The country has an EU adequacy decision that covers the vendor without a further basis.
    adequacy: bool = False
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class Facts:
    """What the build knows, in reading order."""

    sections: tuple[Section, ...] = ()
    citations: tuple[Citation, ...] = ()
    vendors: tuple[VendorFact, ...] = ()

    def section(self, label: str) -> Section | None:
        return next((section for section in self.sections if section.label == label), None)


@dataclass(frozen=True)
class Entry:
    """One row of the checklist."""

    element: Element
    #: Computed: provided, partial, gap, or not-applicable (computed, or recorded with a reason).
    status: str
    evidence: Evidence | None = None
    #: The register's note (or the counterpart's, for an Article 14 point).
    note: str = ""
    #: The register's own record for the element (``None`` when it gives none).
    record: Record | None = None
    #: Why the element applies (a section's citation, a vendor, an activity relying on consent).
    required: tuple[str, ...] = ()

    @property
    def is_gap(self) -> bool:
        return self.status in GAP_STATUSES


@dataclass(frozen=True)
class Located:
    """A problem or a notice in another file than the register: the data, the text or the vendors."""

    path: str
    line: int
    column: int
    code: str
    message: str


@dataclass(frozen=True)
class Report:
    entries: tuple[Entry, ...]
    #: The register's own problems, then the contradictions: each fails a strict build.
    problems: tuple[Problem, ...]
    #: The data or the vendors against the text: each fails a strict build too.
    elsewhere: tuple[Located, ...] = ()
    #: Notices for the editors (a vendor the country rules disagree with): never a failure.
    notices: tuple[Located, ...] = ()

    def entry(self, key: str) -> Entry:
        return next(entry for entry in self.entries if entry.element.key == key)

    @property
    def gaps(self) -> tuple[Entry, ...]:
        """Elements whose computed status is a gap or partly provided, Article 14 counterparts left out."""
        return tuple(entry for entry in self.entries if entry.is_gap and not entry.element.counterpart)


def requiring_sections(facts: Facts, goals: Sequence[Reference]) -> list[tuple[Section, list[str]]]:
    """Each section whose own citations name a provision within *goals*, with those citations."""
    by_label: dict[str, list[str]] = {}
    for citation in facts.citations:
        if citation.section and citing([citation.target], goals):
            by_label.setdefault(citation.section, []).append(citation.target)
    return [
        (section, list(dict.fromkeys(by_label[section.label])))
        for section in facts.sections
        if section.label in by_label
    ]


def evaluate(elements: Mapping[str, Element], register: Register, facts: Facts, processing: Processing,
             texts: Mapping[str, str], contact: Mapping[str, str], *, files: Mapping[str, str] | None = None) -> Report:
    """The checklist and every contradiction between *register*, the evidence and the text.

    *files* names the data files for :class:`Located` problems: ``processing`` and ``vendors``.
    """
    files = {"processing": "policy/processing.yaml", "vendors": "policy/vendors.yaml", **(files or {})}
    problems = list(register.problems)
    evidence = compute_evidence(elements, processing, texts, facts, contact)
    entries = []
    for element in elements.values():
        found = evidence[element.key]
        record = register.records.get(element.key)
        counterpart = register.records.get(element.counterpart) if element.counterpart else None
        required = tuple(_required(element, facts, processing))
        status = found.status
        if record is not None and not register.unreadable and processing.general is not None:
            problems += _contradictions(element, record, found, required)
        chosen = record if record is not None and record.status else counterpart
        if chosen is not None and chosen.status == "not-applicable" and element.conditional and not required \
                and found.status in ("gap", "not-applicable"):
            status = "not-applicable"
        note = (record.note if record is not None and record.note else counterpart.note if counterpart else "")
        entries.append(Entry(element, status, found, note, record, required))
    readable = processing.general is not None and not processing.unreadable
    elsewhere = _data_against_text(processing, facts, files) if readable else []
    return Report(tuple(entries), tuple(problems), tuple(elsewhere),
                  tuple(_vendor_notices(facts, files["vendors"])))


def _required(element: Element, facts: Facts, processing: Processing) -> list[str]:
    """Why *element* applies: sections citing its ``required-by``, vendors, activities relying on consent."""
    reasons = [f"{section.title} cites {', '.join(targets)}"
               for section, targets in requiring_sections(facts, element.required_by)] if element.required_by else []
    vendors = _requiring_vendors(element, facts)
    if vendors:
        kind = "outside the EU/EEA" if element.required_by_vendors == "third-country" else "in vendors.yaml"
        reasons.append(f"{len(vendors)} vendor(s) {kind} ({', '.join(vendor.name for vendor in vendors)})")
    key = element.counterpart or element.key
    if key == "13(2)(c)":
        reasons += consent_reasons(processing)
    if key == "13(1)(d)":
        reasons += [f"activity '{activity.id}' relies on legitimate interests ({LEGITIMATE_INTERESTS})"
                    for activity in relies_on(processing, LEGITIMATE_INTERESTS)]
    return list(dict.fromkeys(reasons))


def _contradictions(element: Element, record: Record, found: Evidence, required: tuple[str, ...]) -> list[Problem]:
    """The four ways a recorded status can contradict the evidence (not-applicable's own check is the register's)."""
    what = f"{element.key} ({element.name}) is recorded as {record.status}"
    at = (record.status_line, record.status_column)
    given = [part for part in found.parts if part.given]
    missing = found.missing
    if record.status == "provided" and not given:
        return [Problem(*at, "no_evidence", f"{what}, but nothing in the text gives it: {_parts(missing)}")]
    if record.status == "provided" and missing:
        return [Problem(*at, "partial_evidence", f"{what}, but only {len(given)} of its {len(found.parts)} parts "
                        f"have evidence; missing: {_parts(missing)}")]
    if record.status == "partial" and not missing and given:
        return [Problem(*at, "evidence_exists", f"{what}, but every part has evidence: {_parts(given)}")]
    if record.status == "partial" and not given:
        return [Problem(*at, "no_evidence", f"{what}, but nothing in the text gives any part: {_parts(missing)}")]
    if record.status == "gap" and given:
        return [Problem(*at, "evidence_exists", f"{what}, but the text gives {_parts(given)}")]
    if record.status == "not-applicable" and element.conditional:
        if required:
            return [Problem(*at, "required", f"{what}, but {'; '.join(required)}: record it as a gap, or give it "
                            "in the text")]
        if given:
            return [Problem(*at, "evidence_exists", f"{what}, but the text gives {_parts(given)}")]
    return []


def _parts(parts: Sequence[Part]) -> str:
    """Parts as a short list for a message: names, with the quote or the note."""
    shown = []
    for part in parts[:4]:
        if part.given and part.fact is not None and part.fact.quote:
            shown.append(f"{part.name} (\"{part.fact.quote}\", {part.fact.section})")
        else:
            shown.append(f"{part.name} ({part.note})" if part.note else part.name)
    more = f" and {len(parts) - 4} more" if len(parts) > 4 else ""
    return "; ".join(shown) + more


def _data_against_text(processing: Processing, facts: Facts, files: Mapping[str, str]) -> list[Located]:
    found = []
    for activity in uncited_bases(processing, facts):
        fact = activity.legal_basis
        section = facts.section(activity.section)
        found.append(Located(files["processing"], fact.line, fact.column, "basis_not_cited",
                             f"activity '{activity.id}' gives {fact.point} as its legal basis, but "
                             f"{section.title if section else activity.section} cites no {fact.point} with {{gdpr}}: "
                             "cite it there, or correct the point"))
    for label, point, source, line in unstated_bases(processing, facts):
        section = facts.section(label)
        found.append(Located(source, line, 0, "basis_unstated",
                             f"{section.title if section else label} cites {point}, but no activity in "
                             f"{files['processing']} with section '{label}' gives it as its legal basis"))
    general = processing.general
    if general is not None:
        for vendor in facts.vendors:
            for basis in vendor.bases if vendor.third_country else ():
                safeguard = general.safeguard(basis)
                if safeguard is None or safeguard.is_gap:
                    found.append(Located(files["vendors"], vendor.line, vendor.column, "basis_unstated",
                                         f"vendor '{vendor.name}' lists transfer basis '{basis}', which the text "
                                         f"does not state: no quoted safeguard with basis '{basis}' in "
                                         f"{files['processing']}"))
    return found


def _vendor_notices(facts: Facts, vendors_file: str) -> list[Located]:
    return [
        Located(vendors_file, vendor.line, vendor.column, "adequacy",
                f"vendor '{vendor.name}' is in {vendor.country}, which has an EU adequacy decision "
                f"(_ext/vendors/data/transfers.yaml), but is listed under {', '.join(vendor.bases)}: "
                "the text may be out of date; ask the legal team")
        for vendor in facts.vendors
        if vendor.third_country and vendor.adequacy and "adequacy" not in vendor.bases
    ]


def _requiring_vendors(element: Element, facts: Facts) -> list[VendorFact]:
    if element.required_by_vendors == "any":
        return list(facts.vendors)
    if element.required_by_vendors == "third-country":
        return [vendor for vendor in facts.vendors if vendor.third_country]
    return []
