"""Check the translators' ``.po`` files: syntax, markup, legal terms, completeness.

``make check-po`` runs ``python tools/check_po.py check locale/en``; ``make stat``
runs ``python tools/check_po.py stat locale/en``. Every problem is printed as
``path.po:LINE: error|warning: message [code]``, where LINE is the line of the
entry's ``msgid``. The checks:

``syntax``
    GNU ``msgfmt --check`` (its own messages already name file and line).
``markup``
    The msgstr has the same MyST roles with the same targets (``{gdpr}`6(1)(a)```),
    the same link and autolink targets, footnotes, substitutions and labels as
    the msgid, and every backtick run is closed. A role that lost its closing
    backtick renders silently as plain text, so only this check catches it.
``block-start``
    The msgstr must not begin like a list item, heading or quote (``1. ``,
    ``- ``, ``# ``, ``> ``): Sphinx parses each msgstr on its own, finds a list
    instead of a paragraph and silently keeps the Danish. Escape it: ``1\\. ``.
``glossary``
    ``locale/glossary.csv`` maps Danish terms to the English terms the GDPR's
    official English text uses. An entry whose msgid uses a Danish term and
    whose msgstr lacks the English one is an error.
``fuzzy``, ``untranslated``
    Warnings, or errors with ``--release`` (``make check-po RELEASE=1``).

Obsolete ``#~`` entries are kept for reuse and not checked.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

# -- Results -------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, located at the line of an entry's msgid."""

    path: str
    line: int
    severity: str  # "error" or "warning"
    message: str
    code: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message} [{self.code}]"


@dataclass(frozen=True)
class Entry:
    """One translatable message of a .po file."""

    msgid: str
    msgstr: str
    line: int
    fuzzy: bool


def read_entries(text: str) -> list[Entry]:
    """The live (not obsolete) entries of a .po file's text, header excluded."""
    catalog = read_po(io.StringIO(text), abort_invalid=False)
    entries = []
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        msgstr = message.string if isinstance(message.string, str) else (message.string or ("",))[0]
        entries.append(Entry(msgid, msgstr or "", message.lineno or 0, message.fuzzy))
    return entries


# -- Markup parity ---------------------------------------------------------------

_ROLE = re.compile(r"\{(?P<name>[A-Za-z][\w:.+-]*)\}(?P<ticks>`+)(?P<content>.*?)(?P=ticks)", re.DOTALL)
_ROLE_START = re.compile(r"\{(?P<name>[A-Za-z][\w:.+-]*)\}(?!`)")
_EXPLICIT_TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
_LINK = re.compile(
    r"(?<!!)\[(?!\^)(?:[^\[\]]|\[[^\[\]]*\])*\]\((?P<target>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+\"[^\"]*\")?\)"
)
_IMAGE = re.compile(r"!\[[^\]]*\]\((?P<target>[^)\s]+)[^)]*\)")
_AUTOLINK = re.compile(r"<(?P<target>(?:[a-z][a-z0-9+.-]*:[^<>\s]+)|(?:[^<>\s@]+@[^<>\s@]+\.[^<>\s]+))>", re.IGNORECASE)
_FOOTNOTE = re.compile(r"\[\^(?P<label>[^\]\s]+)\]")
_SUBSTITUTION = re.compile(r"\{\{\s*(?P<name>[\w.-]+)\s*\}\}")
_LABEL = re.compile(r"\((?P<label>[\w.:-]+)\)=")
_BACKTICKS = re.compile(r"`+")
_BLOCK_START = re.compile(r"^\s{0,3}(?:\d{1,9}[.)](?:\s|$)|[-*+](?:\s|$)|#{1,6}(?:\s|$)|>)")


def role_keys(text: str) -> list[str]:
    """Roles as ``{name}`target```: for ``text <target>`` only the target counts.

    The link text of ``{ref}`Read more <label>``` is translated; the target is not.
    A leading ``~`` or ``!`` only changes how the role displays (as in Sphinx's
    cross-references; ``{gdpr}`~20-21``` leaves out the regulation's name, which
    English puts at the end of a phrase and Danish at the start), so it may differ.
    """
    keys = []
    for match in _ROLE.finditer(text):
        content = match["content"]
        explicit = _EXPLICIT_TARGET.match(content)
        target = explicit["target"] if explicit and explicit["text"] else content
        keys.append(f"{{{match['name']}}}`{target.strip().lstrip('~!')}`")
    return keys


def markup_inventory(text: str) -> dict[str, Counter[str]]:
    """Everything in a message that must survive translation unchanged, by kind."""
    without_roles = _ROLE.sub(" ", text)
    return {
        "role": Counter(role_keys(text)),
        "link": Counter(m["target"] for m in _LINK.finditer(without_roles)),
        "image": Counter(m["target"] for m in _IMAGE.finditer(without_roles)),
        "autolink": Counter(m["target"] for m in _AUTOLINK.finditer(without_roles)),
        "footnote": Counter(m["label"] for m in _FOOTNOTE.finditer(without_roles)),
        "substitution": Counter(m["name"] for m in _SUBSTITUTION.finditer(text)),
        "label": Counter(m["label"] for m in _LABEL.finditer(without_roles)),
    }


