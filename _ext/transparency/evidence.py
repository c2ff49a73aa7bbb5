"""Each element's status computed from the anchored facts: pure functions, no Sphinx.

The evidence for an element of Articles 13 and 14 is the facts of
``policy/processing.yaml`` (:mod:`processing.facts`) whose quotes are still in
their sections' text, the ``{gdpr}`` citations and the controller's contact
data. An element has one or more parts (13(1)(f): the transfer, each safeguard,
how to obtain a copy; 13(2)(b): each right; 13(2)(a): every activity's
retention); it is *provided* when every part has evidence, *partial* when some
do, a *gap* when none does, and *not-applicable* when the data asks for no part
(13(1)(d) without an activity relying on 6(1)(f)).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from processing.anchors import find_quote, normalise
from processing.facts import LEGITIMATE_INTERESTS, Activity, Fact, Processing

from .elements import Element, as_reference, citing

if TYPE_CHECKING:
    from .rules import Facts

#: The rights of Articles 15-21 as the checklist names them.
RIGHT_NAMES = {
    "15": "right of access (Article 15)",
    "16": "right to rectification (Article 16)",
    "17": "right to erasure (Article 17)",
    "18": "right to restriction of processing (Article 18)",
    "20": "right to data portability (Article 20)",
    "21": "right to object (Article 21)",
}
#: The controller's contact details that the text must give (keys of ``reader_controller``).
CONTACT_FIELDS = ("name", "address", "email", "phone")
CONSENT = "6(1)(a)"


@dataclass(frozen=True, kw_only=True)
class Part:
    """One part of an element, and the fact that gives it (or says it is a gap)."""

    name: str
    #: The fact it rests on; ``None`` for a part that no fact states (the contact details).
    fact: Fact | None = None
    given: bool = False
    #: Why it is not given: the fact's gap note, or what went wrong with its quote.
    note: str = ""
    #: Labels of the sections that give it.
    sections: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Evidence:
    key: str
    #: provided, partial, gap, or not-applicable (no part is asked for).
    status: str
    parts: tuple[Part, ...] = ()

    @property
    def missing(self) -> tuple[Part, ...]:
        return tuple(part for part in self.parts if not part.given)


def status_of(parts: Sequence[Part]) -> str:
    if not parts:
        return "not-applicable"
    given = sum(part.given for part in parts)
    return "provided" if given == len(parts) else "partial" if given else "gap"


def in_text(fact: Fact, texts: Mapping[str, str]) -> bool:
    """Whether *fact* is a quote still found in its section's text."""
    return bool(fact.quote) and fact.section in texts and find_quote(fact.quote, texts[fact.section]) >= 0


def fact_part(name: str, fact: Fact, texts: Mapping[str, str], facts: Facts, cites: Sequence[str] = ()) -> Part:
    """The part *name* as *fact* gives it; with *cites*, its section (or one around it) must cite one of them."""
    if fact.is_gap:
        return Part(name=name, fact=fact, note=fact.gap)
    if not in_text(fact, texts):
        return Part(name=name, fact=fact, note=f"the quote is no longer in section '{fact.section}'")
    if cites and not any(cited_around(fact.section, target, facts) for target in cites):
        return Part(name=name, fact=fact, sections=(fact.section,),
                    note=f"section '{fact.section}' cites no {' or '.join(cites)} with {{gdpr}}")
    return Part(name=name, fact=fact, given=True, sections=(fact.section,))


def cited_around(label: str, target: str, facts: Facts) -> bool:
    """Whether the section *label*, or a section it is in, cites *target* (or a part of it)."""
    goal = as_reference(target)
    if goal is None:
        return False
    seen: set[str] = set()
    while label and label not in seen:
        seen.add(label)
        section = facts.section(label)
        if section is None:
            return False
        if citing(section.citations, [goal]):
            return True
        label = section.parent
    return False


def basis_cited(activity: Activity, facts: Facts) -> bool:
    """Whether the activity's section cites exactly the point of Article 6(1) its legal basis names."""
    section = facts.section(activity.section)
    point = activity.legal_basis.point
    return bool(section and point) and point in section.citations


def contact_part(contact: Mapping[str, str], texts: Mapping[str, str]) -> Part:
    """The controller's contact details (``reader_controller``), each found in a section of the text."""
    name = "contact details"
    wanted = {field: _plain(contact[field]) for field in CONTACT_FIELDS if contact.get(field)}
    if not wanted:
        return Part(name=name, note="no contact details are configured (reader_controller in conf.py)")
    found: dict[str, str] = {}
    for label, text in sorted(texts.items(), key=lambda item: len(item[1])):  # the most specific section first
        flat = _plain(text)
        for field, value in wanted.items():
            if field not in found and value in flat:
                found[field] = label
    missing = [field for field in wanted if field not in found]
    if missing:
        return Part(name=name, note=f"the text does not give the controller's {', '.join(missing)} "
                                    "as conf.py's reader_controller has it")
    return Part(name=name, given=True, sections=tuple(dict.fromkeys(found.values())))


def _plain(text: str) -> str:
    """*text* normalised, commas left out: an address given on lines reads "Gøteborgvej 16 9200 Aalborg SV"."""
    return normalise(text.replace(",", " "))


