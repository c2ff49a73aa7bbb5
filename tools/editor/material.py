"""What makes a change material: vendors and GDPR references, compared between two versions.

WP260 ¶29–30 (the EDPB's transparency guidelines) name changes to the
recipients of personal data and to the legal basis of processing as changes
that readers must be told about ahead of time. In this project those are:

- the vendors in ``policy/vendors.yaml`` (keyed by their unique ``name``, or an ``id``),
  and their services;
- the GDPR provisions cited with the ``{gdpr}`` role in the policy's Markdown.

Everything here is pure: it takes file contents, never reads git or disk.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import yaml

VENDORS_FILE = "policy/vendors.yaml"

# A MyST role: {gdpr}`6(1)(a)` or, with an explicit text, {gdpr}`the consent rules <7>`.
_GDPR_ROLE = re.compile(r"\{gdpr\}`([^`]*)`")
_EXPLICIT_TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>\s*$", re.S)

# Keys that identify a vendor or a service, most specific first.
_ID_KEYS = ("id", "name", "legal_entity", "entity")
_NAME_KEYS = ("name", "legal_entity", "entity", "id")


class MaterialError(Exception):
    """Bad input, as ``file:line: message``."""


# -- GDPR references ---------------------------------------------------------------


@dataclass(frozen=True, order=True)
class GdprReference:
    """One ``{gdpr}`` role: its target (e.g. ``6(1)(a)``) and where it is."""

    target: str
    path: str
    line: int

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"


def gdpr_target(content: str) -> str:
    """The provision a role's content points at: ``"x <7>"`` → ``"7"``; spaces removed."""
    explicit = _EXPLICIT_TARGET.match(content)
    target = explicit.group("target") if explicit else content
    return re.sub(r"\s+", "", target)


def gdpr_references(path: str, text: str) -> list[GdprReference]:
    """Every ``{gdpr}`` role in one Markdown file, in order."""
    references = []
    for match in _GDPR_ROLE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        references.append(GdprReference(gdpr_target(match.group(1)), path, line))
    return references


def is_policy_markdown(path: str) -> bool:
    """Whether *path* (relative, with '/') is policy text that readers see."""
    return path == "index.md" or (path.startswith("policy/") and path.endswith(".md"))


@dataclass(frozen=True)
class GdprDiff:
    """GDPR references added and removed, counted per provision."""

    # (provision, how many citations were added or removed, where it is cited)
    added: tuple[tuple[str, int, tuple[GdprReference, ...]], ...] = ()
    removed: tuple[tuple[str, int, tuple[GdprReference, ...]], ...] = ()
    # Set when the comparison could not be made, with the reason.
    not_compared: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def _article_order(target: str) -> tuple:
    """Sort key: ``6(1)(f)`` before ``13`` before ``15-18``."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.findall(r"\d+|[a-z]+", target))


def compare_gdpr(
    old_files: Mapping[str, str], new_files: Mapping[str, str], *, base_name: str = "the base"
) -> GdprDiff:
    """Compare the ``{gdpr}`` roles of two versions' Markdown files (path → text).

    A provision cited three times before and twice now has one reference removed.
    A base with no ``{gdpr}`` role at all predates the role (it cites the GDPR in
    plain text), so it cannot be compared.
    """
    old = [ref for path, text in sorted(old_files.items()) for ref in gdpr_references(path, text)]
    new = [ref for path, text in sorted(new_files.items()) for ref in gdpr_references(path, text)]
    if not old and new:
        return GdprDiff(
            not_compared=f"{base_name} cites the GDPR only in plain text (it predates the {{gdpr}} role); "
            "read the redline for the citations"
        )
    old_count = Counter(ref.target for ref in old)
    new_count = Counter(ref.target for ref in new)

    def side(counts: Counter, refs: list[GdprReference]) -> tuple:
        return tuple(
            (target, counts[target], tuple(ref for ref in refs if ref.target == target))
            for target in sorted(counts, key=_article_order)
        )

    return GdprDiff(added=side(new_count - old_count, new), removed=side(old_count - new_count, old))


# -- Vendors -------------------------------------------------------------------------


@dataclass(frozen=True)
class Vendor:
    """A vendor as the registry names it, with its services' names."""

    key: str
    name: str
    line: int
    services: tuple[str, ...] = ()
    entity: str = ""
    country: str = ""

    @property
    def description(self) -> str:
        """``Zapier (Zapier Inc, US)``: the name, with the legal entity and country if given."""
        details = ", ".join(part for part in (self.entity, self.country) if part and part != self.name)
        return f"{self.name} ({details})" if details else self.name


@dataclass(frozen=True)
class VendorDiff:
    added: tuple[Vendor, ...] = ()
    removed: tuple[Vendor, ...] = ()
    # (vendor name, service name) pairs, for vendors present in both versions.
    services_added: tuple[tuple[str, str], ...] = ()
    services_removed: tuple[tuple[str, str], ...] = ()
    not_compared: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.services_added or self.services_removed)


def _first(mapping: Mapping, keys: Iterable[str]) -> str:
    for key in keys:
        value = mapping.get(key)
        if isinstance(value, (str, int)) and str(value).strip():
            return str(value).strip()
    return ""


def _service_names(vendor: Mapping) -> tuple[str, ...]:
    services = vendor.get("services") or ()
    if isinstance(services, Mapping):
        return tuple(str(key) for key in services)
    names = []
    for service in services if isinstance(services, list) else ():
        if isinstance(service, Mapping):
            names.append(_first(service, _NAME_KEYS))
        elif isinstance(service, str):
            names.append(service)
    return tuple(name for name in names if name)