def unbalanced_backticks(text: str) -> str | None:
    """Describe the first backtick run that is never closed, or ``None``.

    In CommonMark a code span (and a role's content) opens with a run of N
    backticks and closes at the next run of exactly N.
    """
    runs = [m.group() for m in _BACKTICKS.finditer(text.replace("\\`", ""))]
    index = 0
    while index < len(runs):
        closing = next((j for j in range(index + 1, len(runs)) if runs[j] == runs[index]), None)
        if closing is None:
            return f"a run of {len(runs[index])} backtick(s) is never closed"
        index = closing + 1
    return None


def markup_problems(msgid: str, msgstr: str) -> list[str]:
    """Differences in markup between a source message and its translation."""
    problems = []
    unbalanced = unbalanced_backticks(msgstr)
    if unbalanced and not unbalanced_backticks(msgid):
        problems.append(f"unbalanced backticks in msgstr: {unbalanced}")
    for match in _ROLE_START.finditer(msgstr):
        problems.append(f"role {{{match['name']}}} in msgstr is not followed by its `content`")
    source, translation = markup_inventory(msgid), markup_inventory(msgstr)
    for kind in source:
        missing = source[kind] - translation[kind]
        extra = translation[kind] - source[kind]
        if missing:
            problems.append(f"msgstr lacks the {kind}(s) {_listing(missing)} of the msgid")
        if extra:
            problems.append(f"msgstr has {kind}(s) {_listing(extra)} that the msgid does not have")
    return problems


def block_start_problem(msgid: str, msgstr: str) -> str | None:
    """The msgstr would parse as a list, heading or quote rather than a paragraph."""
    match = _BLOCK_START.match(msgstr)
    if not match:
        return None
    start = match.group().strip()
    escaped = re.sub(r"([.)*+#>-])$", r"\\\1", start) if start[-1:] in ".)*+#>-" else start
    return (
        f"msgstr starts with {start!r}, which MyST reads as a list item, heading or quote, "
        f"so Sphinx would silently keep the source text; escape it as {escaped!r}"
    )


def _listing(counter: Counter[str]) -> str:
    return ", ".join(f"{item!r}" + (f" (x{count})" if count > 1 else "") for item, count in sorted(counter.items()))


# -- Glossary ---------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A Danish term (regex) and the English term (regex) its translation must use."""

    danish: re.Pattern[str]
    english: re.Pattern[str]
    english_label: str
    line: int


class GlossaryError(ValueError):
    """A bad row in the glossary file; the message names file and line."""


def _whole_words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)


def parse_glossary(text: str, path: str = "glossary.csv") -> list[Term]:
    """Read ``danish,english,english_label,note`` rows; the first row is the header.

    ``danish`` and ``english`` are regular expressions matched case-insensitively
    as whole words, so one row covers a term's inflections (``personoplysning(er|erne)?``).
    ``english_label`` is what the error message tells the translator to write.
    """
    terms = []
    reader = csv.DictReader(io.StringIO(text))
    required = {"danish", "english", "english_label"}
    if not required <= set(reader.fieldnames or ()):
        raise GlossaryError(f"{path}:1: the header must name the columns {', '.join(sorted(required))}")
    for row in reader:
        line = reader.line_num
        if not (row.get("danish") or "").strip() and not (row.get("english") or "").strip():
            continue
        try:
            danish = _whole_words(row["danish"].strip())
            english = _whole_words(row["english"].strip())
        except re.error as error:
            raise GlossaryError(f"{path}:{line}: invalid regular expression: {error}") from error
        label = (row.get("english_label") or "").strip()
        if not row["danish"].strip() or not row["english"].strip() or not label:
            raise GlossaryError(f"{path}:{line}: danish, english and english_label must all be filled in")
        terms.append(Term(danish, english, label, line))
    return terms


def glossary_problems(msgid: str, msgstr: str, terms: Iterable[Term]) -> list[str]:
    """Danish terms in the msgid whose required English term is missing from the msgstr."""
    problems = []
    for term in terms:
        found = term.danish.search(msgid)
        if found and not term.english.search(msgstr):
            problems.append(
                f"the msgid says {found.group()!r}, so the msgstr must say {term.english_label!r} "
                f"(glossary line {term.line})"
            )
    return problems


# -- One file, many files -------------------------------------------------------------


def msgfmt_problems(path: Path) -> list[str]:
    """GNU msgfmt's own diagnostics for *path*; empty when the file is valid."""
    try:
        completed = subprocess.run(
            ["msgfmt", "--check", "--output-file=/dev/null", str(path)],
            capture_output=True,
            check=False,
            encoding="utf-8",
        )
    except FileNotFoundError:
        return [f"{path}:1: msgfmt not found: install GNU gettext (Debian: apt install gettext)"]
    if completed.returncode == 0:
        return []
    lines = [line for line in completed.stderr.splitlines() if line.strip() and "found" not in line.split(":")[-1]]
    return lines or [f"{path}:1: msgfmt --check failed with exit code {completed.returncode}"]


