"""The one reader of the translators' ``.po`` files, and the one completeness check (pure: Babel, no Sphinx).

:func:`read_po_file` reads a catalog with Babel's parser, made strict where GNU
``msgfmt --check`` is and Babel is not: every string must be a closed, quoted
string, a msgid may be defined once, and ``#| msgid`` (the previous source text
of a fuzzy entry) is read rather than kept as a comment. A bad file raises
:class:`CatalogError`, whose text is ``path:LINE: message`` with the line of the
fault itself.

:func:`entry_problems` (fuzzy, untranslated) and :func:`coverage_problems`
(catalogs or text that the current source has and the catalogs lack) are what
``make check-po`` and ``make release`` both report.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileParser, unescape

#: Sphinx's own template catalog: the theme's words, kept by hand in
#: ``locale/<language>/LC_MESSAGES/sphinx.po``; not the policy's text.
THEME_TEMPLATE = "sphinx"


# -- Results -------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Problem:
    """One finding at a line of a ``.po`` file (line 0: the file as a whole, or a missing file)."""

    path: str
    line: int
    severity: str  # "error", "warning" or "notice"
    message: str
    code: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message} [{self.code}]"


class CatalogError(ValueError):
    """A ``.po`` file that cannot be read; the text names the file and the line."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class Entry:
    """One live (not obsolete) message of a ``.po`` file, with where its parts are."""

    msgid: str
    msgstr: str
    line: int  # the msgid's line
    fuzzy: bool
    msgstr_line: int = 0  # the msgstr keyword's line
    #: (line, length) of each quoted piece of the msgstr, to find the line of a character.
    msgstr_pieces: tuple[tuple[int, int], ...] = ()
    previous_msgid: str = ""

    def msgstr_line_at(self, offset: int) -> int:
        """The line of the msgstr's character at *offset*."""
        for line, length in self.msgstr_pieces:
            if offset < length:
                return line
            offset -= length
        return self.msgstr_pieces[-1][0] if self.msgstr_pieces else self.msgstr_line


@dataclass
class PoFile:
    """A catalog read from a file, with its entries in file order."""

    path: str
    catalog: Catalog
    entries: list[Entry] = field(default_factory=list)

    @property
    def language(self) -> str:
        """The ``Language`` header, else the ``<language>/LC_MESSAGES`` directory, else ``""``."""
        if self.catalog.locale_identifier:
            return str(self.catalog.locale_identifier)
        parts = Path(self.path).parts
        return parts[parts.index("LC_MESSAGES") - 1] if "LC_MESSAGES" in parts[1:] else ""


# -- Reading -------------------------------------------------------------------------------

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _string_problem(literal: str) -> str | None:
    """Why *literal* (the rest of a line after its keyword) is not one quoted string."""
    if not literal.startswith('"'):
        return f"expected a string in double quotes, found {literal[:20]!r}"
    match = _STRING.match(literal)
    if match is None:
        return "the string is not closed: end it with a double quote on the same line"
    if match.end() != len(literal):
        return 'text after the closing quote: a double quote inside a string must be written \\"'
    return None


class _StrictParser(PoFileParser):
    """Babel's parser, plus what GNU msgfmt checks and Babel lets through.

    It relies on ``PoFileParser``'s line hooks (Babel is pinned in requirements.txt);
    tests/test_check_po.py covers each case.
    """

    def __init__(self, catalog: Catalog, path: str) -> None:
        self.path = path
        self.found: list[tuple[object, int, tuple[tuple[int, int], ...], str]] = []
        super().__init__(catalog, ignore_obsolete=False, abort_invalid=True)

    def _reset_message_state(self) -> None:
        super()._reset_message_state()
        self._previous: list[str] = []
        self._msgstr_line = 0
        self._pieces: list[tuple[int, int]] = []

    def _invalid_pofile(self, line, lineno, msg) -> None:
        reasons = {
            "Unknown or misformatted keyword": "unknown keyword: expected msgid, msgstr or msgctxt",
            'Got line starting with " but not in msgid, msgstr or msgctxt': "a string outside msgid, msgstr or msgctxt",
        }
        raise CatalogError(self.path, lineno + 1, reasons.get(msg, msg))

    def _check_string(self, literal: str, lineno: int) -> str:
        problem = _string_problem(literal.strip())
        if problem:
            raise CatalogError(self.path, lineno + 1, problem)
        return literal.strip()

    def _process_keyword_line(self, lineno, line, obsolete=False) -> None:
        keyword, _, literal = line.partition(" ")
        if keyword in ("msgid", "msgid_plural", "msgctxt") or keyword.startswith("msgstr"):
            self._check_string(literal, lineno)
        super()._process_keyword_line(lineno, line, obsolete)
        if keyword == "msgstr":
            self._msgstr_line = lineno + 1
            self._pieces = [(lineno + 1, len(unescape(literal.strip())))]

    def _process_string_continuation_line(self, line, lineno) -> None:
        literal = self._check_string(line, lineno)
        super()._process_string_continuation_line(line, lineno)
        if self.in_msgstr and self._pieces:
            self._pieces.append((lineno + 1, len(unescape(literal))))

    def _process_comment(self, line) -> None:
        if not line.startswith("#|"):
            super()._process_comment(line)
            return
        # The previous msgid of a fuzzy entry (msgmerge --previous; Babel's write_po
        # include_previous): Babel's reader would keep it as a comment "| msgid ...".
        self._finish_current_message()
        keyword, _, literal = line[2:].strip().partition(" ")
        if keyword == "msgid":
            self._previous = [unescape(literal.strip())]
        elif keyword.startswith('"') and self._previous:
            self._previous.append(unescape(keyword + (" " + literal if literal else "")))

    def _add_message(self) -> None:
        msgid = self.messages[0].denormalize()
        context = self.context.denormalize() if self.context else None
        if msgid and not self.obsolete and self.catalog.get(msgid, context) is not None:
            raise CatalogError(
                self.path, self.offset + 1, f"duplicate msgid {_excerpt(msgid)!r}, first defined on line "
                f"{self.catalog.get(msgid, context).lineno}"
            )
        obsolete, previous = self.obsolete, "".join(self._previous)
        found = (msgid, context, self._msgstr_line, tuple(self._pieces), previous)
        super()._add_message()
        if not obsolete and msgid:
            self.found.append(found)
            if previous:
                self.catalog.get(msgid, context).previous_id = [previous]
        elif obsolete and previous:
            self.catalog.obsolete[self.catalog._key_for(msgid, context)].previous_id = [previous]


