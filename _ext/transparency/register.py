"""Reading and checking the transparency register (``policy/transparency.yaml``): no Sphinx here.

The register says, for every element of GDPR Articles 13(1), 13(2), 14(1) and
14(2) (:mod:`transparency.elements`), where the policy provides it or why it
does not::

    elements:
      13(1)(a):
        status: provided              # provided, partial, gap or not-applicable
        where: [dataansvarlig]        # section labels; provided and partial only
        note: ...                     # required for partial, gap, not-applicable
      14(1)(a):
        same-as: 13(1)(a)             # Article 14 only: as its Article 13 counterpart

:func:`parse_register` returns what it could read together with every problem
it found, each at a line and column; it never raises on bad input. Whether the
labels exist and agree with the text is the build's part (:mod:`transparency.rules`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml_positions import NULL_TAG, Checker, Problem, YAMLPositionError, compose, decode, kind, position, suggest

from .elements import Element, elements_by_key

STATUSES = ("provided", "partial", "gap", "not-applicable")
#: Statuses that are gaps in the information given: listed as notices, never as errors.
GAP_STATUSES = ("partial", "gap")
TOP_FIELDS = ("elements",)
RECORD_FIELDS = ("status", "where", "note", "same-as")


@dataclass(frozen=True)
class Place:
    """A label given under ``where``, and where it is written."""

    label: str
    line: int
    column: int


@dataclass(frozen=True)
class Record:
    """What the register says about one element."""

    key: str
    status: str
    places: tuple[Place, ...] = ()
    note: str = ""
    same_as: str = ""
    line: int = 0
    column: int = 0
    #: Where the status (or ``same-as``) is written, for messages about it.
    status_line: int = 0
    status_column: int = 0


@dataclass(frozen=True)
class Register:
    records: dict[str, Record] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    #: True when the file could not be read as a register at all.
    unreadable: bool = False

    def resolved(self, key: str) -> Record | None:
        """The record that decides *key*'s status: its own, or its counterpart's for ``same-as``."""
        record = self.records.get(key)
        if record is not None and record.same_as:
            return self.records.get(record.same_as)
        return record


def read_register(path: Path, elements: Mapping[str, Element] | None = None) -> Register:
    """Read and check *path*; a missing or undecodable file is a problem, not an exception."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Register(problems=(Problem(0, 0, "missing", f"cannot read the register {path}: {exc.strerror}"),), unreadable=True)
    try:
        text = decode(data)
    except YAMLPositionError as exc:
        return Register(problems=(exc.problem,), unreadable=True)
    return parse_register(text, elements)


def parse_register(text: str, elements: Mapping[str, Element] | None = None) -> Register:
    """Parse and check the YAML *text* of a register against *elements* (default: the shipped list)."""
    elements = elements_by_key() if elements is None else elements
    try:
        root = compose(text)
    except YAMLPositionError as exc:
        return Register(problems=(exc.problem,), unreadable=True)
    checker = _Checker(elements)
    records = checker.register(root)
    return Register(records=records, problems=tuple(checker.problems), unreadable=records is None)


