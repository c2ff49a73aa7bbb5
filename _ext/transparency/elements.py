"""The elements of GDPR Articles 13(1), 13(2), 14(1) and 14(2): pure functions, no Sphinx.

The list is data (``data/elements.yaml``); each element's official text comes
from the regulation data the ``gdpr`` extension ships (:mod:`gdpr.regulation`),
and every provision named in the list is checked with the ``{gdpr}`` role's own
parser (:func:`gdpr.references.parse_reference`), so the list cannot name a
point the regulation does not have.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from gdpr.references import GDPRReferenceError, Kind, Provision, Reference, parse_reference
from gdpr.regulation import data_language, load_structure, load_text

ELEMENTS_FILE = Path(__file__).resolve().parent / "data" / "elements.yaml"
VENDOR_REQUIREMENTS = ("any", "third-country")


@dataclass(frozen=True)
class Element:
    """One point of Article 13 or 14 that a policy must account for."""

    key: str
    provision: Provision
    name: str
    conditional: bool = False
    #: The point of Article 13 asking for the same information (Article 14 only).
    counterpart: str = ""
    #: A place provides the element only if it cites one of these (or a part of one).
    cites: tuple[Reference, ...] = ()
    #: A section citing one of these needs the element.
    required_by: tuple[Reference, ...] = ()
    #: "any" or "third-country": which vendors in vendors.yaml need the element.
    required_by_vendors: str = ""

    @property
    def article(self) -> int:
        return self.provision.article


class ElementsError(ValueError):
    """The shipped element list is wrong: a maintainer's mistake, not an editor's."""


def _references(values: object, key: str) -> tuple[Reference, ...]:
    if not isinstance(values, list):
        raise ElementsError(f"{ELEMENTS_FILE}: {key}: expected a list of provisions, not {values!r}")
    return tuple(parse_reference(str(value), load_structure()) for value in values)


@functools.cache
def load_elements(path: Path = ELEMENTS_FILE) -> tuple[Element, ...]:
    """Every element, in the regulation's order; Article 14's counterparts filled in."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["elements"]
    by_key: dict[str, Element] = {}
    for entry in raw:
        key = str(entry["key"])
        reference = parse_reference(key, load_structure())
        if reference.kind is not Kind.POINT or key in by_key:
            raise ElementsError(f"{path}: {key!r} is not a new point such as 13(1)(a)")
        counterpart = by_key.get(str(entry.get("counterpart", "")))
        if entry.get("counterpart") and counterpart is None:
            raise ElementsError(f"{path}: {key}: counterpart {entry['counterpart']!r} is not listed before it")
        vendors = entry.get("required-by-vendors", counterpart.required_by_vendors if counterpart else "")
        if vendors and vendors not in VENDOR_REQUIREMENTS:
            raise ElementsError(f"{path}: {key}: required-by-vendors must be one of {VENDOR_REQUIREMENTS}")
        by_key[key] = Element(
            key=key,
            provision=reference.first,
            name=entry.get("name") or (counterpart.name if counterpart else key),
            conditional=bool(entry.get("conditional", counterpart.conditional if counterpart else False)),
            counterpart=counterpart.key if counterpart else "",
            cites=_references(entry["cites"], key) if "cites" in entry else (counterpart.cites if counterpart else ()),
            required_by=(
                _references(entry["required-by"], key)
                if "required-by" in entry
                else (counterpart.required_by if counterpart else ())
            ),
            required_by_vendors=vendors,
        )
    return tuple(by_key.values())


def elements_by_key(path: Path = ELEMENTS_FILE) -> dict[str, Element]:
    return {element.key: element for element in load_elements(path)}


def official_text(element: Element, language: str) -> str:
    """The element's point as the regulation words it, in *language* (English if the data has none)."""
    article = load_text(data_language(language))[element.provision.article]
    for subparagraph in article.paragraphs[element.provision.paragraph]:
        for point in subparagraph.points:
            if point.label == element.provision.point:
                return point.text
    raise ElementsError(f"the regulation data has no text for {element.key}")


def within(provision: Provision, target: Provision) -> bool:
    """Whether *provision* is *target* or a part of it: 6(1)(a) is within 6(1) and 6, not within 6(2)."""
    if provision.article != target.article:
        return False
    for mine, theirs in (
        (provision.paragraph, target.paragraph),
        (provision.point, target.point),
        (provision.subpoint, target.subpoint),
    ):
        if theirs is not None and mine != theirs:
            return False
    return True


def cites_any(citations: tuple[Reference, ...] | list[Reference], targets: tuple[Reference, ...]) -> bool:
    """Whether one of *citations* names a provision within one of *targets* (a range counts per article)."""
    return any(
        within(provision, goal)
        for citation in citations
        for provision in citation.provisions
        for target in targets
        for goal in target.provisions
    )


def as_reference(target: str) -> Reference | None:
    """A citation (role syntax) as a reference; ``None`` for one the role rejected (it was reported there)."""
    try:
        return parse_reference(target, load_structure())
    except GDPRReferenceError:
        return None


def citing(targets: Sequence[str], goals: Sequence[Reference]) -> list[str]:
    """The *targets* (role syntax) that cite something within one of *goals*, in order, once each."""
    found = [target for target in targets if (reference := as_reference(target)) and cites_any([reference], tuple(goals))]
    return list(dict.fromkeys(found))
