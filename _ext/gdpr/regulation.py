"""The GDPR's structure and official text, read from the JSON files in ``data/``.

The files are copies of the project's GDPR reference data (see ``data/README.md``):
``gdpr-structure.json`` says which articles, paragraphs and points exist, and
``gdpr-text-<language>.json`` hold the official text (today Danish and English).
A language has data when its file is there: adding a language is adding its file. Everything here is read once
per process into frozen dataclasses and never changes afterwards.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
STRUCTURE_FILE = DATA_DIR / "gdpr-structure.json"

#: The language a build without its own text falls back to.
FALLBACK_LANGUAGE = "en"

#: The article whose bracketed numbers are definition numbers, not paragraphs.
DEFINITIONS_ARTICLE = 4


def text_file(language: str | None) -> Path:
    """The official text in a Sphinx ``language`` (``"da"``, ``"en_GB"``): ``data/gdpr-text-<primary>.json``."""
    return DATA_DIR / f"gdpr-text-{_primary(language)}.json"


def data_languages() -> tuple[str, ...]:
    """The languages the data has text in, from the files present: ``("da", "en")``."""
    return tuple(sorted(path.stem.removeprefix("gdpr-text-") for path in DATA_DIR.glob("gdpr-text-*.json")))


@functools.cache
def has_language(language: str | None) -> bool:
    """Whether the data has titles and text for a Sphinx ``language`` such as ``"en_GB"``."""
    return bool(_primary(language)) and text_file(language).is_file()


def data_language(language: str | None) -> str:
    """The data's language for a Sphinx ``language`` such as ``"da"`` or ``"en_GB"``."""
    return _primary(language) if has_language(language) else FALLBACK_LANGUAGE


def _primary(language: str | None) -> str:
    return (language or "").replace("-", "_").split("_")[0].lower()


# -- Structure -------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    """What exists in one article: enough to validate a reference and title it."""

    number: int
    titles: dict[str, str]
    numbered_paragraphs: bool
    #: Paragraph number -> point labels in document order. Unnumbered articles
    #: have one "paragraph", 1, holding their body (Article 4: the definitions).
    paragraphs: dict[int, tuple[str, ...]]
    #: Article 4 only: definition number -> its lettered points.
    subpoints: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Structure:
    articles: dict[int, Article]

    @property
    def first(self) -> int:
        return min(self.articles)

    @property
    def last(self) -> int:
        return max(self.articles)


@functools.cache
def load_structure(path: Path = STRUCTURE_FILE) -> Structure:
    raw = json.loads(path.read_text(encoding="utf-8"))
    articles = {}
    for number, article in raw["articles"].items():
        subpoints = (article.get("subpoints") or {}).get("1", {})
        articles[int(number)] = Article(
            number=int(number),
            titles=dict(article["title"]),
            numbered_paragraphs=bool(article["numbered_paragraphs"]),
            paragraphs={int(p): tuple(labels) for p, labels in article["paragraphs"].items()},
            subpoints={label: tuple(letters) for label, letters in subpoints.items()},
        )
    return Structure(articles=articles)


# -- Text ------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    label: str
    text: str
    points: tuple[Point, ...] = ()


@dataclass(frozen=True)
class Subparagraph:
    text: str
    points: tuple[Point, ...] = ()
    #: Unlabelled dash items (only Article 53(1) has them).
    indents: tuple[str, ...] = ()
    text_after: str = ""


@dataclass(frozen=True)
class ArticleText:
    heading: str
    title: str
    numbered_paragraphs: bool
    paragraphs: dict[int, tuple[Subparagraph, ...]]
    footnotes: tuple[str, ...] = ()


def _point(raw: dict) -> Point:
    return Point(label=raw["label"], text=raw["text"], points=tuple(_point(p) for p in raw.get("points", ())))


def _subparagraph(raw: dict) -> Subparagraph:
    return Subparagraph(
        text=raw.get("text", ""),
        points=tuple(_point(p) for p in raw.get("points", ())),
        indents=tuple(raw.get("indents", ())),
        text_after=raw.get("text_after", ""),
    )


@functools.cache
def load_text(language: str) -> dict[int, ArticleText]:
    """The official text in *language*: article number -> :class:`ArticleText`."""
    raw = json.loads(text_file(language).read_text(encoding="utf-8"))
    return {
        int(number): ArticleText(
            heading=article["heading"],
            title=article["title"],
            numbered_paragraphs=bool(article["numbered_paragraphs"]),
            paragraphs={
                int(p): tuple(_subparagraph(s) for s in paragraph["subparagraphs"])
                for p, paragraph in article["paragraphs"].items()
            },
            footnotes=tuple(article.get("footnotes", ())),
        )
        for number, article in raw["articles"].items()
    }
