"""The ledger of dated versions, ``policy/versions.yaml``: parsing and checks (pure functions, no git).

The file is composed into a node graph by ``yaml_positions`` (``_ext/``), as the
build reads ``vendors.yaml`` and ``transparency.yaml``: every value keeps its line
and column for the error messages, no YAML tag can run code, and ``material: no``
stays the text "no".

- :func:`parse_ledger` reads the text into :class:`Entry` objects and every
  :class:`Problem` it finds (fields, dates, commits, summaries); it never raises.
- :func:`language_problems` checks an entry's summary and details against the
  languages its own tree declares.
- :func:`append_only_problems` compares the ledger with the ledger at a base
  (see :mod:`tools.sitebuild.ledger_repo` for which base): a released entry never
  changes and is never removed.

Besides ``versions``, the ledger may list ``revisions``: a revision of a released
version's translation into one language, on a date, from a later commit whose
source-language text is the version's own (:class:`Revision`). The version's
source-language pages stay as they are; the translation is published anew.

What needs git (commits that exist, ancestors of HEAD, a tree's languages, the
base, the tags) is in :mod:`tools.sitebuild.ledger_repo`, which is also the
command line of ``make check`` and ``make tags``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

import yaml_positions
from tools.diagnostics import Diagnostic
from tools.git import tag_name
from yaml_positions import NULL_TAG, Checker, YAMLPositionError, compose
from yaml_positions import kind as _kind
from yaml_positions import position as _position

#: Where the ledger lives in the repository.
LEDGER_PATH = "policy/versions.yaml"
#: The start of a new ledger (``make release`` of the first version).
LEDGER_HEADER = """# The ledger of dated versions: which commit is which version of the policy.
# One entry per version, oldest first, added by 'make release'; see README "Dated versions".
versions:
"""

# Field name -> required?
TOP_FIELDS = {"versions": True, "revisions": False}
ENTRY_FIELDS = {"date": True, "commit": True, "material": True, "summary": True, "details": False}
REVISION_FIELDS = {"version": True, "language": True, "date": True, "commit": True, "summary": True}

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SHA = re.compile(r"[0-9a-f]{40}")
_LANGUAGE = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")


class Problem(yaml_positions.Problem):
    """One thing wrong with the ledger, at a 1-based line and column (0 when there is none)."""

    def diagnostic(self, path: str = LEDGER_PATH, namespace: str = "ledger") -> Diagnostic:
        return Diagnostic(path, self.line, self.column, "error", self.message, f"{namespace}.{self.code}")

    def format(self, path: str = LEDGER_PATH, namespace: str = "ledger") -> str:
        """``policy/versions.yaml:14:5: error: message [ledger.code]`` (:mod:`tools.diagnostics`)."""
        return str(self.diagnostic(path, namespace))


class _Positioned:
    """A ledger item that knows where its fields are (``positions``, ``line``, ``column``)."""

    positions: Mapping[str, tuple[int, int]]
    line: int
    column: int

    def position(self, key: str) -> tuple[int, int]:
        """(line, column) of *key* (``summary.en``), else of its group (``summary``), else of the item."""
        return self.positions.get(key) or self.positions.get(key.split(".")[0]) or (self.line, self.column)


@dataclass(frozen=True)
class Entry(_Positioned):
    """One dated version as the ledger records it."""

    date: dt.date
    commit: str
    material: bool
    #: One line per language: what the version is, e.g. {"da": "…", "en": "…"}.
    summary: Mapping[str, str]
    #: Optional paragraphs per language for the versions page and the feed.
    details: Mapping[str, str]
    line: int
    column: int
    #: (line, column) of each field and of each ``summary.<lang>``/``details.<lang>``.
    positions: Mapping[str, tuple[int, int]] = field(default_factory=dict, compare=False)

    @property
    def name(self) -> str:
        """The version's directory name on the site, e.g. ``2026-11-24``."""
        return self.date.isoformat()

    @property
    def tag(self) -> str:
        """The git tag ``make tags`` gives the entry's commit, e.g. ``v2026-11-24``."""
        return tag_name(self.name)

    def released_fields(self) -> dict[str, str]:
        """Every value a released entry may never change, flattened: ``summary.en`` → text."""
        values = {"date": self.name, "commit": self.commit, "material": "yes" if self.material else "no"}
        for group, texts in (("summary", self.summary), ("details", self.details)):
            for language, text in texts.items():
                values[f"{group}.{language}"] = text
        return values


