"""Reading and checking the processing data (``policy/processing.yaml``): no Sphinx here.

The file lists what the policy states once for every activity (``general``)
and each processing activity (``activities``), every fact either a quote of the
policy's Danish words or a gap with a note (the file's header is the schema).
It is composed with :mod:`yaml_positions`, so every fact keeps its line and
column; :func:`parse_processing` returns what it could read with every problem
it found and never raises on bad input. Whether each quote is still in the text
is :mod:`processing.anchors`' part, and the build's (:func:`check_quotes`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from vendors.registry import BASES as TRANSFER_BASES
from yaml_positions import Checker, Problem, compose_checked, kind, per_file_version, position, read_text, suggest

from .anchors import closest_text, find_quote, iso_duration, sentence_of

TOP_FIELDS = {"general": True, "activities": True}
#: The facts of ``general``: each required (a gap says the text does not state it).
GENERAL_FACTS = (
    "controller",
    "data-protection-officer",
    "recipients",
    "transfers",
    "safeguards",
    "safeguard-copy",
    "rights",
    "withdraw-consent",
    "complaint",
    "requirement",
    "automated-decisions",
)
#: ``general`` fields that are lists of facts, and the extra field each item has.
GENERAL_LISTS = {"safeguards": "basis", "rights": "article"}
ACTIVITY_FIELDS = {
    "id": True,
    "section": True,
    "purpose": True,
    "data-subjects": True,
    "personal-data": True,
    "source": True,
    "legal-basis": True,
    "legitimate-interest": False,
    "retention": True,
    "recipients": True,
}
#: The fields of one fact, and the extra field some facts take.
FACT_FIELDS = ("quote", "gap", "section")
EXTRA_FIELDS = {"legal-basis": "point", "safeguards": "basis", "rights": "article"}
#: The points of Article 6(1); only 6(1)(f) takes a legitimate interest.
LEGAL_BASIS_POINTS = tuple(f"6(1)({letter})" for letter in "abcdef")
LEGITIMATE_INTERESTS = "6(1)(f)"
#: The rights of Articles 15 to 21 that 13(2)(b) asks for (19 is the controller's duty, not a right).
RIGHTS_ARTICLES = ("15", "16", "17", "18", "20", "21")
ACTIVITY_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, kw_only=True)
class Fact:
    """One fact: the policy's words that state it (``quote``), or a ``gap`` with a note; never both."""

    #: The field it is written under: "purpose", "personal-data", "controller", "safeguards", ...
    kind: str
    quote: str = ""
    gap: str = ""
    #: The label of the section whose text holds the quote (the activity's, unless the fact names one).
    section: str = ""
    #: legal-basis: the point of Article 6(1) ("6(1)(a)"); safeguards: the transfer basis ("scc");
    #: rights: the article ("15"). Empty for other facts and for gaps.
    point: str = ""
    #: Where the quote (or the gap) is written; for a fact with neither, the fact itself.
    line: int = 0
    column: int = 0

    @property
    def is_gap(self) -> bool:
        return not self.quote

    @property
    def duration(self) -> str:
        """For a retention fact whose quote states a period, its ISO 8601 duration ("P5Y"); else ""."""
        return iso_duration(self.quote) if self.kind == "retention" and self.quote else ""


@dataclass(frozen=True, kw_only=True)
class Activity:
    """One processing activity the policy describes (a section of 2, or section 3's bookkeeping)."""

    id: str
    section: str
    purpose: Fact
    data_subjects: Fact
    personal_data: tuple[Fact, ...]
    source: Fact
    legal_basis: Fact
    #: Only for 6(1)(f); ``None`` otherwise.
    legitimate_interest: Fact | None
    retention: Fact
    recipients: Fact
    line: int = 0
    column: int = 0

    @property
    def facts(self) -> tuple[Fact, ...]:
        """Every fact of the activity, in the schema's order."""
        optional = (self.legitimate_interest,) if self.legitimate_interest else ()
        return (self.purpose, self.data_subjects, *self.personal_data, self.source, self.legal_basis,
                *optional, self.retention, self.recipients)


@dataclass(frozen=True, kw_only=True)
class General:
    """What the policy states once, for every activity."""

    controller: Fact
    data_protection_officer: Fact
    recipients: Fact
    transfers: Fact
    safeguards: tuple[Fact, ...]
    safeguard_copy: Fact
    rights: tuple[Fact, ...]
    withdraw_consent: Fact
    complaint: Fact
    requirement: Fact
    automated_decisions: Fact

    @property
    def facts(self) -> tuple[Fact, ...]:
        return (self.controller, self.data_protection_officer, self.recipients, self.transfers, *self.safeguards,
                self.safeguard_copy, *self.rights, self.withdraw_consent, self.complaint, self.requirement,
                self.automated_decisions)

    def right(self, article: str) -> Fact | None:
        return next((fact for fact in self.rights if fact.point == article), None)

    def safeguard(self, basis: str) -> Fact | None:
        return next((fact for fact in self.safeguards if fact.point == basis), None)


