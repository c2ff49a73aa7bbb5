"""The one reader of the project's ``.po`` files, and their compilation (pure Babel, plus thin Sphinx glue).

Every consumer reads a catalog here: the translators' catalogs (``make check-po``,
``make update-po``), the extensions' own (``gdpr``, ``vendors``, ``transparency``,
the language switch), the site tooling's (``tools/locale``) and the theme's words
(``locale/<language>/LC_MESSAGES/sphinx.po``). It lives in ``_ext/`` because Sphinx
puts only ``_ext/`` on ``sys.path``; ``tools/`` imports it from there too.

:func:`read_po_file` reads a catalog with Babel's parser, made strict where GNU
``msgfmt --check`` is and Babel is not: every string must be a closed, quoted
string, a msgid may be defined once, and ``#| msgid`` (the previous source text
of a fuzzy entry) is read rather than kept as a comment. A bad file raises
:class:`CatalogError`, whose text is ``path:LINE: message`` with the line of the
fault itself.

:func:`translations` compiles a catalog in memory for ``gettext`` (no ``.mo``
file is committed: ``.gitignore`` has ``*.mo``); :func:`add_extension_catalog`
compiles an extension's catalogs into the build's doctree directory and
registers them with Sphinx (``app.add_message_catalog``), as Sphinx does for
``locale_dirs``. Fuzzy entries are never compiled: a reader never sees an
unreviewed translation.
"""

from __future__ import annotations

import gettext
import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileParser, unescape
from sphinx.errors import ExtensionError

if TYPE_CHECKING:
    from sphinx.application import Sphinx


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


# -- Compiling for Sphinx --------------------------------------------------------------------


def compile_catalogs(locale_dir: Path, domain: str, destination: Path) -> list[Path]:
    """Compile each ``<language>/LC_MESSAGES/<domain>.po`` under *locale_dir* to the same
    path under *destination*, when the ``.mo`` is missing or older. Fuzzy entries are
    left out. Returns the files written.

    Each file is written under a temporary name and renamed, so that two builds
    starting at once never read half a file.
    """
    written = []
    for po_path in sorted(locale_dir.glob(f"*/LC_MESSAGES/{domain}.po")):
        mo_path = destination / po_path.relative_to(locale_dir).with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime_ns >= po_path.stat().st_mtime_ns:
            continue
        try:
            catalog = read_po_file(po_path).catalog
        except CatalogError as error:
            raise ExtensionError(f"cannot read the message catalog {error}") from error
        catalog.domain = domain
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=mo_path.parent, prefix=f".{domain}-", suffix=".mo")
        try:
            with os.fdopen(handle, "wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=False)
            os.replace(temporary, mo_path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        written.append(mo_path)
    return written


def add_extension_catalog(app: Sphinx, domain: str, locale_dir: Path) -> None:
    """Compile *domain*'s catalogs into the doctree directory and register them."""
    destination = Path(app.doctreedir) / "extension-locale"
    compile_catalogs(locale_dir, domain, destination)
    app.add_message_catalog(domain, str(destination))