@dataclass(frozen=True)
class Revision(_Positioned):
    """A revision of a released version's translation into one language.

    The version (``version``, its date) keeps its source-language text; its
    pages in ``language`` are published anew, from the translation at ``commit``,
    from ``date`` on. The translation it replaces stays published.
    """

    version: dt.date
    language: str
    date: dt.date
    commit: str
    #: One line, in the revision's language: what the revision corrects.
    summary: Mapping[str, str]
    line: int
    column: int
    positions: Mapping[str, tuple[int, int]] = field(default_factory=dict, compare=False)

    @property
    def name(self) -> str:
        """The revision's date, e.g. ``2026-12-06``."""
        return self.date.isoformat()

    @property
    def key(self) -> tuple[dt.date, str, dt.date]:
        """What identifies a revision: its version, its language and its date."""
        return (self.version, self.language, self.date)

    def released_fields(self) -> dict[str, str]:
        values = {"version": self.version.isoformat(), "language": self.language, "date": self.name,
                  "commit": self.commit}
        values.update({f"summary.{language}": text for language, text in self.summary.items()})
        return values


@dataclass(frozen=True)
class Ledger:
    entries: tuple[Entry, ...] = ()
    problems: tuple[Problem, ...] = ()
    #: True when the text could not be read as YAML at all.
    unreadable: bool = False
    #: Every entry that could be read, also one out of order or repeated (not in :attr:`entries`):
    #: a released entry found here but not there was moved, not removed.
    listed: tuple[Entry, ...] = ()
    #: The file's last line (where an entry removed from the end was).
    last_line: int = 1
    #: Translation revisions, oldest first.
    revisions: tuple[Revision, ...] = ()

    def entry(self, date: dt.date) -> Entry | None:
        return next((e for e in self.entries if e.date == date), None)

    def revisions_of(self, version: dt.date, language: str | None = None) -> list[Revision]:
        """The revisions of *version* (in *language*), oldest first."""
        return [r for r in self.revisions if r.version == version and language in (None, r.language)]

    @property
    def latest(self) -> Entry | None:
        return self.entries[-1] if self.entries else None


# -- parsing ------------------------------------------------------------------


def parse_ledger(text: str) -> Ledger:
    """Parse and check the YAML *text* of a ledger (everything that needs no git)."""
    try:
        root = compose(text)
    except YAMLPositionError as exc:
        return Ledger(problems=(Problem(exc.line, exc.column, "syntax", exc.message),), unreadable=True)
    checker = _Checker()
    entries = checker.ledger(root)
    revisions = checker.revisions(root, entries)
    return Ledger(tuple(entries), tuple(checker.problems), listed=tuple(checker.listed),
                  last_line=max(1, len(text.splitlines())), revisions=tuple(revisions))


