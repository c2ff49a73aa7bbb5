"""What makes a change material: readers' facts of two versions, compared; pure, texts in, no git or disk.

WP260 ¶29–30 (the EDPB's transparency guidelines) name changes to the
recipients of personal data and to the legal basis of processing as changes
that readers must be told about ahead of time. In this project those facts are:

- the vendors in ``policy/vendors.yaml``: who (name, legal entity), where
  (country), on what transfer basis, and which services;
- the set of GDPR provisions the policy's Markdown cites with the ``{gdpr}`` role.

Each format has one parser, the build's own: the vendor registry
(``_ext/vendors/registry.py``) reads ``vendors.yaml``, MyST's Markdown parser
(``_ext/myst_reading.py``) finds the roles, and the ``{gdpr}`` role's own code (Sphinx's ``ReferenceRole``
title syntax, ``gdpr.references.parse_reference``) reads each one. So a
stylistic rewrite (``15-18`` as ``15–18``, ``~20-21``, an explicit title, the
order of the bases, a description's wording) is not material, and a fact is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# The extensions are importable as top-level packages (tools/__init__.py).
from gdpr.references import GDPRReferenceError, parse_reference
from gdpr.regulation import load_structure
from gdpr.roles import GDPRRole
from myst_reading import roles
from vendors.jurisdictions import load_jurisdictions
from vendors.registry import Registry, Vendor, parse_registry

VENDORS_FILE = "policy/vendors.yaml"
ROLE = "gdpr"


class MaterialError(Exception):
    """Bad input in the working tree, as one line ``file:line[:column]: message``."""


# -- GDPR references ---------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Citation:
    """One provision cited by one ``{gdpr}`` role (a range cites each of its articles)."""

    provision: str  # canonical, as the role's domain records it: "6(1)(a)", "15"
    path: str
    line: int

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"


def gdpr_citations(path: str, text: str) -> list[Citation]:
    """The provisions one Markdown file cites, in order; :class:`GDPRReferenceError` names a bad one's line."""
    structure = load_structure()
    citations = []
    for _name, content, line in roles(text, ROLE):
        match = GDPRRole.explicit_title_re.match(content)
        target = match.group(2) if match else content
        try:
            reference = parse_reference(target, structure)
        except GDPRReferenceError as error:
            raise GDPRReferenceError(f"{path}:{line}: invalid GDPR reference {target.strip()!r}: {error}") from None
        citations += [Citation(provision.canonical, path, line) for provision in reference.provisions]
    return citations


@dataclass(frozen=True)
class GdprDiff:
    """The provisions cited in one version and not in the other, each with where it is cited."""

    added: tuple[tuple[str, tuple[Citation, ...]], ...] = ()
    removed: tuple[tuple[str, tuple[Citation, ...]], ...] = ()
    # Set when the comparison could not be made, with the reason.
    not_compared: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def _provision_order(canonical: str) -> tuple:
    """Article order, as the cited-provisions page sorts: 4(2) before 4(11), 6(1)(f) before 13."""
    reference = parse_reference(canonical, load_structure())
    return reference.first.sort_key


def _all_citations(files: Mapping[str, str]) -> list[Citation]:
    return [citation for path, text in sorted(files.items()) for citation in gdpr_citations(path, text)]


def compare_gdpr(
    old_files: Mapping[str, str], new_files: Mapping[str, str], *, base_name: str = "the base"
) -> GdprDiff:
    """Compare the provisions two versions' Markdown files (path → text) cite.

    Only the set counts: citing a provision a second time, or rewriting a
    citation (``15-18`` as ``15–18`` or as ``15-17`` and ``18``), changes nothing
    readers are told. A bad reference in the new files is a :class:`MaterialError`
    at its line; in the base, or a base with no role at all (it predates the
    role and cites the GDPR in plain text), the comparison is not made.
    """
    try:
        new = _all_citations(new_files)
    except GDPRReferenceError as error:
        raise MaterialError(str(error)) from None
    try:
        old = _all_citations(old_files)
    except GDPRReferenceError as error:
        return GdprDiff(not_compared=f"{base_name}:{error}")
    if not old and new:
        return GdprDiff(
            not_compared=f"{base_name} cites the GDPR only in plain text (it predates the {{gdpr}} role); "
            "read the redline for the citations"
        )
    old_provisions = {citation.provision for citation in old}
    new_provisions = {citation.provision for citation in new}

    def side(provisions: set[str], citations: list[Citation]) -> tuple:
        return tuple(
            (provision, tuple(citation for citation in citations if citation.provision == provision))
            for provision in sorted(provisions, key=_provision_order)
        )

    return GdprDiff(added=side(new_provisions - old_provisions, new), removed=side(old_provisions - new_provisions, old))


# -- Vendors -------------------------------------------------------------------------


def describe(vendor: Vendor) -> str:
    """``Zapier (Zapier Inc, US)``: the name, with the legal entity and country."""
    details = ", ".join(part for part in (vendor.entity, vendor.country) if part and part != vendor.name)
    return f"{vendor.name} ({details})" if details else vendor.name


@dataclass(frozen=True)
class FactChange:
    """One fact of a vendor in both versions that changed: its entity, country or transfer basis."""

    vendor: str
    fact: str  # "entity", "country" or "basis"
    old: str
    new: str
    line: int


@dataclass(frozen=True)
class VendorDiff:
    added: tuple[Vendor, ...] = ()
    removed: tuple[Vendor, ...] = ()
    facts: tuple[FactChange, ...] = ()
    # (vendor name, service name) pairs, for vendors in both versions.
    services_added: tuple[tuple[str, str], ...] = ()
    services_removed: tuple[tuple[str, str], ...] = ()
    not_compared: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.facts or self.services_added or self.services_removed)


