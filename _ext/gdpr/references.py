"""Reading and checking a ``{gdpr}`` reference such as ``6(1)(a)``: pure functions, no Sphinx.

The forms, as the README documents them for editors:

=============  ===================================================
``13``         Article 13
``15-18``      Articles 15 to 18 (``15–18`` with an en dash too)
``6(1)``       Article 6, paragraph 1
``6(1)(a)``    Article 6, paragraph 1, point (a)
``4(11)``      Article 4, definition 11 (Article 4 has no paragraphs)
``4(16)(a)``   Article 4, definition 16, point (a)
``~20-21``     any of the above; ``~`` leaves out the regulation's name
=============  ===================================================

:func:`parse_reference` returns a :class:`Reference` or raises
:class:`GDPRReferenceError` whose message says what is wrong, in the words an
editor needs to fix it ("Article 6(1) has points a–f").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from .regulation import DEFINITIONS_ARTICLE, Structure

FORMS_HINT = (
    "write an article such as 13, a range such as 15-18, a paragraph such as 6(1), "
    "a point such as 6(1)(a) or a definition such as 4(11)"
)

_NUMBER = r"(?:0|[1-9][0-9]*)"
_REFERENCE_RE = re.compile(
    rf"""^(?P<short>~)?
    (?P<article>{_NUMBER})
    (?:
        \s*[-–]\s*(?P<last>{_NUMBER})    # a range of whole articles
      | (?P<parts>(?:\([^()\s]+\))*)      # (paragraph)(point)(sub-point)
    )$""",
    re.VERBOSE,
)
_PART_RE = re.compile(r"\(([^()\s]+)\)")


class GDPRReferenceError(ValueError):
    """A reference that does not name a provision of the GDPR. The message says why."""


class Kind(Enum):
    ARTICLE = "article"
    RANGE = "range"
    PARAGRAPH = "paragraph"
    POINT = "point"
    DEFINITION = "definition"
    DEFINITION_POINT = "definition point"


@dataclass(frozen=True)
class Provision:
    """One article, paragraph, point or definition: one entry on the cited-provisions page.

    *paragraph* is ``None`` for a whole article and for Article 4, whose
    definitions are points of its single, unnumbered body.
    """

    article: int
    paragraph: int | None = None
    point: str | None = None
    subpoint: str | None = None

    @property
    def canonical(self) -> str:
        parts = [str(self.article)]
        parts += [f"({part})" for part in (self.paragraph, self.point, self.subpoint) if part is not None]
        return "".join(parts)

    @property
    def sort_key(self) -> tuple:
        """Article order: an article before its paragraphs, 4(2) before 4(11)."""

        def label(value: str | None) -> tuple[int, str]:
            return (-1, "") if value is None else (len(value), value)

        return (self.article, self.paragraph or 0, label(self.point), label(self.subpoint))


@dataclass(frozen=True)
class Reference:
    """What one role names: a provision, or a range of whole articles."""

    first: Provision
    #: Last article of a range (``15-18``), else ``None``.
    last_article: int | None = None
    #: Written with ``~``: the rendering leaves out the regulation's name.
    short: bool = False

    @property
    def kind(self) -> Kind:
        if self.last_article is not None:
            return Kind.RANGE
        first = self.first
        if first.article == DEFINITIONS_ARTICLE and first.point is not None:
            return Kind.DEFINITION_POINT if first.subpoint else Kind.DEFINITION
        if first.point is not None:
            return Kind.POINT
        if first.paragraph is not None:
            return Kind.PARAGRAPH
        return Kind.ARTICLE

    @property
    def articles(self) -> tuple[int, ...]:
        return tuple(range(self.first.article, (self.last_article or self.first.article) + 1))

    @property
    def provisions(self) -> tuple[Provision, ...]:
        """The provisions cited; a range counts as each of its articles."""
        if self.last_article is None:
            return (self.first,)
        return tuple(Provision(article) for article in self.articles)

    @property
    def canonical(self) -> str:
        """The reference in the role's own syntax, without ``~``: ``6(1)(a)``, ``15-18``."""
        if self.last_article is not None:
            return f"{self.first.article}-{self.last_article}"
        return self.first.canonical


def _span(labels: tuple[str, ...] | list[str]) -> str:
    """``a–f`` for a run of labels, ``a`` for one."""
    return labels[0] if len(labels) == 1 else f"{labels[0]}–{labels[-1]}"