@dataclass
class _Checker(Checker):
    problem_type = Problem
    listed: list[Entry] = field(default_factory=list)

    def text(self, node: Node | None, name: str, what: str, *, required: bool = False, fold: bool = False) -> str:
        """:meth:`Checker.text`, and a character no ledger text may hold refused (:func:`refused_character`)."""
        if isinstance(node, ScalarNode) and node.tag != NULL_TAG and (refused := refused_character(node.value)):
            self.report(node, "control_character", f"field '{name}' in {what} contains {refused}; a text may hold "
                                                   "printable characters, new lines and tabs only: remove it")
            return ""
        return super().text(node, name, what, required=required, fold=fold)

    def ledger(self, root: Node | None) -> list[Entry]:
        if root is None:
            self.problems.append(Problem(1, 1, "missing_field", "the file is empty: expected a 'versions' list"))
            return []
        values, _ = self.fields(root, TOP_FIELDS, "the file") or ({}, {})
        node = values.get("versions")
        if node is None:
            return []
        if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
            return []  # "versions:" with nothing yet: no version released
        if not isinstance(node, SequenceNode):
            self.report(node, "type", f"field 'versions' must be a list of entries, not {_kind(node)}")
            return []
        entries: list[Entry] = []
        first_line: dict[dt.date, int] = {}
        for item in node.value:
            entry = self.entry(item)
            if entry is None:
                continue
            self.listed.append(entry)
            if entry.date in first_line:
                self.report(item, "date_repeated",
                            f"date {entry.name} is repeated (first at line {first_line[entry.date]}); "
                            "each version has its own effective date")
                continue
            if entries and entry.date < entries[-1].date:
                self.report(item, "date_order",
                            f"date {entry.name} is before the entry above it ({entries[-1].name}, line "
                            f"{entries[-1].line}); entries are oldest first")
                continue
            first_line[entry.date] = entry.line
            entries.append(entry)
        return entries

    def revisions(self, root: Node | None, entries: Sequence[Entry]) -> list[Revision]:
        """The ``revisions`` list: each revises a version of *entries*, on or after its date, once a day."""
        if not isinstance(root, MappingNode):
            return []
        node = next((v for k, v in root.value if isinstance(k, ScalarNode) and k.value == "revisions"), None)
        if node is None or (isinstance(node, ScalarNode) and node.tag == NULL_TAG):
            return []
        if not isinstance(node, SequenceNode):
            self.report(node, "type", f"field 'revisions' must be a list of translation revisions, not {_kind(node)}")
            return []
        versions = {entry.date: entry for entry in entries}
        revisions: list[Revision] = []
        first_line: dict[tuple[dt.date, str, dt.date], int] = {}
        for item in node.value:
            revision = self.revision(item)
            if revision is None:
                continue
            version = versions.get(revision.version)
            where = revision.position("version")
            if version is None:
                known = ", ".join(entry.name for entry in entries) or "none"
                self.problems.append(Problem(*where, "revision_version",
                                             f"the translation revision {revision.name} revises version "
                                             f"{revision.version.isoformat()}, which is not in 'versions' "
                                             f"(versions: {known})"))
                continue
            if revision.date < version.date:
                self.problems.append(Problem(*revision.position("date"), "revision_date",
                                             f"the translation revision {revision.name} is dated before the version "
                                             f"it revises ({version.name}); a translation is revised on or after "
                                             "its version's date"))
                continue
            if revision.key in first_line:
                self.problems.append(Problem(*revision.position("date"), "revision_repeated",
                                             f"version {version.name} already has a {revision.language} revision "
                                             f"dated {revision.name} (line {first_line[revision.key]}); one "
                                             "revision per language a day"))
                continue
            first_line[revision.key] = revision.line
            revisions.append(revision)
        return sorted(revisions, key=lambda r: (r.date, r.version, r.language))

    def revision(self, node: Node) -> Revision | None:
        what = "a translation revision"
        before = len(self.problems)
        values, _keys = self.fields(node, REVISION_FIELDS, what) or ({}, {})
        if not isinstance(node, MappingNode):
            return None
        positions = {name: _position(value) for name, value in values.items()}
        version = self.date(values.get("version"), what)
        language = self.text(values.get("language"), "language", what)
        if language and not _LANGUAGE.fullmatch(language):
            self.report(values["language"], "language", f"'{language}' in field 'language' of {what} is not a "
                                                        "language code such as 'en'")
        date = self.date(values.get("date"), what)
        commit = self.commit(values.get("commit"), what)
        summary = self.texts(values.get("summary"), "summary", what, positions, one_line=True)
        for other in summary:
            if language and other != language:
                line, column = positions[f"summary.{other}"]
                self.problems.append(Problem(line, column, "language_unknown",
                                             f"the summary of {what} is in '{other}'; a revision of the "
                                             f"{language} translation is summarised in {language} only"))
        if len(self.problems) > before or version is None or date is None:
            return None
        return Revision(version, language, date, commit, summary, *_position(node), positions=positions)

    def entry(self, node: Node) -> Entry | None:
        what = "a version entry"
        date_node = None
        if isinstance(node, MappingNode):
            date_node = next((v for k, v in node.value if isinstance(k, ScalarNode) and k.value == "date"), None)
            if isinstance(date_node, ScalarNode) and date_node.value:
                what = f"the entry {date_node.value}"
        before = len(self.problems)
        values, keys = self.fields(node, ENTRY_FIELDS, what) or ({}, {})
        if not isinstance(node, MappingNode):
            return None
        positions = {name: _position(value) for name, value in values.items()}
        date = self.date(values.get("date"), what)
        commit = self.commit(values.get("commit"), what)
        material = self.material(values.get("material"), what)
        summary = self.texts(values.get("summary"), "summary", what, positions, one_line=True)
        details = self.texts(values.get("details"), "details", what, positions, one_line=False)
        if len(self.problems) > before or date is None:
            return None
        return Entry(date, commit, material, summary, details, *_position(node), positions=positions)

    def date(self, node: Node | None, what: str) -> dt.date | None:
        text = self.text(node, "date", what, required=True)
        if not text:
            return None
        if not _DATE.fullmatch(text):
            self.report(node, "date", f"date '{text}' in {what} is not of the form YYYY-MM-DD (e.g. 2026-11-24)")
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.report(node, "date", f"date '{text}' in {what} is not a date in the calendar")
            return None

    def commit(self, node: Node | None, what: str) -> str:
        text = self.text(node, "commit", what, required=True)
        if text and not _SHA.fullmatch(text):
            self.report(node, "commit", f"commit '{text}' in {what} is not a full commit SHA (40 hexadecimal "
                                        "digits, as 'git rev-parse HEAD' prints it)")
            return ""
        return text

    def material(self, node: Node | None, what: str) -> bool:
        text = self.text(node, "material", what, required=True)
        if text and text not in ("yes", "no"):
            self.report(node, "material", f"material '{text}' in {what} must be 'yes' or 'no'")
        return text == "yes"

    def texts(self, node: Node | None, name: str, what: str, positions: dict[str, tuple[int, int]], *,
              one_line: bool) -> dict[str, str]:
        """A ``{language: text}`` field."""
        if node is None:
            return {}
        if not isinstance(node, MappingNode):
            self.report(node, "type", f"field '{name}' in {what} must map each language to its text, "
                                      f"e.g. {{da: ..., en: ...}}, not {_kind(node)}")
            return {}
        texts: dict[str, str] = {}
        for key, value in node.value:
            language = key.value if isinstance(key, ScalarNode) else ""
            if not _LANGUAGE.fullmatch(language):
                self.report(key, "language", f"'{language}' in field '{name}' of {what} is not a language code "
                                             "such as 'da' or 'en'")
                continue
            if language in texts:
                self.report(key, "duplicate_field", f"language '{language}' is given twice in field '{name}' of {what}")
                continue
            text = self.text(value, f"{name}.{language}", what, required=True)
            if one_line and "\n" in text:
                self.report(value, "summary_lines", f"field '{name}.{language}' in {what} must be one line")
            positions[f"{name}.{language}"] = _position(value)
            texts[language] = text
        if not texts:
            self.report(node, "missing_field", f"field '{name}' in {what} has no language")
        return texts


