"""Reading and checking the vendor registry (``policy/vendors.yaml``): no Sphinx here.

The file is composed into a node graph with :mod:`yaml_positions`, never
constructed into Python objects, so that every value keeps its line and column
for error messages, no YAML tag can run code, and every scalar stays text
(``country: NO`` is Norway, not ``False``).

:func:`parse_registry` returns the vendors it could read together with every
problem it found; it never raises on bad input.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from yaml_positions import (
    NULL_TAG,
    Checker,
    Problem,
    compose_checked,
    kind,
    per_file_version,
    position,
    read_text,
    suggest,
)

from .jurisdictions import Jurisdictions, load_jurisdictions

#: The transfer bases the schema knows, in the order tables list them.
BASES = ("scc", "dpf", "adequacy", "bcr", "art49")

# Field name -> required?
TOP_FIELDS = {"vendors": True}
VENDOR_FIELDS = {"name": True, "entity": True, "country": True, "basis": False, "services": True}
SERVICE_FIELDS = {"name": True, "description": True, "terms": False}

# Common mistakes for ISO 3166-1 alpha-2 codes.
_COUNTRY_HINTS = {"UK": "GB", "EL": "GR", "EN": "GB", "USA": "US"}


@dataclass(frozen=True)
class Service:
    name: str
    description: str
    terms: str
    line: int
    column: int


@dataclass(frozen=True)
class Vendor:
    name: str
    entity: str
    country: str
    third_country: bool
    bases: tuple[str, ...]
    services: tuple[Service, ...]
    line: int
    column: int


@dataclass(frozen=True)
class Registry:
    vendors: tuple[Vendor, ...] = ()
    problems: tuple[Problem, ...] = ()
    #: True when the file could not be read as YAML at all.
    unreadable: bool = False

    def vendor(self, name: str) -> Vendor | None:
        folded = name.casefold()
        return next((v for v in self.vendors if v.name.casefold() == folded), None)

    def services_without_terms(self) -> list[tuple[Vendor, Service]]:
        return [(v, s) for v in self.vendors for s in v.services if not s.terms]


def read_registry(path: Path, jurisdictions: Jurisdictions) -> Registry:
    """Read and check *path*; a missing or undecodable file is a problem, not an exception."""
    text = read_text(path, "the vendor registry")
    if isinstance(text, Problem):
        return Registry(problems=(text,), unreadable=True)
    return parse_registry(text, jurisdictions)


@per_file_version
def cached_registry(path: Path) -> Registry:
    """:func:`read_registry` with the shipped jurisdictions, once per version of the file and per process."""
    return read_registry(path, load_jurisdictions())


def parse_registry(text: str, jurisdictions: Jurisdictions) -> Registry:
    """Parse and check the YAML *text* of a vendor registry."""
    root = compose_checked(text)
    if isinstance(root, Problem):
        return Registry(problems=(root,), unreadable=True)
    checker = _Checker(jurisdictions)
    vendors = checker.registry(root)
    return Registry(vendors=tuple(vendors), problems=tuple(checker.problems))


@dataclass
class _Checker(Checker):
    jurisdictions: Jurisdictions

    # -- structure -------------------------------------------------------------

    def fields(self, node: Node, allowed: Mapping[str, bool], what: str) -> dict[str, Node] | None:
        """The mapping *node*'s values by field name (see :meth:`Checker.fields`)."""
        found = super().fields(node, allowed, what)
        return None if found is None else found[0]

    def sequence(self, values: dict[str, Node], name: str, what: str) -> list[Node]:
        node = values.get(name)
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            self.report(node, "type", f"field '{name}' in {what} must be a list, not {kind(node)}")
            return []
        if not node.value:
            self.report(node, "missing_field", f"field '{name}' in {what} is an empty list")
        return list(node.value)

    # -- the file ----------------------------------------------------------------

    def registry(self, root: Node | None) -> list[Vendor]:
        if root is None:
            self.problems.append(Problem(1, 1, "missing_field", "the file is empty: expected a 'vendors' list"))
            return []
        values = self.fields(root, TOP_FIELDS, "the file")
        if values is None:
            return []
        vendors = [(node, self.vendor(node)) for node in self.sequence(values, "vendors", "the file")]
        return self.first_of_each_name(vendors, "duplicate_vendor", "vendor")

    def first_of_each_name(self, entries: list[tuple[Node, Any]], code: str, kind: str, where: str = "") -> list[Any]:
        """The entries (vendors or services) in order, less any whose name was already
        used; each repeat is reported at its own line, naming the first one's."""
        kept = []
        first_line: dict[str, int] = {}
        for node, entry in entries:
            if entry is None:
                continue
            key = entry.name.casefold()
            if key and key in first_line:
                self.report(
                    node, code, f"duplicate {kind} '{entry.name}'{where} (first defined at line {first_line[key]})"
                )
                continue
            first_line.setdefault(key, entry.line)
            kept.append(entry)
        return kept

    def vendor(self, node: Node) -> Vendor | None:
        what = _describe(node, "vendor")
        values = self.fields(node, VENDOR_FIELDS, what)
        if values is None:
            return None
        name = self.text(values.get("name"), "name", what, required=True)
        entity = self.text(values.get("entity"), "entity", what, required=True)
        country = self.country(values, what)
        third_country = bool(country) and self.jurisdictions.is_third_country(country)
        bases = self.bases(node, values, what, country)
        services = self.first_of_each_name(
            [(node, self.service(node, what)) for node in self.sequence(values, "services", what)],
            "duplicate_service",
            "service",
            where=f" in {what}",
        )
        return Vendor(name, entity, country, third_country, bases, tuple(services), *position(node))

    def country(self, values: dict[str, Node], what: str) -> str:
        code = self.text(values.get("country"), "country", what, required=True)
        if not code or self.jurisdictions.is_country(code):
            return code
        hint = _COUNTRY_HINTS.get(code.upper(), code.upper())
        if self.jurisdictions.is_country(hint):
            detail = f"did you mean '{hint}'?"
        else:
            detail = "expected an ISO 3166-1 alpha-2 code such as 'DK' or 'US'"
        self.report(values["country"], "country", f"unknown country code '{code}' in {what} ({detail})")
        return ""

    def bases(self, vendor_node: Node, values: dict[str, Node], what: str, country: str) -> tuple[str, ...]:
        node = values.get("basis")
        items: list[ScalarNode] = []
        if isinstance(node, ScalarNode) and node.tag != NULL_TAG and node.value.strip():
            items = [node]
        elif isinstance(node, SequenceNode):
            for item in node.value:
                if isinstance(item, ScalarNode):
                    items.append(item)
                else:
                    self.report(item, "type", f"a transfer basis in {what} must be text, not {kind(item)}")
        elif node is not None and not isinstance(node, ScalarNode):
            self.report(node, "type", f"field 'basis' in {what} must be text or a list, not {kind(node)}")
            return ()
        if country and not self.jurisdictions.is_third_country(country):
            if items:
                self.report(
                    node,
                    "basis_eu_eea",
                    f"{what} is in the EU/EEA ({country}) and needs no transfer basis; remove 'basis'",
                )
            return ()
        bases: list[str] = []
        for item in items:
            basis = item.value.strip()
            if basis not in BASES:
                hint = suggest(basis.lower(), BASES)
                detail = f"did you mean '{hint}'?" if hint else f"expected one of: {', '.join(BASES)}"
                self.report(item, "basis_unknown", f"unknown transfer basis '{basis}' in {what} ({detail})")
            elif basis in bases:
                self.report(item, "basis_duplicate", f"transfer basis '{basis}' is listed twice in {what}")
            elif country and self.basis_is_valid(item, basis, what, country):
                bases.append(basis)
        if country and not items:
            self.report(
                node if node is not None else vendor_node,
                "basis_missing",
                f"{what} is in a third country ({country}) but has no transfer basis; "
                f"add 'basis' (one of: {', '.join(BASES)})",
            )
        return tuple(sorted(bases, key=BASES.index))

    def basis_is_valid(self, node: Node, basis: str, what: str, country: str) -> bool:
        if basis == "dpf" and country != "US":
            self.report(
                node,
                "basis_dpf",
                f"transfer basis 'dpf' in {what} is only valid for the US, not {country}: "
                "the EU-U.S. Data Privacy Framework covers US organisations only",
            )
            return False
        if basis == "adequacy":
            decision = self.jurisdictions.adequacy.get(country)
            checked = self.jurisdictions.adequacy_checked.isoformat()
            if decision is None:
                self.report(
                    node,
                    "basis_adequacy",
                    f"transfer basis 'adequacy' in {what}: {country} has no EU adequacy decision (list checked {checked})",
                )
                return False
            if decision.only_via:
                self.report(
                    node,
                    "basis_adequacy",
                    f"transfer basis 'adequacy' in {what}: the EU adequacy decision for {country} covers only "
                    f"{decision.scope}; use '{decision.only_via}'",
                )
                return False
        return True

    def service(self, node: Node, vendor_what: str) -> Service | None:
        what = f"{_describe(node, 'service')} of {vendor_what}"
        values = self.fields(node, SERVICE_FIELDS, what)
        if values is None:
            return None
        name = self.text(values.get("name"), "name", what, required=True)
        description = self.text(values.get("description"), "description", what, required=True)
        terms = self.text(values.get("terms"), "terms", what)
        if terms and not terms.startswith("https://"):
            self.report(values["terms"], "terms", f"the terms link of {what} must start with https://, not '{terms}'")
            terms = ""
        return Service(name, description, terms, *position(node))


def _describe(node: Node, kind: str) -> str:
    """ "vendor 'Microsoft'" from the node's own name field, or "a vendor" without one."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == "name" and isinstance(value, ScalarNode) and value.value:
                return f"{kind} '{value.value.strip()}'"
    return f"a {kind}"
