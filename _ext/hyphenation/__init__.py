"""Where long words may break: soft hyphens from hyphenation patterns. Pure functions, no Sphinx.

The site (``_ext/reader_hyphenation.py``: headings and table cells) and the
PDFs (``tools/sitebuild/pdf.py``: all running text) write a soft hyphen
(U+00AD) at each point where a word may break. A browser or WeasyPrint then
breaks a long word only there, showing a hyphen, whether or not it has
hyphenation dictionaries of its own (Debian's chromium has none).

Patterns are pyphen's (LibreOffice's) dictionaries, one per language in
:data:`PATTERNS`:

* Danish: ``da_DK``, with the stems in ``exceptions-da.txt`` where its patterns
  split a compound at the wrong place ("perso-noplysninger", "medlem-sstater").
* English: the translation spells British English ("personalise",
  "behaviour"), but pyphen's ``en_GB`` patterns split "Art-icle", "eras-ure"
  and "port-ab-il-ity"; the ``en_US`` patterns (Liang's, TeX's hyphen.tex)
  split these and the British spellings well ("per-son-alised",
  "organ-i-sa-tion"), so English uses them.

At least :data:`MIN_CHARS` letters stay on each side of a break. Only runs of
letters are hyphenated; a token with a digit, "@", "/", ":" or an inner "."
(an address, e-mail address, phone number or web address) never is.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pyphen

SOFT_HYPHEN = "\u00ad"
#: Letters kept together at the start and at the end of a word.
MIN_CHARS = 3
#: Pattern dictionary per primary language (pyphen's names).
PATTERNS = {"da": "da_DK", "en": "en_US"}
EXCEPTIONS_DIR = Path(__file__).parent

_TOKEN = re.compile(r"\S+")
_LETTERS = re.compile(r"[^\W\d_]+")
#: A token that is (part of) an address, e-mail address, phone number or web address.
_NOT_A_WORD = re.compile(r"[\d@/:]|\.(?=\w)")


def primary_language(tag: str | None) -> str:
    """"en" for "en", "en_GB" and "en-GB"."""
    return (tag or "").replace("_", "-").split("-", 1)[0].lower()


def parse_exceptions(text: str) -> dict[str, tuple[int, ...]]:
    """Exception stems, one per line ("per-son-op-lys-ning"; "#" starts a comment): stem -> break positions.

    >>> parse_exceptions("# compounds\\nper-son-op-lys-ning\\n")
    {'personoplysning': (3, 6, 8, 11)}
    """
    stems = {}
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip().lower()
        if not entry:
            continue
        positions, length = [], 0
        for piece in entry.split("-")[:-1]:
            length += len(piece)
            positions.append(length)
        stems[entry.replace("-", "")] = tuple(positions)
    return stems


class Hyphenator:
    """One language's break points: its patterns, corrected by its exception stems."""

    def __init__(self, patterns: str, exceptions: dict[str, tuple[int, ...]]) -> None:
        self.dictionary = pyphen.Pyphen(lang=patterns, left=MIN_CHARS, right=MIN_CHARS)
        # Longest stem first: "personoplysning" wins over "person".
        self.exceptions = sorted(exceptions.items(), key=lambda item: -len(item[0]))

    def positions(self, word: str) -> list[int]:
        """Where *word* may break, as offsets; never within MIN_CHARS of either end."""
        found = [int(position) for position in self.dictionary.positions(word)]
        lowered = word.lower()
        for stem, breaks in self.exceptions:
            if lowered.startswith(stem):
                found = [*breaks, *(position for position in found if position >= len(stem))]
                break
        return sorted({position for position in found if MIN_CHARS <= position <= len(word) - MIN_CHARS})

    def word(self, word: str) -> str:
        """*word* with a soft hyphen at each break point."""
        pieces, start = [], 0
        for position in self.positions(word):
            pieces.append(word[start:position])
            start = position
        pieces.append(word[start:])
        return SOFT_HYPHEN.join(pieces)


@functools.cache
def hyphenator(language: str) -> Hyphenator | None:
    """The hyphenator for *language* (any tag: "da", "en-GB"), or None if it has no patterns here."""
    primary = primary_language(language)
    if primary not in PATTERNS:
        return None
    exceptions_file = EXCEPTIONS_DIR / f"exceptions-{primary}.txt"
    exceptions = parse_exceptions(exceptions_file.read_text(encoding="utf-8")) if exceptions_file.is_file() else {}
    return Hyphenator(PATTERNS[primary], exceptions)


def hyphenate(text: str, language: str, *, min_length: int = 2 * MIN_CHARS) -> str:
    """*text* with soft hyphens in its words of at least *min_length* letters.

    >>> hyphenate("Opbevaringsperiode på www.datatilsynet.dk", "da").replace(SOFT_HYPHEN, "|")
    'Opbe|va|rings|pe|ri|ode på www.datatilsynet.dk'
    """
    rules = hyphenator(language)
    if rules is None or not text.strip():
        return text

    def token(match: re.Match[str]) -> str:
        if _NOT_A_WORD.search(match.group()):
            return match.group()
        return _LETTERS.sub(
            lambda letters: rules.word(letters.group()) if len(letters.group()) >= min_length else letters.group(),
            match.group(),
        )

    return _TOKEN.sub(token, text)


def unhyphenate(text: str) -> str:
    """*text* without soft hyphens (what a reader copies or searches for)."""
    return text.replace(SOFT_HYPHEN, "")


#: Elements whose text keeps its words whole: code, and addresses written out.
WHOLE_ELEMENTS = frozenset({"code", "pre", "kbd", "samp", "script", "style", "address"})
_ADDRESS_LINKS = ("mailto:", "tel:")


def _keeps_words_whole(element, whole: frozenset[str]) -> bool:
    return (
        not isinstance(element.tag, str)
        or element.tag in whole
        or (element.tag == "a" and (element.get("href") or "").startswith(_ADDRESS_LINKS))
    )


def hyphenate_element(
    root, language: str, *, min_length: int = 2 * MIN_CHARS, whole: frozenset[str] = WHOLE_ELEMENTS
) -> None:
    """Put soft hyphens into the text under the lxml element *root*, in place.

    Each text is hyphenated in the language of its nearest ``lang`` (else
    *language*); the elements named in *whole* (code, ``<address>``) and e-mail
    and phone links are left whole.
    """

    def walk(element, current: str) -> None:
        if _keeps_words_whole(element, whole):
            return
        current = element.get("lang") or current
        if element.text:
            element.text = hyphenate(element.text, current, min_length=min_length)
        for child in element:
            walk(child, current)
            if child.tail:
                child.tail = hyphenate(child.tail, current, min_length=min_length)

    walk(root, language)