# -- checks that need more than the text ------------------------------------------------


def language_problems(entry: Entry, languages: Sequence[str]) -> list[Problem]:
    """The entry's summary (and details, if any) must be in exactly the *languages* of its tree."""
    problems = []
    for group, texts, required in (("summary", entry.summary, True), ("details", entry.details, False)):
        if not texts and not required:
            continue
        line, column = entry.position(group)
        missing = [language for language in languages if language not in texts]
        if missing:
            problems.append(Problem(line, column, "language_missing",
                                    f"the {group} of the entry {entry.name} has no {', '.join(missing)}; its "
                                    f"commit's conf.py declares the languages {', '.join(languages)}"))
        for language in texts:
            if language not in languages:
                line, column = entry.position(f"{group}.{language}")
                problems.append(Problem(line, column, "language_unknown",
                                        f"the {group} of the entry {entry.name} is in '{language}', which its "
                                        f"commit's conf.py does not declare ({', '.join(languages)})"))
    return problems


def append_only_problems(ledger: Ledger, base: Ledger, base_name: str) -> list[Problem]:
    """Every entry and revision of *base* (the ledger at *base_name*) must be in *ledger*, unchanged."""
    problems = revision_append_only_problems(ledger, base, base_name)
    by_date = {entry.date: entry for entry in ledger.entries}
    listed = {entry.date: entry for entry in reversed(ledger.listed)}  # the first of a repeated date
    advice = "a released entry never changes; release a new version instead"
    for old in base.entries:
        new = by_date.get(old.date)
        if new is None and old.date in listed:
            moved = listed[old.date]
            problems.append(Problem(moved.line, moved.column, "released_moved",
                                    f"the released entry {old.name} (line {old.line} at {base_name}) was moved here, "
                                    "out of its place; released entries keep their order, oldest first: move it back"))
            continue
        if new is None:
            line, column = _where_removed(ledger, old)
            problems.append(Problem(line, column, "released_removed",
                                    f"the released entry {old.name} (line {old.line} at {base_name}) is missing here: "
                                    f"it was removed; {advice}, and put it back"))
            continue
        old_values, new_values = old.released_fields(), new.released_fields()
        for key in sorted(old_values.keys() | new_values.keys(), key=lambda k: (k.count("."), k)):
            if old_values.get(key) != new_values.get(key):
                line, column = new.position(key)
                was = old_values.get(key)
                detail = f"was {was!r} at {base_name}" if was is not None else f"not at {base_name}"
                problems.append(Problem(line, column, "released_changed",
                                        f"the released entry {old.name} changed its {key} ({detail}); {advice}"))
    return problems