@dataclass(frozen=True, kw_only=True)
class Processing:
    """The file as read: ``general`` and ``activities`` (``None``/empty where unreadable), and every problem."""

    general: General | None = None
    activities: tuple[Activity, ...] = ()
    problems: tuple[Problem, ...] = ()
    unreadable: bool = False

    def activity(self, activity_id: str) -> Activity | None:
        return next((activity for activity in self.activities if activity.id == activity_id), None)

    def facts(self) -> Iterator[Fact]:
        """Every fact once, in the file's order (a fact shared with a YAML alias appears once)."""
        seen: set[tuple[int, int]] = set()
        everything = [*(self.general.facts if self.general else ()),
                      *(fact for activity in self.activities for fact in activity.facts)]
        for fact in sorted(everything, key=lambda fact: (fact.line, fact.column)):
            if (fact.line, fact.column) not in seen:
                seen.add((fact.line, fact.column))
                yield fact


def read_processing(path: Path) -> Processing:
    """Read and check *path*; a missing or undecodable file is a problem, not an exception."""
    text = read_text(path, "the processing data")
    if isinstance(text, Problem):
        return Processing(problems=(text,), unreadable=True)
    return parse_processing(text)


#: :func:`read_processing` once per version of the file: the build's checks, directives and notice share one parse.
cached_processing = per_file_version(read_processing)


def parse_processing(text: str) -> Processing:
    """Parse and check the YAML *text* of the processing data (labels and quotes: :func:`check_quotes`)."""
    root = compose_checked(text)
    if isinstance(root, Problem):
        return Processing(problems=(root,), unreadable=True)
    checker = _Checker()
    general, activities = checker.file(root)
    problems = tuple(dict.fromkeys(checker.problems))  # a fact shared by an alias is checked once per use
    return Processing(general=general, activities=tuple(activities), problems=problems,
                      unreadable=general is None and not activities)


# -- Quotes against the text ---------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Lost:
    """A fact whose quote is not in its section's text, and what is there now."""

    fact: Fact
    #: Where the section is written ("policy/opbevaringsperiode.md"), when the label exists.
    source: str = ""
    #: The stretch of the section's text most like the quote ("" if nothing is close).
    closest: str = ""


def check_quotes(processing: Processing, texts: Mapping[str, str], sources: Mapping[str, str]) -> list[Problem]:
    """A problem at each fact whose section label is unknown or whose quote is not in that section's text.

    *texts* maps each label to its plain text (:func:`processing.anchors.section_texts`),
    *sources* each label to the file it is in, for the message.
    """
    problems = []
    for fact in processing.facts():
        if fact.is_gap:
            continue
        if fact.section not in texts:
            hint = suggest(fact.section, texts)
            detail = f"did you mean '{hint}'?" if hint else "labels are the (name)= lines above the headings"
            problems.append(Problem(fact.line, fact.column, "unknown_label",
                                    f"the {fact.kind} quote is in section '{fact.section}', which the policy does "
                                    f"not have ({detail})"))
            continue
        lost = lost_quote(fact, texts[fact.section], sources.get(fact.section, ""))
        if lost is not None:
            now = f"the closest text there now is \"{lost.closest}\"" if lost.closest else "nothing there is close"
            problems.append(Problem(fact.line, fact.column, "quote_lost",
                                    f"the {fact.kind} quote \"{fact.quote}\" is no longer in section "
                                    f"'{fact.section}' ({lost.source or 'unknown file'}): {now}; quote the new "
                                    "words, or make the fact a gap"))
    return problems


def lost_quote(fact: Fact, text: str, source: str = "") -> Lost | None:
    """``None`` when *fact*'s quote is in *text*; otherwise what is there now."""
    if find_quote(fact.quote, text) >= 0:
        return None
    return Lost(fact=fact, source=source, closest=closest_text(fact.quote, text))


# -- The checker -------------------------------------------------------------------------


