"""Reading and checking the DPV mapping (``policy/dpv.yaml``): pure functions, no Sphinx.

The mapping says which DPV concept the policy's words are (the schema is in the
file's header). :func:`parse_mapping` returns what it could read with every
problem it found, each at a line and column (an unknown concept names the
closest one that exists); it never raises on bad input.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import Node, ScalarNode, SequenceNode

from vendors.registry import BASES as BASIS_CODES
from yaml_positions import NULL_TAG, Checker, Problem, YAMLPositionError, compose, decode, kind, position

from .vocabulary import DPV_PREFIXES, Vocabulary, load_vocabulary

#: The lists of terms, in the order of the file's schema.
TERM_KINDS = ("personal_data", "data_subjects", "sources", "authorities", "complaint")
TOP_FIELDS = {"purposes": True, **dict.fromkeys(TERM_KINDS, False), "transfer_bases": False}
PURPOSE_FIELDS = {"activity": True, "concepts": True}
TERM_FIELDS = {"term": True, "concept": False, "no_concept": False}
BASIS_FIELDS = {"basis": True, "concept": False, "no_concept": False}


@dataclass(frozen=True)
class Term:
    """The policy's *words* (or a transfer basis code of ``vendors.yaml``) are the DPV *concept*
    (``prefix:Name``), or DPV has none (*no_concept* says why)."""

    words: str
    concept: str | None
    no_concept: str = ""
    line: int = 0
    column: int = 0

    def found_in(self, text: str) -> bool:
        """Whether *text* contains the words, as whole words, ignoring case and spacing."""
        return _words_pattern(self.words).search(" ".join(text.split())) is not None


@dataclass(frozen=True)
class Mapping:
    purposes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    terms: dict[str, tuple[Term, ...]] = field(default_factory=dict)
    transfer_bases: dict[str, Term] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    unreadable: bool = False

    def matching(self, kind: str, text: str) -> tuple[Term, ...]:
        """The terms of *kind* whose words *text* contains; a term inside a longer matching one is left out
        (``firma`` in ``firmanavn`` cannot happen, as words are whole; ``kunde`` in ``mulig kunde`` can)."""
        found = [term for term in self.terms.get(kind, ()) if term.found_in(text)]
        return tuple(term for term in found
                     if not any(other is not term and term.found_in(other.words) for other in found))


def read_mapping(path: Path, vocabulary: Vocabulary | None = None) -> Mapping:
    """Read and check *path*; a missing or undecodable file is a problem, not an exception."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Mapping(problems=(Problem(0, 0, "missing", f"cannot read the DPV mapping {path}: {exc.strerror}"),),
                       unreadable=True)
    try:
        text = decode(data)
    except YAMLPositionError as exc:
        return Mapping(problems=(exc.problem,), unreadable=True)
    return parse_mapping(text, vocabulary)


def parse_mapping(text: str, vocabulary: Vocabulary | None = None) -> Mapping:
    """Parse and check the YAML *text* of a DPV mapping against *vocabulary* (default: DPV 2.3)."""
    try:
        root = compose(text)
    except YAMLPositionError as exc:
        return Mapping(problems=(exc.problem,), unreadable=True)
    checker = _Checker(vocabulary or load_vocabulary())
    if root is None:
        checker.problems.append(Problem(1, 1, "missing_field", "the file is empty: expected 'purposes'"))
        return Mapping(problems=tuple(checker.problems), unreadable=True)
    found = checker.fields(root, TOP_FIELDS, "the file")
    if found is None:
        return Mapping(problems=tuple(checker.problems), unreadable=True)
    values = found[0]
    purposes = checker.purposes(values.get("purposes"))
    terms = {name: checker.terms(values.get(name), name) for name in TERM_KINDS}
    bases = checker.transfer_bases(values.get("transfer_bases"))
    return Mapping(purposes=purposes, terms=terms, transfer_bases=bases, problems=tuple(checker.problems))