def revision_append_only_problems(ledger: Ledger, base: Ledger, base_name: str) -> list[Problem]:
    """A released translation revision never changes and is never removed: the old translation it
    replaced stays published, and readers were told of the revision on its date."""
    problems = []
    by_key = {revision.key: revision for revision in ledger.revisions}
    advice = "a released revision never changes; revise the translation again with a later date instead"
    for old in base.revisions:
        new = by_key.get(old.key)
        what = f"the released {old.language} revision {old.name} of version {old.version.isoformat()}"
        if new is None:
            problems.append(Problem(0, 0, "released_removed",
                                    f"{what} (line {old.line} at {base_name}) was removed; {advice}"))
            continue
        old_values, new_values = old.released_fields(), new.released_fields()
        for key in sorted(old_values.keys() | new_values.keys(), key=lambda k: (k.count("."), k)):
            if old_values.get(key) != new_values.get(key):
                was = old_values.get(key)
                detail = f"was {was!r} at {base_name}" if was is not None else f"not at {base_name}"
                problems.append(Problem(*new.position(key), "released_changed",
                                        f"{what} changed its {key} ({detail}); {advice}"))
    return problems


_HEADING = re.compile(r"^ {0,3}#{1,6}\s+(?P<title>.+?)\s*#*\s*$")


def sections(text: str) -> list[tuple[str, str]]:
    """``(heading, text)`` of each section of a Markdown document, the part before the first heading as ``""``."""
    found: list[tuple[str, list[str]]] = [("", [])]
    fence = ""
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            fence = "" if fence and stripped.startswith(fence) else (fence or stripped[:3])
        match = None if fence else _HEADING.match(line)
        if match:
            found.append((match["title"], []))
        found[-1][1].append(line)
    return [(heading, "\n".join(lines)) for heading, lines in found if heading or any(lines)]


def first_difference(documents: Mapping[str, str], others: Mapping[str, str]) -> str | None:
    """Where the source documents *others* first differ from *documents* (paths in order), or None.

    Names the document and the section: ``policy/klage.md, section "6. Klage til Datatilsynet"``.
    """
    for path in sorted(documents.keys() | others.keys()):
        old, new = documents.get(path), others.get(path)
        if old == new:
            continue
        if old is None:
            return f"{path} is new"
        if new is None:
            return f"{path} is gone"
        old_sections, new_sections = sections(old), sections(new)
        for index in range(max(len(old_sections), len(new_sections))):
            before = old_sections[index] if index < len(old_sections) else None
            after = new_sections[index] if index < len(new_sections) else None
            if before != after:
                heading = (before or after or ("", ""))[0]
                return f'{path}, section "{heading}"' if heading else f"{path}, before its first heading"
        return path  # only the line ends differ
    return None