@dataclass
class _Checker(Checker):
    facts_seen: dict[int, Fact] = field(default_factory=dict)

    def file(self, root: Node | None) -> tuple[General | None, list[Activity]]:
        if root is None:
            self.problems.append(Problem(1, 1, "missing_field", "the file is empty: expected 'general' and 'activities'"))
            return None, []
        found = self.fields(root, TOP_FIELDS, "the file")
        if found is None:
            return None, []
        values, _keys = found
        general = self.general(values["general"]) if "general" in values else None
        activities = self.activities(values.get("activities"))
        return general, activities

    # -- general ---------------------------------------------------------------------

    def general(self, node: Node) -> General | None:
        found = self.fields(node, dict.fromkeys(GENERAL_FACTS, True), "'general'")
        if found is None:
            return None
        values, _keys = found
        if any(name not in values for name in GENERAL_FACTS):
            return None
        facts: dict[str, object] = {}
        for name in GENERAL_FACTS:
            if name in GENERAL_LISTS:
                facts[name] = self.fact_list(values[name], name, "", f"'general' {name}")
            else:
                facts[name] = self.fact(values[name], name, "", f"the {name} fact in 'general'")
        if any(value is None for value in facts.values()):
            return None
        self.check_rights(values["rights"], facts["rights"])  # type: ignore[arg-type]
        return General(**{name.replace("-", "_"): value for name, value in facts.items()})  # type: ignore[arg-type]

    def check_rights(self, node: Node, rights: tuple[Fact, ...]) -> None:
        given = [fact.point for fact in rights]
        missing = [article for article in RIGHTS_ARTICLES if article not in given]
        if missing:
            self.report(node, "missing_right", f"'general' rights has no entry for Article(s) {', '.join(missing)}: "
                        "quote where the policy states each right, or write it as a gap")

    # -- activities ------------------------------------------------------------------

    def activities(self, node: Node | None) -> list[Activity]:
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            self.report(node, "type", f"'activities' must be a list of activities, not {kind(node)}")
            return []
        activities: list[Activity] = []
        first: dict[str, int] = {}
        for item in node.value:
            activity = self.activity(item)
            if activity is None:
                continue
            if activity.id in first:
                self.report(item, "duplicate_activity",
                            f"activity '{activity.id}' is given twice (first at line {first[activity.id]})")
                continue
            first[activity.id] = activity.line
            activities.append(activity)
        if not node.value:
            self.report(node, "missing_field", "'activities' is an empty list")
        return activities

    def activity(self, node: Node) -> Activity | None:
        what = _describe(node)
        found = self.fields(node, ACTIVITY_FIELDS, what)
        if found is None:
            return None
        values, keys = found
        activity_id = self.text(values.get("id"), "id", what, fold=True)
        if activity_id and not ACTIVITY_ID.match(activity_id):
            self.report(values["id"], "id", f"the id '{activity_id}' of {what} must be kebab-case "
                        "(lower-case letters, digits and hyphens, e.g. job-applicants)")
            activity_id = ""
        section = self.text(values.get("section"), "section", what, fold=True)
        if any(name not in values for name, required in ACTIVITY_FIELDS.items() if required):
            return None
        if not activity_id or not section:
            return None
        single = {
            name: self.fact(values[name], name, section, f"the {name} fact of {what}")
            for name in ("purpose", "data-subjects", "source", "legal-basis", "retention", "recipients")
        }
        personal_data = self.fact_list(values["personal-data"], "personal-data", section, f"personal-data of {what}")
        interest = None
        if "legitimate-interest" in values:
            interest = self.fact(values["legitimate-interest"], "legitimate-interest", section,
                                 f"the legitimate-interest fact of {what}")
        basis = single["legal-basis"]
        if basis is not None and basis.point == LEGITIMATE_INTERESTS and "legitimate-interest" not in values:
            self.report(values["legal-basis"], "legitimate_interest",
                        f"{what} relies on {LEGITIMATE_INTERESTS}: give its 'legitimate-interest' (a quote, or a gap)")
        elif basis is not None and basis.point != LEGITIMATE_INTERESTS and "legitimate-interest" in values:
            self.report(keys["legitimate-interest"], "legitimate_interest",
                        f"{what} has a 'legitimate-interest', which only an activity relying on "
                        f"{LEGITIMATE_INTERESTS} has (its legal basis is {basis.point or 'a gap'})")
            interest = None
        if any(fact is None for fact in single.values()) or personal_data is None:
            return None
        line, column = position(node)
        return Activity(
            id=activity_id, section=section, purpose=single["purpose"], data_subjects=single["data-subjects"],
            personal_data=personal_data, source=single["source"], legal_basis=single["legal-basis"],
            legitimate_interest=interest, retention=single["retention"], recipients=single["recipients"],
            line=line, column=column,
        )  # type: ignore[arg-type]

    # -- facts -------------------------------------------------------------------------

    def fact_list(self, node: Node, name: str, section: str, what: str) -> tuple[Fact, ...] | None:
        if not isinstance(node, SequenceNode):
            self.report(node, "type", f"{what} must be a list of facts, not {kind(node)}")
            return None
        if not node.value:
            self.report(node, "missing_field", f"{what} is an empty list: give at least one fact, or one gap")
            return None
        facts = [self.fact(item, name, section, f"a fact in {what}") for item in node.value]
        kept = tuple(fact for fact in facts if fact is not None)
        extra = EXTRA_FIELDS.get(name)
        if extra:
            first: dict[str, int] = {}
            for fact in kept:
                if fact.point in first:
                    self.problems.append(Problem(fact.line, fact.column, "duplicate_fact",
                                                 f"{extra} '{fact.point}' is given twice in {what} "
                                                 f"(first at line {first[fact.point]})"))
                first.setdefault(fact.point, fact.line)
        return kept if len(kept) == len(facts) else None

    def fact(self, node: Node, name: str, section: str, what: str) -> Fact | None:
        if id(node) in self.facts_seen and self.facts_seen[id(node)].section == section:
            return self.facts_seen[id(node)]  # a YAML alias: the same fact, checked once
        extra = EXTRA_FIELDS.get(name)
        allowed = dict.fromkeys(FACT_FIELDS, False) | ({extra: False} if extra else {})
        found = self.fields(node, allowed, what)
        if found is None:
            return None
        values, keys = found
        quote = self.text(values.get("quote"), "quote", what, fold=True)
        gap = self.text(values.get("gap"), "gap", what, fold=True)
        own_section = self.text(values.get("section"), "section", what, fold=True)
        point = self.text(values.get(extra), extra, what, fold=True) if extra else ""
        if "quote" in values and "gap" in values:
            self.report(keys["gap"], "quote_and_gap",
                        f"{what} has both a quote and a gap: a fact is either the policy's words or a gap")
            return None
        if not quote and not gap:
            self.report(values.get("quote") or values.get("gap") or node, "no_quote",
                        f"{what} has no quote and no gap: quote the policy's Danish words that state it, "
                        "or write a gap with a note")
            return None
        if gap and "section" in values:
            self.report(keys["section"], "gap_section", f"{what} is a gap: it has no section")
        if quote and not own_section and not section:
            self.report(node, "missing_field", f"{what} needs a 'section': the label of the section it quotes")
            return None
        if extra and not self.check_extra(name, extra, point, gap, values, node, what):
            return None
        where = values["quote"] if quote else values["gap"]
        line, column = position(where)
        fact = Fact(kind=name, quote=quote, gap=gap, section="" if gap else (own_section or section),
                    point=point, line=line, column=column)
        self.facts_seen[id(node)] = fact
        return fact

    def check_extra(self, name: str, extra: str, point: str, gap: str, values: dict[str, Node], node: Node,
                    what: str) -> bool:
        if name == "legal-basis" and gap:
            if point:
                self.report(values[extra], "point", f"{what} is a gap: it has no '{extra}'")
            return True
        choices = {"legal-basis": LEGAL_BASIS_POINTS, "safeguards": TRANSFER_BASES, "rights": RIGHTS_ARTICLES}[name]
        if not point:
            self.report(values.get(extra) or node, "missing_field",
                        f"{what} needs '{extra}': one of {', '.join(choices)}")
            return False
        if point not in choices:
            hint = suggest(point.lower(), choices)
            detail = f"did you mean '{hint}'?" if hint else f"expected one of: {', '.join(choices)}"
            self.report(values[extra], extra, f"unknown {extra} '{point}' in {what} ({detail})")
            return False
        return True