@dataclass
class _Checker(Checker):
    elements: Mapping[str, Element]

    def register(self, root: Node | None) -> dict[str, Record] | None:
        if root is None:
            self.problems.append(Problem(1, 1, "missing_field", "the file is empty: expected an 'elements' mapping"))
            return None
        if not isinstance(root, MappingNode):
            self.report(root, "type", "the file must be a mapping with one field, 'elements'")
            return None
        elements_node: Node | None = None
        elements_key: Node | None = None
        for key, value in root.value:
            name = key.value if isinstance(key, ScalarNode) else ""
            if name == "elements" and elements_node is None:
                elements_key, elements_node = key, value
            elif name == "elements":
                self.report(key, "duplicate_field", "field 'elements' is given twice")
            else:
                self.report(key, "unknown_field", f"unknown field '{name}' (the file has one field, 'elements')")
        if elements_node is None or elements_key is None:
            self.report(root, "missing_field", "missing required field 'elements'")
            return None
        if not isinstance(elements_node, MappingNode):
            self.report(elements_node, "type", f"'elements' must be a mapping of element to record, not {kind(elements_node)}")
            return None
        records: dict[str, Record] = {}
        given: set[str] = set()  # every element written in the file, even one whose record has a problem
        for key, value in elements_node.value:
            record = self.record(key, value, records)
            if isinstance(key, ScalarNode):
                given.add(key.value.strip())
            if record is not None:
                records[record.key] = record
        for element in self.elements:
            if element not in given:
                self.report(elements_key, "missing_element", f"element {element} ({self.elements[element].name}) is missing: "
                            "give where the policy provides it, or record it as a gap or not-applicable")
        self.check_same_as(records, given)
        return records

    def record(self, key: Node, value: Node, records: Mapping[str, Record]) -> Record | None:
        name = key.value.strip() if isinstance(key, ScalarNode) else ""
        line, column = position(key)
        if name not in self.elements:
            hint = suggest(name, list(self.elements))
            detail = f"did you mean '{hint}'?" if hint else "the elements are the points of Articles 13(1), 13(2), 14(1), 14(2)"
            self.report(key, "unknown_element", f"unknown element '{name}' ({detail})")
            return None
        if name in records:
            self.report(key, "duplicate_element", f"element {name} is given twice (first at line {records[name].line})")
            return None
        what = f"element {name}"
        # Which fields a record needs depends on its status: checked below, not as required fields.
        found = self.fields(value, dict.fromkeys(RECORD_FIELDS, False), what)
        if found is None:
            return None
        values, keys = found
        note = self.text(values.get("note"), "note", what, fold=True)
        if "same-as" in values:
            return self.same_as(name, what, values, keys, note, line, column)
        status_node = values.get("status")
        status = self.text(status_node, "status", what, fold=True)
        if status_node is None or not status:
            self.report(value if status_node is None else status_node, "missing_field",
                        f"{what} has no status: give one of {', '.join(STATUSES)}")
            return None
        if status not in STATUSES:
            hint = suggest(status, list(STATUSES))
            detail = f"did you mean '{hint}'?" if hint else f"expected one of: {', '.join(STATUSES)}"
            self.report(status_node, "status", f"unknown status '{status}' for {what} ({detail})")
            return None
        places = self.places(values.get("where"), what)
        if status in ("provided", "partial") and not places and "where" not in values:
            self.report(status_node, "missing_field", f"{what} is {status}: list its section labels under 'where'")
        if status in ("gap", "not-applicable") and "where" in values:
            self.report(keys["where"], "where", f"{what} is {status}: it has no 'where' (say what is missing in 'note')")
            places = ()
        if status != "provided" and not note:
            reason = "the reason it does not apply" if status == "not-applicable" else "what is missing"
            self.report(status_node, "missing_field", f"{what} is {status}: give {reason} under 'note'")
        element = self.elements[name]
        if status == "not-applicable" and not element.conditional:
            self.report(status_node, "not_applicable",
                        f"{what} ({element.name}) applies to every policy: it cannot be not-applicable")
        return Record(name, status, places, note, "", line, column, *position(status_node))

    def same_as(self, name: str, what: str, values: dict[str, Node], keys: dict[str, Node],
                note: str, line: int, column: int) -> Record | None:
        node = values["same-as"]
        target = self.text(node, "same-as", what, fold=True)
        for other in ("status", "where"):
            if other in values:
                self.report(keys[other], "same_as", f"{what} says 'same-as': it takes its status and places from "
                            f"{target or 'its counterpart'}, so it has no '{other}'")
        counterpart = self.elements[name].counterpart
        if target != counterpart:
            expected = f"its counterpart is {counterpart}" if counterpart else "it has no counterpart in Article 13"
            self.report(node, "same_as", f"{what} cannot be the same as '{target}': {expected}")
            return None
        return Record(name, "", (), note, target, line, column, *position(node))

    def check_same_as(self, records: dict[str, Record], given: set[str]) -> None:
        for record in records.values():
            if record.same_as and record.same_as not in given:
                self.problems.append(Problem(record.status_line, record.status_column, "same_as",
                                             f"element {record.key} is the same as {record.same_as}, which is not in the register"))

    def places(self, node: Node | None, what: str) -> tuple[Place, ...]:
        if node is None:
            return ()
        items = node.value if isinstance(node, SequenceNode) else [node]
        places: list[Place] = []
        for item in items:
            if not isinstance(item, ScalarNode) or item.tag == NULL_TAG or not item.value.strip():
                self.report(item, "type", f"'where' in {what} lists section labels, such as [dataansvarlig]")
                continue
            label = item.value.strip()
            if any(place.label == label for place in places):
                self.report(item, "duplicate_place", f"label '{label}' is listed twice in {what}")
                continue
            places.append(Place(label, *position(item)))
        if not places:
            self.report(node, "missing_field", f"'where' in {what} is empty")
        return tuple(places)