def read_vendors(text: str) -> Registry:
    """*text* read and checked by the vendor registry, with today's rules and facts."""
    return parse_registry(text, load_jurisdictions())


def first_problem(registry: Registry, path: str) -> str:
    """``path:line:column: message``, and how many more problems ``make check`` lists."""
    problem = registry.problems[0]
    more = len(registry.problems) - 1
    also = f" (and {more} more; 'make check' lists them)" if more else ""
    return f"{path}:{problem.line}:{problem.column}: {problem.message}{also}"


def _facts(vendor: Vendor) -> dict[str, str]:
    # The bases as a set: their order in the file is style, not fact.
    return {"entity": vendor.entity, "country": vendor.country, "basis": ", ".join(sorted(vendor.bases))}


def compare_vendors(old_text: str | None, new_text: str | None, *, base_name: str = "the base") -> VendorDiff:
    """Compare two versions of ``vendors.yaml`` (``None``: the file does not exist).

    Vendors and services are matched by name (case aside), as the registry
    checks them for duplicates. A problem in the new file is a
    :class:`MaterialError`; a base that today's registry rejects is not compared.
    """
    if old_text is None and new_text is None:
        return VendorDiff(not_compared=f"there is no {VENDORS_FILE}")
    new = read_vendors(new_text) if new_text is not None else Registry()
    if new.problems:
        raise MaterialError(first_problem(new, VENDORS_FILE))
    if old_text is None:
        return VendorDiff(
            not_compared=f"{base_name} has no {VENDORS_FILE} (it lists vendors in the text); "
            "read the redline of section 4"
        )
    old = read_vendors(old_text)
    if old.problems:
        return VendorDiff(
            not_compared=f"{base_name}'s {VENDORS_FILE} fails today's checks, at "
            f"{first_problem(old, VENDORS_FILE)}; read the redline of section 4"
        )
    old_by_name = {vendor.name.casefold(): vendor for vendor in old.vendors}
    new_by_name = {vendor.name.casefold(): vendor for vendor in new.vendors}
    facts: list[FactChange] = []
    services_added: list[tuple[str, str]] = []
    services_removed: list[tuple[str, str]] = []
    for key, after in new_by_name.items():
        before = old_by_name.get(key)
        if before is None:
            continue
        old_facts, new_facts = _facts(before), _facts(after)
        facts += [
            FactChange(after.name, fact, old_facts[fact], new_facts[fact], after.line)
            for fact in new_facts
            if old_facts[fact] != new_facts[fact]
        ]
        old_services = {service.name.casefold() for service in before.services}
        new_services = {service.name.casefold() for service in after.services}
        services_added += [(after.name, s.name) for s in after.services if s.name.casefold() not in old_services]
        services_removed += [(after.name, s.name) for s in before.services if s.name.casefold() not in new_services]
    return VendorDiff(
        added=tuple(vendor for key, vendor in new_by_name.items() if key not in old_by_name),
        removed=tuple(vendor for key, vendor in old_by_name.items() if key not in new_by_name),
        facts=tuple(facts),
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
        """Whether readers' facts changed: the vendors or the provisions cited (WP260 ¶29–30)."""
        return self.vendors.changed or self.gdpr.changed

    @property
    def undetermined(self) -> bool:
        """Whether a part could not be compared, so the summary cannot say the change is not material."""
        return bool(self.vendors.not_compared or self.gdpr.not_compared)


def _fact_lines(title: str, not_compared: str, changed: bool, changes: list[str]) -> list[str]:
    """One kind of readers' facts in the summary: not compared (and why), no change, or each change."""
    if not_compared:
        return [f"{title}: not compared: {not_compared}."]
    if not changed:
        return [f"{title}: no change."]
    return [f"{title}:", *changes]


def format_summary(summary: Summary) -> list[str]:
    """The summary as plain-text lines, for the terminal and for a tag message."""
    lines = [f"Changes since {summary.base}:"]
    if summary.sections:
        lines.append(f"Sections changed ({len(summary.sections)}):")
        lines += [f"  {section}" for section in summary.sections]
    else:
        lines.append("Sections changed: none.")

    vendors = summary.vendors
    lines += _fact_lines("Vendors", vendors.not_compared, vendors.changed, [
        *(f"  + {describe(vendor)}, {VENDORS_FILE}:{vendor.line}" for vendor in vendors.added),
        *(f"  - {describe(vendor)}" for vendor in vendors.removed),
        *(f"  ~ {change.vendor}: {change.fact} {change.old or '(none)'} → {change.new or '(none)'}, "
          f"{VENDORS_FILE}:{change.line}" for change in vendors.facts),
        *(f"  + {service} (service of {vendor})" for vendor, service in vendors.services_added),
        *(f"  - {service} (service of {vendor})" for vendor, service in vendors.services_removed),
    ])
    gdpr = summary.gdpr
    lines += _fact_lines("GDPR references", gdpr.not_compared, gdpr.changed, [
        f"  {sign} Article {provision} ({', '.join(dict.fromkeys(citation.location for citation in citations))})"
        for sign, entries in (("+", gdpr.added), ("-", gdpr.removed)) for provision, citations in entries
    ])

    if summary.material:
        lines.append("This is a material change (WP260 ¶29–30): readers must be told before it takes effect.")
    elif summary.undetermined:
        lines.append("Whether this is a material change was not determined: read the redline.")
    else:
        lines.append("Not a material change: the vendors and the GDPR provisions cited are the same.")
    return lines

