"""The one reader of the project's ``.po`` files (pure: Babel, no Sphinx).

Every consumer reads a catalog here: the translators' catalogs (``make check-po``,
``make update-po``), the extensions' own (``gdpr``, ``vendors``, ``transparency``,
the language switch; compiled by :mod:`message_catalogs`), the site tooling's
(``tools/locale``) and the theme's words (``locale/<language>/LC_MESSAGES/sphinx.po``).
It lives in ``_ext/`` because Sphinx puts only ``_ext/`` on ``sys.path``; ``tools/``
imports it from there too. No extension is named like it: a dated version's
build imports the tools first, and must still load its own extensions.

:func:`read_po_file` reads a catalog with Babel's parser, made strict where GNU
``msgfmt --check`` is and Babel is not: every string must be a closed, quoted
string, a msgid may be defined once, and ``#| msgid`` (the previous source text
of a fuzzy entry) is read rather than kept as a comment. A bad file raises
:class:`CatalogError`, whose text is ``path:LINE: message`` with the line of the
fault itself.

:func:`translations` compiles a catalog in memory for ``gettext`` (no ``.mo``
file is committed: ``.gitignore`` has ``*.mo``). Fuzzy entries are never
compiled: a reader never sees an unreviewed translation.
"""

from __future__ import annotations

import gettext
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileParser, unescape

# -- Reading ---------------------------------------------------------------------------------


class CatalogError(ValueError):
    """A ``.po`` file that cannot be read; the text names the file and the line."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")
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
                self.path, self.offset + 1, f"duplicate msgid {excerpt(msgid)!r}, first defined on line "
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
        raise CatalogError(display, 0, f"cannot be read: {error.strerror or error}") from error
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CatalogError(display, line, "not UTF-8: save the file as UTF-8") from error
    return parse_po(text, display)


def excerpt(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"



def translations(path: Path, domain: str | None = None) -> gettext.NullTranslations:
    """*path* compiled for :mod:`gettext`, fuzzy entries left out; the identity if there is no file.

    A missing catalog is reported by ``make check`` (``tools/i18n/language_files.py``),
    not here: a build in the msgids' own language (English) needs none.
    """
    if not path.is_file():
        return gettext.NullTranslations()
    catalog = read_po_file(path).catalog
    catalog.domain = domain
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)
