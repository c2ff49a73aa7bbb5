"""What the built policy says against what the register says: pure functions, no Sphinx.

The build collects :class:`Facts` (each labelled section, the ``{gdpr}``
citations in it, the vendors); :func:`evaluate` holds them against the register
(:mod:`transparency.register`) and the element list (:mod:`transparency.elements`)
and returns a :class:`Report`: one checklist row per element, and every
contradiction as a :class:`~transparency.register.Problem` at a line of the
register. The rules, each stated per element in ``data/elements.yaml``:

- a label under ``where`` must exist in the policy;
- ``cites``: a place given for the element must cite one of these provisions
  (a section listed for the legal basis must cite a point of Article 6(1); for
  the rights, a citation of Articles 15-22 is what counts as provided);
- ``required-by``: a section citing one of these provisions needs the element:
  it cannot be not-applicable, and if provided, a place inside that section must
  be given (6(1)(a) needs 13(2)(c); 6(1)(f) needs 13(1)(d) in the same section);
- ``required-by-vendors``: a (third-country) vendor needs the element (13(1)(e), 13(1)(f)).

A gap is not a contradiction: the register records it, and editors see it as a notice.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from gdpr.references import GDPRReferenceError, Reference, parse_reference
from gdpr.regulation import load_structure

from .elements import Element, cites_any
from .register import GAP_STATUSES, Problem, Record, Register

#: Article 6(1): a section citing one of its points states a purpose's legal basis.
LEGAL_BASIS = "6(1)"


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


@dataclass(frozen=True)
class Facts:
    """What the build knows, in reading order."""

    sections: tuple[Section, ...] = ()
    citations: tuple[Citation, ...] = ()
    vendors: tuple[VendorFact, ...] = ()

    def section(self, label: str) -> Section | None:
        return next((section for section in self.sections if section.label == label), None)

    def is_inside(self, label: str, container: str) -> bool:
        """Whether the place *label* is the section *container* or inside it."""
        seen: set[str] = set()
        while label and label not in seen:
            if label == container:
                return True
            seen.add(label)
            section = self.section(label)
            label = section.parent if section else ""
        return False


@dataclass(frozen=True)
class Entry:
    """One row of the checklist."""

    element: Element
    #: provided, partial, gap, not-applicable; "missing" when the register has no record.
    status: str
    places: tuple[Section, ...] = ()
    note: str = ""
    #: Set when the register says ``same-as``: the counterpart the status comes from.
    same_as: str = ""
    #: The register's own record for the element (``None`` when missing).
    record: Record | None = None
    #: What the build found that bears on it, as short lines ("2.1 Besøgende på hjemmesiden: 6(1)(a)").
    derived: tuple[str, ...] = ()

    @property
    def is_gap(self) -> bool:
        return self.status in GAP_STATUSES or self.status == "missing"


@dataclass(frozen=True)
class Report:
    entries: tuple[Entry, ...]
    #: The register's own problems, then the contradictions: each fails a strict build.
    problems: tuple[Problem, ...]

    def entry(self, key: str) -> Entry:
        return next(entry for entry in self.entries if entry.element.key == key)

    @property
    def gaps(self) -> tuple[Entry, ...]:
        """Elements the register records as gaps or partly provided, with their own record."""
        return tuple(entry for entry in self.entries if entry.status in GAP_STATUSES and not entry.same_as)


def _reference(target: str) -> Reference | None:
    """A citation as a reference; ``None`` for one the role rejected (it was reported there)."""
    try:
        return parse_reference(target, load_structure())
    except GDPRReferenceError:
        return None


def _matching(targets: Sequence[str], goals: Sequence[Reference]) -> list[str]:
    """The *targets* (role syntax) that cite something within one of *goals*, in order, once each."""
    found = [target for target in targets if (reference := _reference(target)) and cites_any([reference], goals)]
    return list(dict.fromkeys(found))


def _names(references: Sequence[Reference]) -> str:
    return ", ".join(reference.canonical for reference in references)


def requiring_sections(facts: Facts, goals: Sequence[Reference]) -> list[tuple[Section, list[str]]]:
    """Each section whose own citations name a provision within *goals*, with those citations."""
    by_label: dict[str, list[str]] = {}
    for citation in facts.citations:
        if citation.section and _matching([citation.target], goals):
            by_label.setdefault(citation.section, []).append(citation.target)
    return [
        (section, list(dict.fromkeys(by_label[section.label])))
        for section in facts.sections
        if section.label in by_label
    ]


def legal_bases(facts: Facts) -> list[tuple[Section, list[str]]]:
    """Each purpose, as the section that states its legal basis, with its Article 6(1) points ("6(1)(a)")."""
    goal = [parse_reference(LEGAL_BASIS, load_structure())]
    return [
        (section, [target for target in targets if "(" in target.removeprefix(LEGAL_BASIS)])
        for section, targets in requiring_sections(facts, goal)
    ]


def evaluate(elements: Mapping[str, Element], register: Register, facts: Facts) -> Report:
    """The checklist and every contradiction between *register* and *facts*."""
    problems = list(register.problems)
    entries = []
    labels = [section.label for section in facts.sections]
    for element in elements.values():
        own = register.records.get(element.key)
        resolved = register.resolved(element.key)
        if resolved is None:
            entries.append(Entry(element, "missing", record=own, same_as=own.same_as if own else ""))
            continue
        places = []
        for place in resolved.places:
            section = facts.section(place.label)
            if section is not None:
                places.append(section)
            elif own is resolved and not register.unreadable:
                hint = difflib.get_close_matches(place.label, labels, n=1, cutoff=0.6)
                detail = f"did you mean '{hint[0]}'?" if hint else "labels are the (name)= lines above the headings"
                problems.append(Problem(place.line, place.column, "unknown_label",
                                        f"no section labelled '{place.label}' in the policy ({detail})"))
        derived: list[str] = []
        if own is resolved:
            problems += _evidence(element, resolved, facts)
            problems += _requirements(element, resolved, facts)
        derived += _derived(element, resolved, tuple(places), facts)
        entries.append(Entry(element, resolved.status, tuple(places), own.note if own and own.note else resolved.note,
                             own.same_as if own else "", own, tuple(derived)))
    return Report(tuple(entries), tuple(problems))


def _evidence(element: Element, record: Record, facts: Facts) -> list[Problem]:
    """A place given for an element with ``cites`` must cite one of those provisions."""
    if not element.cites or record.status not in ("provided", "partial"):
        return []
    problems = []
    for place in record.places:
        section = facts.section(place.label)
        if section is None or _matching(section.citations, element.cites):
            continue
        problems.append(Problem(
            place.line, place.column, "no_evidence",
            f"'{place.label}' is given for {element.key} ({element.name}), but {section.title} cites "
            f"no {_names(element.cites)} with {{gdpr}}: cite it there, or correct the register",
        ))
    return problems


def _requirements(element: Element, record: Record, facts: Facts) -> list[Problem]:
    """``required-by`` and ``required-by-vendors``: what the text needs, the register must not deny."""
    problems = []
    requiring = requiring_sections(facts, element.required_by) if element.required_by else []
    vendors = _requiring_vendors(element, facts)
    if record.status == "not-applicable":
        reasons = [f"{section.title} cites {', '.join(targets)}" for section, targets in requiring]
        if vendors:
            kind = "outside the EU/EEA" if element.required_by_vendors == "third-country" else "in vendors.yaml"
            reasons.append(f"{len(vendors)} vendor(s) {kind} ({', '.join(vendor.name for vendor in vendors)})")
        if reasons:
            problems.append(Problem(
                record.status_line, record.status_column, "required",
                f"{element.key} ({element.name}) is recorded as not-applicable, but {'; '.join(reasons)}: "
                "give where the policy provides it, or record it as a gap",
            ))
    elif record.status in ("provided", "partial"):
        for section, targets in requiring:
            if any(facts.is_inside(place.label, section.label) for place in record.places):
                continue
            problems.append(Problem(
                record.line, record.column, "unlisted",
                f"{section.title} ({section.location}) cites {', '.join(targets)}, but {element.key} "
                f"({element.name}) gives no place in it: add '{section.label}' under 'where', or state it there",
            ))
    return problems


def _requiring_vendors(element: Element, facts: Facts) -> list[VendorFact]:
    if element.required_by_vendors == "any":
        return list(facts.vendors)
    if element.required_by_vendors == "third-country":
        return [vendor for vendor in facts.vendors if vendor.third_country]
    return []


def _derived(element: Element, record: Record, places: tuple[Section, ...], facts: Facts) -> list[str]:
    """Short lines for the checklist: what the build found for this element."""
    lines = []
    if element.cites:
        for section in places:
            found = _matching(section.citations, element.cites)
            lines.append(f"{section.title}: {', '.join(found) if found else 'cites no ' + _names(element.cites)}")
    if element.required_by:
        requiring = requiring_sections(facts, element.required_by)
        if requiring:
            lines.append("required by " + "; ".join(f"{s.title} ({', '.join(t)})" for s, t in requiring))
    vendors = _requiring_vendors(element, facts)
    if vendors:
        kind = " outside the EU/EEA" if element.required_by_vendors == "third-country" else ""
        lines.append(f"required by {len(vendors)} vendor(s){kind}: {', '.join(vendor.name for vendor in vendors)}")
    return lines


# -- Comparing two registers (the redline) ----------------------------------------------------


@dataclass(frozen=True)
class GapChange:
    key: str
    name: str
    before: str
    after: str


def gap_changes(elements: Mapping[str, Element], old: Register, new: Register) -> tuple[list[GapChange], list[GapChange]]:
    """(gaps closed, gaps opened) from register *old* to *new*: a status that left or entered
    partial/gap/missing. Partial to gap, or gap to partial, counts as neither."""
    closed, opened = [], []
    for key, element in elements.items():
        before = _status(old, key)
        after = _status(new, key)
        was_gap, is_gap = before in GAP_STATUSES or before == "missing", after in GAP_STATUSES or after == "missing"
        if was_gap and not is_gap:
            closed.append(GapChange(key, element.name, before, after))
        elif is_gap and not was_gap:
            opened.append(GapChange(key, element.name, before, after))
    return closed, opened


def _status(register: Register, key: str) -> str:
    record = register.resolved(key)
    return record.status if record is not None else "missing"