def check_entries(path: str, entries: Iterable[Entry], terms: Iterable[Term], *, release: bool) -> list[Problem]:
    """All problems of one file's entries (syntax is checked separately)."""
    terms = list(terms)
    completeness = "error" if release else "warning"
    problems = []
    for entry in entries:

        def report(severity: str, message: str, code: str, entry: Entry = entry) -> None:
            problems.append(Problem(path, entry.line, severity, message, code))

        if entry.fuzzy:
            report(
                completeness,
                "fuzzy: review the translation against the changed msgid, then remove the fuzzy flag",
                "fuzzy",
            )
            continue
        if not entry.msgstr.strip():
            report(completeness, "untranslated", "untranslated")
            continue
        for message in markup_problems(entry.msgid, entry.msgstr):
            report("error", message, "markup")
        if (message := block_start_problem(entry.msgid, entry.msgstr)) is not None:
            report("error", message, "block-start")
        for message in glossary_problems(entry.msgid, entry.msgstr, terms):
            report("error", message, "glossary")
    return problems


def check_file(path: Path, terms: Iterable[Term], *, release: bool) -> list[Problem]:
    """Every problem of one .po file, syntax first; a file with bad syntax stops there."""
    syntax = msgfmt_problems(path)
    if syntax:
        return [_msgfmt_problem(path, line) for line in syntax]
    entries = read_entries(path.read_text(encoding="utf-8"))
    return check_entries(str(path), entries, terms, release=release)


def _msgfmt_problem(path: Path, line: str) -> Problem:
    match = re.match(r"^(?P<path>.+?):(?P<line>\d+):\s*(?P<message>.*)$", line)
    if match:
        return Problem(match["path"], int(match["line"]), "error", match["message"], "syntax")
    return Problem(str(path), 1, "error", line, "syntax")


def po_files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(path.rglob("*.po"))
        else:
            yield path


# -- Statistics ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Stat:
    path: str
    translated: int
    fuzzy: int
    untranslated: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def stat_entries(path: str, entries: Iterable[Entry]) -> Stat:
    entries = list(entries)
    fuzzy = sum(entry.fuzzy for entry in entries)
    untranslated = sum(not entry.fuzzy and not entry.msgstr.strip() for entry in entries)
    return Stat(path, len(entries) - fuzzy - untranslated, fuzzy, untranslated)


def format_stats(stats: list[Stat]) -> str:
    width = max([len(s.path) for s in stats] + [5])
    rows = [f"{'file':<{width}}  {'translated':>10}  {'fuzzy':>5}  {'untranslated':>12}  {'done':>6}"]
    for s in stats:
        rows.append(f"{s.path:<{width}}  {s.translated:>10}  {s.fuzzy:>5}  {s.untranslated:>12}  {s.percent:>5.1f}%")
    total = Stat(
        "total", sum(s.translated for s in stats), sum(s.fuzzy for s in stats), sum(s.untranslated for s in stats)
    )
    rows.append(
        f"{total.path:<{width}}  {total.translated:>10}  {total.fuzzy:>5}  {total.untranslated:>12}  {total.percent:>5.1f}%"
    )
    return "\n".join(rows)


# -- Command line -----------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check .po files; exit 1 on any error")
    check.add_argument("paths", nargs="+", type=Path, help=".po files or directories holding them")
    check.add_argument(
        "--glossary", type=Path, default=Path("locale/glossary.csv"), help="Danish term -> English term (CSV)"
    )
    check.add_argument("--release", action="store_true", help="fuzzy and untranslated entries are errors, not warnings")
    stat = commands.add_parser("stat", help="translated, fuzzy and untranslated entries per file")
    stat.add_argument("paths", nargs="+", type=Path, help=".po files or directories holding them")
    args = parser.parse_args(argv)

    files = list(po_files(args.paths))
    if not files:
        print(f"check-po: error: no .po files in {', '.join(map(str, args.paths))}", file=sys.stderr)
        return 1

    if args.command == "stat":
        print(format_stats([stat_entries(str(f), read_entries(f.read_text(encoding="utf-8"))) for f in files]))
        return 0

    try:
        terms = parse_glossary(args.glossary.read_text(encoding="utf-8"), str(args.glossary))
    except (OSError, GlossaryError) as error:
        print(f"check-po: error: {error}", file=sys.stderr)
        return 1
    problems = sorted(p for f in files for p in check_file(f, terms, release=args.release))
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    print(
        f"check-po: {len(files)} files, {errors} error(s), {warnings} warning(s)"
        + (" (release: fuzzy and untranslated are errors)" if args.release else "")
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
