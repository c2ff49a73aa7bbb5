"""Reading and checking the transparency register (``policy/transparency.yaml``): no Sphinx here.

The build computes each element's status from the anchored facts
(:mod:`transparency.evidence`); the register keeps only what a person decides::

    elements:
      13(1)(b):
        status: not-applicable        # optional: the status the editor expects; the build checks it
        note: ...                     # optional; required for not-applicable (why it does not apply)

Every element may be left out. :func:`parse_register` returns what it could
read together with every problem it found, each at a line and column; it never
raises on bad input. Whether a status agrees with the evidence is the rules'
part (:mod:`transparency.rules`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode

from yaml_positions import Checker, Problem, compose_checked, kind, position, read_text, suggest

from .elements import Element, elements_by_key

STATUSES = ("provided", "partial", "gap", "not-applicable")
#: Statuses that are gaps in the information given: listed as notices, never as errors.
GAP_STATUSES = ("partial", "gap")
TOP_FIELDS = ("elements",)
RECORD_FIELDS = ("status", "note")
#: Fields of the register before statuses were computed, and what replaced them.
RETIRED_FIELDS = {
    "where": "the sections now come from the quotes in policy/processing.yaml",
    "same-as": "an Article 14 point takes its Article 13 counterpart's evidence by itself",
}


@dataclass(frozen=True)
class Record:
    """What the register says about one element: the status the editor expects (if any) and a note."""

    key: str
    #: provided, partial, gap or not-applicable; "" when the register gives none.
    status: str = ""
    note: str = ""
    line: int = 0
    column: int = 0
    #: Where the status is written, for messages about it (the element's key when none is).
    status_line: int = 0
    status_column: int = 0


@dataclass(frozen=True)
class Register:
    records: dict[str, Record] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    #: True when the file could not be read as a register at all.
    unreadable: bool = False


def read_register(path: Path, elements: Mapping[str, Element] | None = None) -> Register:
    """Read and check *path*; a missing or undecodable file is a problem, not an exception."""
    text = read_text(path, "the register")
    if isinstance(text, Problem):
        return Register(problems=(text,), unreadable=True)
    return parse_register(text, elements)


def parse_register(text: str, elements: Mapping[str, Element] | None = None) -> Register:
    """Parse and check the YAML *text* of a register against *elements* (default: the shipped list)."""
    elements = elements_by_key() if elements is None else elements
    root = compose_checked(text)
    if isinstance(root, Problem):
        return Register(problems=(root,), unreadable=True)
    checker = _Checker(elements)
    records = checker.register(root)
    return Register(records=records or {}, problems=tuple(checker.problems), unreadable=records is None)


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
        for key, value in root.value:
            name = key.value if isinstance(key, ScalarNode) else ""
            if name == "elements" and elements_node is None:
                elements_node = value
            elif name == "elements":
                self.report(key, "duplicate_field", "field 'elements' is given twice")
            else:
                self.report(key, "unknown_field", f"unknown field '{name}' (the file has one field, 'elements')")
        if elements_node is None:
            self.report(root, "missing_field", "missing required field 'elements'")
            return None
        if not isinstance(elements_node, MappingNode):
            self.report(elements_node, "type", f"'elements' must be a mapping of element to record, not {kind(elements_node)}")
            return None
        records: dict[str, Record] = {}
        for key, value in elements_node.value:
            record = self.record(key, value, records)
            if record is not None:
                records[record.key] = record
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
        if isinstance(value, MappingNode):
            for field_key, _field_value in value.value:
                retired = RETIRED_FIELDS.get(field_key.value if isinstance(field_key, ScalarNode) else "")
                if retired:
                    self.report(field_key, "retired_field", f"{what} has '{field_key.value}', which the register no "
                                f"longer takes: {retired}; remove it")
            value = MappingNode(value.tag, [(k, v) for k, v in value.value
                                            if not (isinstance(k, ScalarNode) and k.value in RETIRED_FIELDS)],
                                value.flow_style, value.start_mark, value.end_mark)
        found = self.fields(value, dict.fromkeys(RECORD_FIELDS, False), what)
        if found is None:
            return None
        values, _keys = found
        note = self.text(values.get("note"), "note", what, fold=True)
        status_node = values.get("status")
        status = self.text(status_node, "status", what, fold=True)
        if status and status not in STATUSES:
            hint = suggest(status, list(STATUSES))
            detail = f"did you mean '{hint}'?" if hint else f"expected one of: {', '.join(STATUSES)}"
            self.report(status_node, "status", f"unknown status '{status}' for {what} ({detail})")
            return None
        element = self.elements[name]
        if status == "not-applicable" and not note:
            self.report(status_node, "missing_field", f"{what} is not-applicable: give the reason it does not apply "
                        "under 'note'")
        if status == "not-applicable" and not element.conditional:
            self.report(status_node, "not_applicable",
                        f"{what} ({element.name}) applies to every policy: it cannot be not-applicable")
        where = position(status_node) if status_node is not None else (line, column)
        return Record(name, status, note, line, column, *where)