@dataclass
class _Checker(Checker):
    vocabulary: Vocabulary

    def text(self, node: Node | None, name: str, what: str) -> str:
        if node is None:
            return ""
        if not isinstance(node, ScalarNode):
            self.report(node, "type", f"field '{name}' in {what} must be text, not {kind(node)}")
            return ""
        value = "" if node.tag == NULL_TAG else node.value.strip()
        if not value:
            self.report(node, "missing_field", f"field '{name}' in {what} is empty")
        return value

    def items(self, node: Node | None, name: str) -> list[Node]:
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            self.report(node, "type", f"'{name}' must be a list, not {kind(node)}")
            return []
        return list(node.value)

    def concept(self, node: Node, what: str) -> str | None:
        """The concept in *node*, checked against the vocabulary; None (and a problem) if it does not exist."""
        curie = self.text(node, "concept", what)
        if not curie:
            return None
        prefix = curie.partition(":")[0]
        if prefix not in DPV_PREFIXES:
            self.report(node, "unknown_prefix",
                        f"'{curie}' in {what} is not a DPV concept: write prefix:Name with a prefix of "
                        f"{', '.join(DPV_PREFIXES)}")
            return None
        if not self.vocabulary.exists(curie):
            hint = self.vocabulary.closest(curie)
            detail = f"did you mean '{hint}'?" if hint else "see _ext/notice/data/dpv/concepts.txt"
            self.report(node, "unknown_concept", f"unknown DPV 2.3 concept '{curie}' in {what} ({detail})")
            return None
        return curie

    def purposes(self, node: Node | None) -> dict[str, tuple[str, ...]]:
        purposes: dict[str, tuple[str, ...]] = {}
        for item in self.items(node, "purposes"):
            found = self.fields(item, PURPOSE_FIELDS, "a purpose")
            if found is None:
                continue
            values = found[0]
            activity = self.text(values.get("activity"), "activity", "a purpose")
            what = f"the purposes of activity '{activity}'"
            if activity in purposes:
                self.report(values["activity"], "duplicate", f"activity '{activity}' is given twice in 'purposes'")
                continue
            concepts = tuple(c for c in (self.concept(n, what) for n in self.items(values.get("concepts"), "concepts"))
                             if c)
            if "concepts" in values and not values["concepts"].value:
                self.report(values["concepts"], "missing_field", f"{what} need at least one concept")
            if activity:  # kept when its concepts are unknown: they are reported once, here
                purposes[activity] = concepts
        return purposes

    def choice(self, values: dict[str, Node], node: Node, what: str) -> tuple[str | None, str]:
        """``(concept, no_concept)`` of an entry: exactly one of the two."""
        if ("concept" in values) == ("no_concept" in values):
            both = "both" if "concept" in values else "neither"
            self.report(node, "concept_or_none",
                        f"{what} has {both} 'concept' and 'no_concept': give the DPV concept, "
                        "or say with no_concept why DPV has none")
            return None, ""
        if "concept" in values:
            return self.concept(values["concept"], what), ""
        return None, self.text(values["no_concept"], "no_concept", what)

    def terms(self, node: Node | None, name: str) -> tuple[Term, ...]:
        return tuple(self.entries(node, name, TERM_FIELDS, "term", f"a term of '{name}'",
                                  lambda words: f"term '{words}' of '{name}'").values())

    def transfer_bases(self, node: Node | None) -> dict[str, Term]:
        return self.entries(node, "transfer_bases", BASIS_FIELDS, "basis", "a transfer basis",
                            lambda code: f"transfer basis '{code}'", known=BASIS_CODES)

    def entries(self, node: Node | None, name: str, fields: dict[str, bool], key: str, entry: str,
                described: Callable[[str], str], known: tuple[str, ...] = ()) -> dict[str, Term]:
        """The entries of the list *name*, each its *key* field's words and their concept, by the words
        (case and spacing ignored); *known*, when given, is every value the key may have (vendors.yaml's bases)."""
        found: dict[str, Term] = {}
        for item in self.items(node, name):
            checked = self.fields(item, fields, entry)
            if checked is None:
                continue
            values = checked[0]
            words = self.text(values.get(key), key, entry)
            what = described(words)
            if words and known and words not in known:
                self.report(values[key], f"unknown_{key}", f"unknown {what} (vendors.yaml knows {', '.join(known)})")
                continue
            normalised = " ".join(words.casefold().split())
            if normalised in found:
                self.report(item, "duplicate", f"{what} is given twice (first at line {found[normalised].line})")
                continue
            concept, no_concept = self.choice(values, item, what)
            if words and (concept or no_concept):
                found[normalised] = Term(words, concept, no_concept, *position(item))
        return found


def _words_pattern(words: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words.split())) + r"(?!\w)", re.IGNORECASE)