def parse_po(text: str, path: str = "<string>") -> PoFile:
    """Parse a ``.po`` file's text; raise :class:`CatalogError` at the first fault."""
    catalog = Catalog()
    parser = _StrictParser(catalog, path)
    parser.parse(io.StringIO(text))
    entries = []
    for msgid, context, msgstr_line, pieces, previous in parser.found:
        message = catalog.get(msgid, context)
        string = message.string if isinstance(message.string, str) else (message.string or ("",))[0]
        entries.append(Entry(msgid, string or "", message.lineno or 0, message.fuzzy, msgstr_line, pieces, previous))
    return PoFile(path, catalog, entries)


def read_po_file(path: Path, display: str | None = None) -> PoFile:
    """Read and parse one ``.po`` (or ``.pot``) file; *display* is how messages name it."""
    display = display or str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CatalogError(display, 1, f"cannot be read: {error.strerror or error}") from error
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CatalogError(display, line, "not UTF-8: save the file as UTF-8") from error
    return parse_po(text, display)


def po_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The ``.po`` files given, and those under the directories given, in order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(path.rglob("*.po"))
        else:
            yield path


# -- Completeness ------------------------------------------------------------------------------


def _excerpt(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def entry_problems(po: PoFile, *, release: bool) -> list[Problem]:
    """Fuzzy and untranslated entries, at their msgid's line: warnings, or errors for a release."""
    severity = "error" if release else "warning"
    problems = []
    for entry in po.entries:
        if entry.fuzzy:
            message = "fuzzy: review the translation against the changed msgid, then remove the fuzzy flag"
            problems.append(Problem(po.path, entry.line, severity, message, "fuzzy"))
        elif not entry.msgstr.strip():
            problems.append(Problem(po.path, entry.line, severity, "untranslated", "untranslated"))
    return problems


def templates_in(pot_dir: Path) -> dict[str, Path]:
    """The gettext builder's templates by document name (``policy/klage`` → its ``.pot``), theme left out."""
    templates = {p.relative_to(pot_dir).with_suffix("").as_posix(): p for p in sorted(pot_dir.rglob("*.pot"))}
    templates.pop(THEME_TEMPLATE, None)
    return templates


def catalog_path(locale_dir: Path, language: str, docname: str) -> Path:
    """``locale/en/LC_MESSAGES/policy/klage.po`` for ``policy/klage``."""
    return locale_dir / language / "LC_MESSAGES" / f"{docname}.po"


def coverage_problems(
    locale_dir: Path, languages: Iterable[str], templates: dict[str, Path], *, release: bool, root: Path | None = None
) -> list[Problem]:
    """What the current source text has and the catalogs lack.

    A missing catalog is an error (``make update-po`` creates it); text that a
    catalog lacks is a warning, or an error for a release. Paths are shown
    relative to *root* (default: as given).
    """
    severity = "error" if release else "warning"
    problems = []

    def shown(path: Path) -> str:
        return path.relative_to(root).as_posix() if root else path.as_posix()

    for language in languages:
        for docname, pot in sorted(templates.items()):
            po_path = catalog_path(locale_dir, language, docname)
            if not po_path.is_file():
                message = f"missing: {docname}.md has no {language!r} catalog; run 'make update-po'"
                problems.append(Problem(shown(po_path), 0, "error", message, "missing"))
                continue
            try:
                template = read_po_file(pot, f"{docname}.pot")
                po = read_po_file(po_path, shown(po_path))
            except CatalogError:
                continue  # the syntax check reports it
            known = {entry.msgid for entry in po.entries}
            missing = [entry.msgid for entry in template.entries if entry.msgid not in known]
            if missing:
                message = (
                    f"{len(missing)} message(s) of {docname}.md are not in the catalog, first "
                    f'"{_excerpt(missing[0])}"; run \'make update-po\' and translate them'
                )
                problems.append(Problem(po.path, 1, severity, message, "out-of-date"))
    return problems
