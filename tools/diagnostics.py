"""The one line format of every check, and its summary: pure functions, no Sphinx.

Every checker that ``make check`` runs (the ledger, the ``.po`` files, the
languages, Sphinx's strict builds, the new versions' builds) prints its problems
as compilers and linters do (GCC, ruff, mypy)::

    path:line[:col]: error|warning|notice: message [code]

one problem per line, each printed once, then one summary line with the counts.
The line is left out when a problem concerns a file as a whole (a missing file);
a line number is never made up.

- :class:`Diagnostic` is one problem; ``str(diagnostic)`` is its line.
- :func:`sphinx_diagnostics` maps Sphinx's warning output
  (``/abs/src/policy/klage.md:6: WARNING: message [gdpr.ref]``) to diagnostics
  with paths relative to the source tree.
- :func:`exception_location` finds the ``file:line`` inside a source tree that an
  exception came from (a ``conf.py`` that raises), so no traceback is shown.
- :class:`Report` collects diagnostics from several checkers, drops repeats,
  prints them and the summary, and gives the exit status.

Usage::

    report = Report("check")
    report.add(Diagnostic("policy/versions.yaml", 12, 5, "error", "date '2026-02-30' ...", "ledger.date"))
    report.extend(sphinx_diagnostics(stderr_text, srcdir))
    return report.finish()  # prints every line, then "check: 1 error, 0 warnings, 0 notices"; returns 1
"""

from __future__ import annotations

import os
import re
import sys
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

#: The severities, most serious first. Only errors make a check fail.
SEVERITIES = ("error", "warning", "notice")
#: The path of a problem with no file of its own (a PDF that cannot be written): the tree as a whole.
WHOLE_TREE = "."


@dataclass(frozen=True)
class Diagnostic:
    """One problem at ``path:line:column`` (line 0: the file as a whole; column 0: the whole line)."""

    path: str
    line: int = 0
    column: int = 0
    severity: str = "error"
    message: str = ""
    code: str = ""

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity {self.severity!r} is not one of {', '.join(SEVERITIES)}")

    @property
    def location(self) -> str:
        """``path``, ``path:line`` or ``path:line:column``."""
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.column}" if self.column else f"{self.path}:{self.line}"

    def __str__(self) -> str:
        """``path:line[:col]: severity: message [code]``, on one line."""
        message = " ".join(self.message.split())
        code = f" [{self.code}]" if self.code else ""
        return f"{self.location}: {self.severity}: {message}{code}"

    def prefixed(self, location: str, context: str) -> Diagnostic:
        """This problem reported at *location* (``path:line``) with *context* before its own location.

        A version's build problem is reported at its ledger line:
        ``policy/versions.yaml:12: error: version 2026-12-01 (commit abc1234): policy/klage.md:6: … [gdpr.ref]``.
        """
        path, line, column = split_location(location)
        inner = f"{self.location}: " if self.path not in ("", WHOLE_TREE) else ""
        return replace(self, path=path, line=line, column=column, message=f"{context}: {inner}{self.message}")


def split_location(location: str) -> tuple[str, int, int]:
    """``("path", line, column)`` of ``path[:line[:column]]`` (0 for a part that is not there)."""
    parts = location.split(":")
    numbers: list[int] = []
    while len(parts) > 1 and parts[-1].isdigit() and len(numbers) < 2:
        numbers.insert(0, int(parts.pop()))
    line, column = (numbers + [0, 0])[:2]
    return ":".join(parts), line, column


#: A line as :meth:`Diagnostic.__str__` prints it.
_LINE = re.compile(
    r"^(?P<location>.+?): (?P<severity>error|warning|notice): (?P<message>.*?)(?: \[(?P<code>[\w.-]+)\])?$"
)


def parse(line: str) -> Diagnostic | None:
    """The :class:`Diagnostic` a line in this format stands for (what a checker run as a subprocess
    printed), or ``None`` if the line is not in the format."""
    match = _LINE.match(line.strip())
    if match is None:
        return None
    path, number, column = split_location(match["location"])
    return Diagnostic(path, number, column, match["severity"], match["message"], match["code"] or "")