def activity_parts(processing: Processing, texts: Mapping[str, str], facts: Facts, field: str) -> list[Part]:
    parts = []
    for activity in processing.activities:
        if field == "legal-basis":
            part = fact_part(f"legal basis of {activity.id}", activity.legal_basis, texts, facts)
            if part.given and not basis_cited(activity, facts):
                part = Part(name=part.name, fact=part.fact, sections=part.sections,
                            note=f"section '{activity.section}' cites no {activity.legal_basis.point} with {{gdpr}}")
            parts.append(part)
        elif field == "personal-data":
            data = [fact_part(f"personal data of {activity.id}", fact, texts, facts) for fact in activity.personal_data]
            given = [part for part in data if part.given]
            parts.append(given[0] if given else data[0])
        elif field == "legitimate-interest":
            if activity.legal_basis.point == LEGITIMATE_INTERESTS and activity.legitimate_interest:
                parts.append(fact_part(f"legitimate interest of {activity.id}", activity.legitimate_interest,
                                       texts, facts))
        else:
            fact = {"purpose": activity.purpose, "retention": activity.retention, "source": activity.source,
                    "recipients": activity.recipients}[field]
            parts.append(fact_part(f"{field} of {activity.id}", fact, texts, facts))
    return parts


def element_parts(key: str, processing: Processing, texts: Mapping[str, str], facts: Facts,
                  contact: Mapping[str, str], cites: Sequence[str] = ()) -> list[Part] | None:
    """The parts of the Article 13 point *key* (or of 14(1)(d), 14(2)(f)); ``None`` for a point this does not know.

    *cites* (the element's ``cites`` in ``data/elements.yaml``) applies to an element
    given by one fact: its quote counts only in a section citing one of them (or
    inside one). A right counts only in a section citing its own article.
    """
    general = processing.general
    if general is None:  # its problems are reported; no part has evidence until it reads
        return [Part(name="the processing data", note="policy/processing.yaml cannot be read: see its problems")]
    single = {
        "13(1)(b)": ("data protection officer", general.data_protection_officer),
        "13(2)(c)": ("right to withdraw consent", general.withdraw_consent),
        "13(2)(d)": ("right to lodge a complaint", general.complaint),
        "13(2)(e)": ("whether the data must be provided", general.requirement),
        "13(2)(f)": ("automated decision-making", general.automated_decisions),
    }
    if key in single:
        name, fact = single[key]
        return [fact_part(name, fact, texts, facts, cites)]
    if key == "13(1)(a)":
        return [fact_part("identity", general.controller, texts, facts), contact_part(contact, texts)]
    if key == "13(1)(c)":
        purposes = activity_parts(processing, texts, facts, "purpose")
        bases = activity_parts(processing, texts, facts, "legal-basis")
        return [part for pair in zip(purposes, bases) for part in pair]
    if key == "13(1)(d)":
        return activity_parts(processing, texts, facts, "legitimate-interest")
    if key == "13(1)(e)":
        shared = (general.recipients.line, general.recipients.column)
        return [fact_part("categories of recipients", general.recipients, texts, facts),
                *(part for part in activity_parts(processing, texts, facts, "recipients")
                  if part.fact is None or (part.fact.line, part.fact.column) != shared)]
    if key == "13(1)(f)":
        return [fact_part("transfer", general.transfers, texts, facts),
                *(fact_part(f"safeguard ({fact.point})", fact, texts, facts) for fact in general.safeguards),
                fact_part("how to obtain a copy of the safeguards", general.safeguard_copy, texts, facts)]
    if key == "13(2)(a)":
        return activity_parts(processing, texts, facts, "retention")
    if key == "13(2)(b)":
        return [fact_part(RIGHT_NAMES.get(fact.point, fact.point), fact, texts, facts, cites=(fact.point,))
                for fact in general.rights]
    if key == "14(1)(d)":
        return activity_parts(processing, texts, facts, "personal-data")
    if key == "14(2)(f)":
        return activity_parts(processing, texts, facts, "source")
    return None


def compute_evidence(elements: Mapping[str, Element], processing: Processing, texts: Mapping[str, str], facts: Facts,
                     contact: Mapping[str, str]) -> dict[str, Evidence]:
    """Each element's evidence, in the elements' order; an Article 14 point takes its counterpart's."""
    result: dict[str, Evidence] = {}
    for key, element in elements.items():
        counterpart = element.counterpart
        cites = tuple(reference.canonical for reference in element.cites)
        own = element_parts(key, processing, texts, facts, contact, cites)
        if own is None and counterpart in result:
            result[key] = Evidence(key=key, status=result[counterpart].status, parts=result[counterpart].parts)
            continue
        parts = tuple(own or ())
        result[key] = Evidence(key=key, status=status_of(parts), parts=parts)
    return result


def relies_on(processing: Processing, point: str) -> list[Activity]:
    """The activities whose legal basis is *point* ("6(1)(a)")."""
    return [activity for activity in processing.activities if activity.legal_basis.point == point]


def uncited_bases(processing: Processing, facts: Facts) -> list[Activity]:
    """Activities whose legal basis names a point their section does not cite with ``{gdpr}``."""
    return [activity for activity in processing.activities
            if activity.legal_basis.point and facts.section(activity.section) and not basis_cited(activity, facts)]


def unstated_bases(processing: Processing, facts: Facts) -> list[tuple[str, str, str, int]]:
    """``(label, point, source, line)`` for each 6(1) point a section cites that no activity of that section gives."""
    given = {(activity.section, activity.legal_basis.point) for activity in processing.activities}
    found = []
    for citation in facts.citations:
        target = citation.target
        if not target.startswith("6(1)(") or not citation.section:
            continue
        if (citation.section, target) not in given:
            found.append((citation.section, target, citation.source, citation.line))
    return list(dict.fromkeys(found))


def consent_reasons(processing: Processing) -> list[str]:
    return [f"activity '{activity.id}' relies on consent ({CONSENT})" for activity in relies_on(processing, CONSENT)]
