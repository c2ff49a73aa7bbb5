"""Quotes anchored in the policy's text: pure functions, no Sphinx.

After the W3C Web Annotation model's ``TextQuoteSelector``: a fact carries the
exact words it rests on, and is anchored by finding them again in the text of
its section. :func:`section_texts` turns a policy file's MyST Markdown into the
plain text of each labelled section (markup removed, read with MyST's own parser,
:mod:`myst_reading`), the one function that the Sphinx build and the tools
reading files from a git tree both call;
:func:`find_quote` matches a quote with whitespace normalised;
:func:`closest_text` names what is there now when it does not match;
:func:`sentence_of` gives the sentence a quote is in, for telling an editor which
facts a changed sentence touches; :func:`iso_duration` reads a period ("i 5 år")
from a quote.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from myst_reading import blocks

if TYPE_CHECKING:
    from markdown_it.token import Token

#: A sentence ends at . ! or ? followed by a capital letter (so "jf. 6(1)(a)" does not end one).
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")
#: A role's content with an explicit title, ``Articles 13 <13>``, as Sphinx's ReferenceRole reads it.
TITLED = re.compile(r"^(.+?)\s*(?<!\x00)<(.*?)>$", re.DOTALL)


def normalise(text: str) -> str:
    """*text* with every run of whitespace as one space, and none at either end."""
    return " ".join(text.split())


def plain_inline(token: Token) -> str:
    """An inline token's words as a reader sees them: roles as their text, links as their words, breaks as newlines."""
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "myst_role":
            titled = TITLED.match(child.content)
            parts.append((titled.group(1) if titled else child.content).lstrip("~!"))
    return "".join(parts)


def _blocks(markdown: str) -> list[tuple[str, str, int]]:
    """The file as blocks in order, read by MyST's own parser (:mod:`myst_reading`):
    ("label", name, 0), ("heading", text, level), ("paragraph", text, 0).

    Directives (fences such as ``{vendor-table}``, whose content is no prose of
    the text) and ``%`` comments are left out.
    """
    found: list[tuple[str, str, int]] = []
    level = 0
    for token in blocks(markdown):
        if token.type == "myst_target":
            found.append(("label", token.content, 0))
        elif token.type == "heading_open":
            level = int(token.tag[1:])
        elif token.type == "heading_close":
            level = 0
        elif token.type == "inline" and level:
            found.append(("heading", plain_inline(token), level))
        elif token.type == "inline":
            found.append(("paragraph", plain_inline(token), 0))
    return found


def section_texts(markdown: str) -> dict[str, str]:
    """The plain text of each labelled place in one MyST Markdown file, by label.

    A label above a heading takes the heading and everything up to the next
    heading of the same or a higher level (its subsections included); a label
    above a paragraph takes that paragraph. Paragraphs are separated by a blank
    line; a paragraph's own line breaks are kept (see :func:`normalise`).
    """
    blocks = _blocks(markdown)
    texts: dict[str, str] = {}
    for index, (kind, label, _level) in enumerate(blocks):
        if kind != "label":
            continue
        following = next((block for block in blocks[index + 1:] if block[0] != "label"), None)
        if following is None:
            texts[label] = ""
            continue
        start = blocks.index(following, index + 1)
        if following[0] == "paragraph":
            texts[label] = following[1]
            continue
        parts = [following[1]]
        for kind_after, text, level in blocks[start + 1:]:
            if kind_after == "heading" and level <= following[2]:
                break
            if kind_after != "label":
                parts.append(text)
        texts[label] = "\n\n".join(parts)
    return texts


def find_quote(quote: str, text: str) -> int:
    """Where *quote* starts in ``normalise(text)``, or -1; whitespace is normalised on both sides."""
    wanted = normalise(quote)
    return normalise(text).find(wanted) if wanted else -1


def sentences(text: str) -> list[str]:
    """The sentences of *text* (a heading or a paragraph ends one too), normalised."""
    result = []
    for block in re.split(r"\n\s*\n", text):
        result += [sentence for sentence in SENTENCE_END.split(normalise(block)) if sentence]
    return result


def sentence_of(quote: str, text: str) -> str:
    """The sentence(s) of *text* the first match of *quote* is in ("" when it is not there)."""
    flat = normalise(text)
    start = find_quote(quote, flat)
    if start < 0:
        return ""
    end = start + len(normalise(quote))
    found, offset = [], 0
    for sentence in sentences(text):
        where = flat.find(sentence, offset)
        if where < 0:
            continue
        offset = where + len(sentence)
        if where < end and offset > start:
            found.append(sentence)
    return " ".join(found)


def closest_text(quote: str, text: str) -> str:
    """The stretch of *text* most like *quote*, for telling an editor what is there now ("" if nothing is close).

    Candidates are the sentences and runs of as many words as the quote has, so a
    one-word quote is compared with words and a sentence with sentences.
    """
    wanted = normalise(quote)
    words = normalise(text).split(" ")
    size = max(1, len(wanted.split(" ")))
    candidates = set(sentences(text))
    candidates |= {" ".join(words[index:index + size]) for index in range(max(1, len(words) - size + 1))}
    candidates.discard("")
    best, best_ratio = "", 0.0
    for candidate in sorted(candidates):
        ratio = difflib.SequenceMatcher(None, wanted, candidate, autojunk=False).ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return best if best_ratio >= 0.5 else ""


# -- Periods ------------------------------------------------------------------------

NUMBER_WORDS = {
    "et": 1, "en": 1, "ét": 1, "én": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7,
    "otte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "femten": 15, "tyve": 20, "tredive": 30,
}
#: Danish units, singular and plural, and their ISO 8601 designators.
UNITS = {
    "år": "Y", "måned": "M", "måneder": "M", "måneders": "M", "uge": "W", "uger": "W", "ugers": "W",
    "dag": "D", "dage": "D", "dages": "D", "års": "Y",
}
PERIOD = re.compile(
    r"\bi\s+(?:op\s+til\s+|mindst\s+|højst\s+)?(\d+|" + "|".join(NUMBER_WORDS) + r")\s+(" + "|".join(UNITS) + r")\b",
    flags=re.IGNORECASE,
)


def iso_duration(quote: str) -> str:
    """The ISO 8601 duration a retention quote states ("i 5 år" -> "P5Y"), or "" when it states none.

    Only a period after "i" ("for") counts, so "slettes løbende" (a criterion)
    and "flere gange årligt" (a frequency) give none; a quote naming two periods
    gives none too, as the notice cannot tell which is meant.
    """
    found = {f"P{_number(count)}{UNITS[unit.lower()]}" for count, unit in PERIOD.findall(normalise(quote))}
    return found.pop() if len(found) == 1 else ""


def _number(count: str) -> int:
    return int(count) if count.isdigit() else NUMBER_WORDS[count.lower()]


def policy_texts(files: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """``(texts, sources)`` for a whole policy: *files* maps each file's path to its Markdown.

    *texts* maps every label to its plain text (:func:`section_texts`), *sources*
    every label to the path of the file it is in.
    """
    texts: dict[str, str] = {}
    sources: dict[str, str] = {}
    for path, markdown in files.items():
        for label, text in section_texts(markdown).items():
            texts.setdefault(label, text)
            sources.setdefault(label, path)
    return texts, sources