# -- Sphinx's warnings ---------------------------------------------------------------

#: ``[location: ]LEVEL: message[ [type.subtype]]``, as Sphinx's warning stream prints it.
_SPHINX_LINE = re.compile(
    r"^(?:\((?P<language>[\w-]+)\) )?(?:(?P<location>.+?): )?(?P<level>WARNING|ERROR|CRITICAL|SEVERE): "
    r"(?P<message>.*?)(?: \[(?P<code>[\w.-]+)\])?$"
)
#: docutils' own system messages: ``path:12: (ERROR/3) message``.
_DOCUTILS_LINE = re.compile(r"^(?P<location>.+?): \((?P<level>INFO|WARNING|ERROR|SEVERE)/\d\) (?P<message>.*)$")


#: The location Sphinx gives a problem inside a translated message.
_TRANSLATED_LOCATION = re.compile(r"^(?P<source>.*?):(?P<line>\d+):<translated>(?::\d+)*$")


def sphinx_diagnostics(text: str, srcdir: Path | str | None = None, *, severity: str = "error",
                       default_path: str = "conf.py") -> list[Diagnostic]:
    """Sphinx's warning output *text* as diagnostics, paths relative to *srcdir*.

    A strict build (``-W``) fails on every warning, so warnings become *severity*
    (``error`` by default). A line that is not a warning continues the one before
    it (Sphinx's multi-line messages) and is joined to it. A warning without a
    location is reported at *default_path*, the file that configures the build.
    The code is Sphinx's ``type.subtype`` (``show_warning_types``), or ``sphinx``.
    """
    prefixes = _prefixes(srcdir)
    found: list[Diagnostic] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        match = _SPHINX_LINE.match(line) or _DOCUTILS_LINE.match(line)
        if match is None:
            if found:
                last = found[-1]
                found[-1] = replace(last, message=f"{last.message} {line.strip()}")
            else:
                found.append(Diagnostic(default_path, severity=severity, message=line.strip(), code="sphinx"))
            continue
        groups = match.groupdict()
        location = _relative(groups.get("location") or "", prefixes)
        message = groups["message"].strip()
        if translated := _TRANSLATED_LOCATION.match(location):
            # Sphinx parses a translated message as a document of its own, "<file>:<line>:<translated>:<n>":
            # the problem is in the translation of the source text at <file>:<line>.
            location, message = f"{translated['source']}:{translated['line']}", f"in the translation: {message}"
        path, line_number, column = split_location(location) if location else (default_path, 0, 0)
        found.append(Diagnostic(path or default_path, line_number, column, severity, message,
                                groups.get("code") or "sphinx"))
    return found


def sphinx_notices(text: str, srcdir: Path | str | None = None, *, code: str = "sphinx.notice") -> list[Diagnostic]:
    """The notices in Sphinx's status output *text* (an extension's ``logger.info("notice: …", location=…)``).

    Other status lines (progress) are not problems and are left out. A notice
    without a ``[code]`` gets *code*.
    """
    prefixes = _prefixes(srcdir)
    found = []
    for line in text.splitlines():
        # Sphinx may print a notice after a progress message on the same line ("checking consistency... /src/x").
        starts = [line.find(prefix) for prefix in prefixes if prefix in line]
        diagnostic = parse(line[min(starts):] if starts else line)
        if diagnostic is not None and diagnostic.severity == "notice":
            path, number, column = split_location(_relative(diagnostic.location, prefixes))
            found.append(replace(diagnostic, path=path, line=number, column=column, code=diagnostic.code or code))
    return found


def _prefixes(srcdir: Path | str | None) -> tuple[str, ...]:
    if srcdir is None:
        return ()
    names = {str(srcdir), str(Path(srcdir).resolve())}
    return tuple(sorted((name.rstrip(os.sep) + os.sep for name in names), key=len, reverse=True))