def append_item(text: str, list_name: str, item: str) -> str:
    """The ledger *text* with *item* (the YAML of one list item) added at the end of the top-level
    list *list_name* (``versions`` or ``revisions``), which is created at the end if missing."""
    lines = text.rstrip("\n").split("\n")
    start = next((i for i, line in enumerate(lines) if re.fullmatch(rf"{list_name}:\s*", line)), None)
    if start is None:
        return "\n".join(lines) + f"\n\n{list_name}:\n" + item
    end = next((i for i in range(start + 1, len(lines)) if lines[i][:1] not in ("", " ", "#", "-")), len(lines))
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    after = lines[end:]
    while after and not after[0].strip():
        after.pop(0)
    separator = [""] if end > start + 1 else []
    block = "\n".join(lines[:end] + separator) + "\n" + item
    return block + ("\n" + "\n".join(after) + "\n" if after else "")


def revision_yaml(revision: Revision) -> str:
    """The YAML text ``make release`` appends under ``revisions:`` for *revision*."""
    lines = [
        f"  - version: {revision.version.isoformat()}",
        f"    language: {revision.language}",
        f"    date: {revision.name}",
        f"    commit: {revision.commit}",
        "    summary:",
        *(f"      {language}: {_scalar(text)}" for language, text in revision.summary.items()),
    ]
    return "\n".join(lines) + "\n"
def _where_removed(ledger: Ledger, removed: Entry) -> tuple[int, int]:
    """Where *removed* was in *ledger*: the line of the entry now after it, or the file's last line."""
    after = next((entry for entry in ledger.listed if entry.date > removed.date), None)
    return (after.line, after.column) if after is not None else (ledger.last_line, 0)


def refused_character(text: str) -> str | None:
    """The first character of *text* that no ledger text may hold, described (``None``: all may be held).

    Control characters other than new line and tab (a form feed pasted with the
    text) and the non-characters U+FFFE/U+FFFF are not allowed in XML: the feeds and
    pages could not carry them.
    """
    for character in text:
        if character in "\n\t":
            continue
        if unicodedata.category(character) in ("Cc", "Cs") or character in "\ufffe\uffff":
            name = unicodedata.name(character, "") or _CONTROL_NAMES.get(character, "a control character")
            return f"the character U+{ord(character):04X} ({name.lower()})"
    return None


#: Names of the control characters a text might pick up (Unicode gives them none).
_CONTROL_NAMES = {"\f": "form feed", "\r": "carriage return", "\v": "line tabulation", "\b": "backspace",
                  "\x00": "null", "\x1b": "escape", "\x7f": "delete"}


def entry_yaml(entry: Entry, languages: Sequence[str]) -> str:
    """The YAML text ``make release`` appends for *entry* (languages in the tree's order)."""

    def block(name: str, texts: Mapping[str, str]) -> list[str]:
        lines = [f"    {name}:"]
        for language in [lang for lang in languages if lang in texts]:
            text = texts[language]
            # A text with a control character is written escaped, so that reading it back refuses it at its line.
            if ("\n" in text or len(text) > 70) and refused_character(text) is None:
                lines.append(f"      {language}: >-")
                for paragraph_line in _fold(text):
                    lines.append(f"        {paragraph_line}" if paragraph_line else "")
            else:
                lines.append(f"      {language}: {_scalar(text)}")
        return lines

    lines = [
        f"  - date: {entry.name}",
        f"    commit: {entry.commit}",
        f"    material: {'yes' if entry.material else 'no'}",
        *block("summary", entry.summary),
    ]
    if entry.details:
        lines += block("details", entry.details)
    return "\n".join(lines) + "\n"


def _scalar(text: str) -> str:
    """*text* as a YAML scalar: plain when that reads back the same, double-quoted otherwise."""
    plain = yaml.safe_dump(text, default_flow_style=True, allow_unicode=True, width=10_000)
    return plain.removesuffix("\n...\n").rstrip("\n")


def _fold(text: str, width: int = 76) -> list[str]:
    """Lines of a folded (``>-``) block: paragraphs wrapped, a blank line between them."""
    import textwrap

    lines: list[str] = []
    for index, paragraph in enumerate(p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()):
        if index:
            lines.append("")
        lines += textwrap.wrap(" ".join(paragraph.split()), width=width) or [""]
    return lines