def parse_vendors(text: str, path: str = VENDORS_FILE) -> dict[str, Vendor]:
    """The vendors in a ``vendors.yaml`` text, keyed by id (or name).

    Accepts a top-level list of vendors, or a mapping whose ``vendors`` entry is
    a list of vendors or a mapping of id → vendor.
    """
    try:
        document = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise MaterialError(f"{path}:{line}: not valid YAML: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise MaterialError(f"{path}:1: not valid YAML: {error}") from None
    if document is None:
        return {}

    entries: list[tuple[str | None, yaml.Node]] = []
    container = document
    if isinstance(document, yaml.MappingNode):
        found = [value for key, value in document.value if getattr(key, "value", None) == "vendors"]
        if not found:
            raise MaterialError(f"{path}:{document.start_mark.line + 1}: expected a 'vendors' entry")
        container = found[0]
    if isinstance(container, yaml.SequenceNode):
        entries = [(None, node) for node in container.value]
    elif isinstance(container, yaml.MappingNode):
        entries = [(str(key.value), node) for key, node in container.value]
    else:
        raise MaterialError(f"{path}:{container.start_mark.line + 1}: expected a list of vendors")

    constructor = yaml.SafeLoader("")
    vendors: dict[str, Vendor] = {}
    for given_key, node in entries:
        line = node.start_mark.line + 1
        data = constructor.construct_document(node)
        if not isinstance(data, Mapping):
            raise MaterialError(f"{path}:{line}: expected a vendor (a mapping), found {type(data).__name__}")
        key = given_key or _first(data, _ID_KEYS)
        if not key:
            raise MaterialError(f"{path}:{line}: a vendor has no {' or '.join(_ID_KEYS)}")
        if key in vendors:
            raise MaterialError(f"{path}:{line}: vendor {key!r} is listed twice (first on line {vendors[key].line})")
        vendors[key] = Vendor(
            key,
            _first(data, _NAME_KEYS) or key,
            line,
            _service_names(data),
            entity=_first(data, ("entity", "legal_entity")),
            country=_first(data, ("country",)),
        )
    return vendors


def compare_vendors(old_text: str | None, new_text: str | None, *, base_name: str = "the base") -> VendorDiff:
    """Compare two versions of ``vendors.yaml`` (``None``: the file does not exist)."""
    if old_text is None and new_text is None:
        return VendorDiff(not_compared=f"there is no {VENDORS_FILE}")
    if old_text is None:
        return VendorDiff(
            not_compared=f"{base_name} has no {VENDORS_FILE} (it lists vendors in the text); "
            "read the redline of section 4"
        )
    old = parse_vendors(old_text, f"{base_name}:{VENDORS_FILE}")
    new = parse_vendors(new_text, VENDORS_FILE) if new_text is not None else {}
    services_added = []
    services_removed = []
    for key in sorted(old.keys() & new.keys()):
        before, after = set(old[key].services), set(new[key].services)
        services_added += [(new[key].name, name) for name in new[key].services if name not in before]
        services_removed += [(old[key].name, name) for name in old[key].services if name not in after]
    return VendorDiff(
        added=tuple(new[key] for key in new if key not in old),
        removed=tuple(old[key] for key in old if key not in new),
        services_added=tuple(services_added),
        services_removed=tuple(services_removed),
    )


# -- The summary -------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """What readers will see change between a base version and the working tree."""

    base: str
    sections: tuple[str, ...] = ()  # "4. Modtagere af dine data (modtagere)"
    vendors: VendorDiff = field(default_factory=VendorDiff)
    gdpr: GdprDiff = field(default_factory=GdprDiff)

    @property
    def material(self) -> bool:
        """Whether vendors or GDPR references changed (WP260 ¶29–30)."""
        return self.vendors.changed or self.gdpr.changed


def format_summary(summary: Summary) -> list[str]:
    """The summary as plain-text lines, for the terminal and for a tag message."""
    lines = [f"Changes since {summary.base}:"]
    if summary.sections:
        lines.append(f"Sections changed ({len(summary.sections)}):")
        lines += [f"  {section}" for section in summary.sections]
    else:
        lines.append("Sections changed: none.")

    vendors = summary.vendors
    if vendors.not_compared:
        lines.append(f"Vendors: not compared: {vendors.not_compared}.")
    elif not vendors.changed:
        lines.append("Vendors: no change.")
    else:
        lines.append("Vendors:")
        lines += [f"  + {vendor.description}, {VENDORS_FILE}:{vendor.line}" for vendor in vendors.added]
        lines += [f"  - {vendor.description}" for vendor in vendors.removed]
        lines += [f"  + {service} (service of {vendor})" for vendor, service in vendors.services_added]
        lines += [f"  - {service} (service of {vendor})" for vendor, service in vendors.services_removed]

    gdpr = summary.gdpr
    if gdpr.not_compared:
        lines.append(f"GDPR references: not compared: {gdpr.not_compared}.")
    elif not gdpr.changed:
        lines.append("GDPR references: no change.")
    else:
        lines.append("GDPR references:")
        for sign, entries in (("+", gdpr.added), ("-", gdpr.removed)):
            for target, count, refs in entries:
                where = ", ".join(ref.location for ref in refs)
                times = f", {count} of {len(refs)} citations" if count != len(refs) else ""
                lines.append(f"  {sign} Article {target}{times} ({where})")

    if summary.material:
        lines.append(
            "This is a material change (WP260 ¶29–30): readers must be told before it takes effect."
        )
    return lines