def _relative(location: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if location.startswith(prefix):
            return location[len(prefix):]
    return location


# -- exceptions ----------------------------------------------------------------------


def exception_location(error: BaseException, root: Path | str) -> tuple[str, int] | None:
    """``(path relative to root, line)`` of the innermost frame of *error* in a file under *root*.

    Follows ``__cause__`` and ``__context__`` (Sphinx wraps a failing ``conf.py``
    in a ``ConfigError``). ``None`` when no frame is under *root*.
    """
    root_path = Path(root).resolve()
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = traceback.extract_tb(current.__traceback__)
        if isinstance(current, SyntaxError) and current.filename and current.lineno:
            frames.append(traceback.FrameSummary(current.filename, current.lineno, "<module>"))
        for frame in reversed(frames):
            try:
                relative = Path(frame.filename).resolve().relative_to(root_path)
            except ValueError:
                continue
            return relative.as_posix(), frame.lineno or 0
        current = current.__cause__ or current.__context__
    return None


def exception_message(error: BaseException) -> str:
    """The innermost cause of *error* as one line, ``TypeError: message``, without a traceback."""
    seen: set[int] = set()
    while id(error) not in seen and (error.__cause__ or error.__context__) is not None:
        seen.add(id(error))
        error = error.__cause__ or error.__context__  # type: ignore[assignment]
    # A SyntaxError's text ends with its file's full path (a temporary checkout's): its line is reported apart.
    text = (error.msg if isinstance(error, SyntaxError) and error.msg else str(error)).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


def exception_diagnostic(error: BaseException, root: Path | str, context: str, *, default_path: str = "conf.py",
                         code: str = "sphinx.config") -> Diagnostic:
    """*error* (raised while *context*, e.g. "sphinx-build -b html (language da) failed") as one line.

    It is reported where it arose inside *root* (a ``conf.py`` or extension that
    raises: ``conf.py:12``), with the innermost cause's message; otherwise at
    *default_path* (the file that sets up the build) with the error's own first line
    (an extension that cannot be imported). Never a traceback.
    """
    location = exception_location(error, root)
    if location is not None:
        return Diagnostic(location[0], location[1], 0, "error", f"{context}: {exception_message(error)}", code)
    first = (str(error).strip().splitlines() or [""])[0]
    return Diagnostic(default_path, 0, 0, "error", f"{context}: {type(error).__name__}: {first}", code)


# -- the report ------------------------------------------------------------------------


def counts(diagnostics: Iterable[Diagnostic]) -> dict[str, int]:
    """How many diagnostics of each severity, every severity present."""
    found = dict.fromkeys(SEVERITIES, 0)
    for diagnostic in diagnostics:
        found[diagnostic.severity] += 1
    return found


def summary(tool: str, diagnostics: Iterable[Diagnostic], *, checked: str = "") -> str:
    """``check: 2 errors, 1 warning, 0 notices`` (*checked*: what was checked, after a semicolon)."""
    parts = []
    for severity, number in counts(diagnostics).items():
        parts.append(f"{number} {severity}{'' if number == 1 else 's'}")
    return f"{tool}: {', '.join(parts)}" + (f"; {checked}" if checked else "")


class Report:
    """Diagnostics from several checkers, each once, in the order first found."""

    def __init__(self, tool: str) -> None:
        self.tool = tool
        self._seen: dict[str, Diagnostic] = {}

    def add(self, diagnostic: Diagnostic) -> bool:
        """Add *diagnostic* unless the same line is already there; True if it was new."""
        line = str(diagnostic)
        if line in self._seen:
            return False
        self._seen[line] = diagnostic
        return True

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            self.add(diagnostic)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self._seen.values())

    def __len__(self) -> int:
        return len(self._seen)

    @property
    def errors(self) -> int:
        return counts(self)["error"]

    def finish(self, stream: TextIO | None = None, *, checked: str = "") -> int:
        """Print every diagnostic and the summary line to *stream* (stderr); 1 if any is an error, else 0."""
        stream = stream or sys.stderr
        for diagnostic in self:
            print(diagnostic, file=stream)
        print(summary(self.tool, self, checked=checked), file=stream)
        return 1 if self.errors else 0