def _describe(node: Node) -> str:
    """ "activity 'leads'" from the node's own id, or "an activity" without one."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == "id" and isinstance(value, ScalarNode) and value.value:
                return f"activity '{value.value.strip()}'"
    return "an activity"


# -- Facts to review against a released version ---------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Review:
    """A fact whose sentence is not the same as in a released version (or whose quote is gone)."""

    fact: Fact
    #: "changed": the sentence differs (or is new); "lost": the quote is not in the text now.
    kind: str
    then: str = ""
    now: str = ""


def facts_to_review(processing: Processing, texts_now: Mapping[str, str], texts_then: Mapping[str, str]) -> list[Review]:
    """Each quoted fact whose sentence now differs from the same sentence in the released text (*texts_then*).

    The sentence is the one the quote is in (:func:`processing.anchors.sentence_of`);
    one the released text does not have is new, and counts as changed.
    """
    reviews = []
    for fact in processing.facts():
        if fact.is_gap:
            continue
        now = sentence_of(fact.quote, texts_now.get(fact.section, ""))
        if not now:
            reviews.append(Review(fact=fact, kind="lost"))
            continue
        then = sentence_of(fact.quote, texts_then.get(fact.section, ""))
        if then != now:
            reviews.append(Review(fact=fact, kind="changed", then=then, now=now))
    return reviews