def _check_article(number: int, structure: Structure) -> None:
    if number not in structure.articles:
        raise GDPRReferenceError(
            f"Article {number} does not exist: the GDPR has Articles {structure.first}–{structure.last}"
        )


def parse_reference(text: str, structure: Structure) -> Reference:
    """Read *text* as a reference to the GDPR and check it against *structure*.

    Raises :class:`GDPRReferenceError` with a message for the editor.
    """
    text = text.strip()
    if not text or text == "~":
        raise GDPRReferenceError(f"the reference is empty: {FORMS_HINT}")
    match = _REFERENCE_RE.match(text)
    if match is None:
        body = text.lstrip("~")
        if "(" in body and re.search(r"[-–]", body):
            raise GDPRReferenceError(
                f"{text!r}: a range names whole articles, such as 15-18; cite a paragraph or point on its own"
            )
        raise GDPRReferenceError(f"cannot read {text!r}: {FORMS_HINT}")

    short = bool(match["short"])
    article = int(match["article"])
    _check_article(article, structure)

    if match["last"] is not None:
        last = int(match["last"])
        _check_article(last, structure)
        if last < article:
            raise GDPRReferenceError(f"the range {article}-{last} is reversed: write {last}-{article}")
        if last == article:
            raise GDPRReferenceError(f"the range {article}-{last} names one article: write {article}")
        return Reference(Provision(article), last_article=last, short=short)

    parts = _PART_RE.findall(match["parts"])
    if article == DEFINITIONS_ARTICLE:
        provision = _definition(parts, structure)
    else:
        provision = _paragraph_and_point(article, parts, structure)
    return Reference(provision, short=short)


def _definition(parts: list[str], structure: Structure) -> Provision:
    """Article 4: ``4``, ``4(11)`` or ``4(16)(a)``."""
    article = structure.articles[DEFINITIONS_ARTICLE]
    if not parts:
        return Provision(DEFINITIONS_ARTICLE)
    definitions = article.paragraphs[1]
    number = parts[0]
    if number not in definitions:
        raise GDPRReferenceError(
            f"Article 4 has definitions {_span(definitions)}, cited as 4(11); it has no numbered paragraphs"
        )
    if len(parts) == 1:
        return Provision(DEFINITIONS_ARTICLE, point=number)
    letters = article.subpoints.get(number, ())
    if not letters:
        raise GDPRReferenceError(f"Article 4({number}) has no points")
    if len(parts) > 2:
        raise GDPRReferenceError(f"Article 4({number})({parts[1]}) has no sub-points")
    letter = parts[1]
    if letter not in letters:
        raise GDPRReferenceError(_point_message(f"Article 4({number})", letter, letters))
    return Provision(DEFINITIONS_ARTICLE, point=number, subpoint=letter)


def _paragraph_and_point(number: int, parts: list[str], structure: Structure) -> Provision:
    article = structure.articles[number]
    if not parts:
        return Provision(number)
    if not article.numbered_paragraphs:
        raise GDPRReferenceError(f"Article {number} has no numbered paragraphs: cite it as {number}")
    paragraphs = tuple(str(p) for p in article.paragraphs)
    paragraph = parts[0]
    if paragraph not in paragraphs:
        if not paragraph.isdigit():
            raise GDPRReferenceError(
                f"Article {number} has numbered paragraphs {_span(paragraphs)}: "
                f"a point needs its paragraph, such as {number}(1)({paragraph})"
            )
        raise GDPRReferenceError(f"Article {number} has paragraphs {_span(paragraphs)}")
    if len(parts) == 1:
        return Provision(number, int(paragraph))
    where = f"Article {number}({paragraph})"
    points = article.paragraphs[int(paragraph)]
    if not points:
        raise GDPRReferenceError(f"{where} has no points")
    point = parts[1]
    if point not in points:
        raise GDPRReferenceError(_point_message(where, point, points))
    if len(parts) > 2:
        raise GDPRReferenceError(f"{where}({point}) has no sub-points")
    return Provision(number, int(paragraph), point)


def _point_message(where: str, label: str, labels: tuple[str, ...]) -> str:
    if label.lower() in labels:
        return f"{where} has points {_span(labels)}; labels are lower-case: write ({label.lower()})"
    return f"{where} has points {_span(labels)}"
