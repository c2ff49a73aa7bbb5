"""Check the translators' ``.po`` files: syntax, markup, legal terms, completeness; count them.

``make check-po`` runs ``python -m tools.i18n.check check --pot-dir _build/gettext
locale/en``; ``make stat`` runs ``python -m tools.i18n.check stat locale/en``.
Every problem is printed as ``path.po:LINE: error|warning: message [code]``.
Problems with an entry as a whole (fuzzy, untranslated) name its msgid's line;
problems with a translation name its msgstr's line. The checks:

``syntax``
    The file must be a valid catalog (:mod:`tools.i18n.catalogs`, Babel's reader
    made as strict as GNU ``msgfmt --check``). A file with bad syntax stops there.
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
    ``locale/glossary.csv`` maps Danish terms to the terms each target language
    must use (the GDPR's official wording): a column per language. An entry whose
    msgid uses a Danish term and whose msgstr lacks that language's term is an error.
    A row with a ``context`` is an exception to the row with the same Danish term:
    where the msgid says the context, that row's term is required instead.
``fuzzy``, ``untranslated``
    Warnings, or errors with ``--release`` (``make check-po RELEASE=1``).
``missing``, ``out-of-date``
    With ``--pot-dir`` (the gettext builder's templates): a source file without a
    catalog in a language is an error; text that a catalog lacks is a warning, or an
    error with ``--release``. ``make update-po`` fixes both. With ``--languages``
    (every site language), the same for the code's catalogs (extensions, templates,
    site tooling), and a missing GDPR text in a language is an error
    (:mod:`tools.i18n.language_files`): one line per missing file, naming it.

Obsolete ``#~`` entries are kept for reuse and not checked.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from myst_reading import ROLE_NAME, blocks, first_block, inline_tokens
from po_catalogs import CatalogError, Entry, PoFile, read_po_file
from tools.i18n.catalogs import THEME_TEMPLATE, Problem, coverage_problems, entry_problems, po_files, templates_in
from tools.i18n.language_files import existing_code_catalogs, language_problems

# -- Markup parity ---------------------------------------------------------------

# "{name}" as MyST writes a role, not followed by the backtick that opens its content.
_ROLE_START = re.compile(ROLE_NAME + "(?!`)")
_EXPLICIT_TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
_BACKTICKS = re.compile(r"`+")
#: MyST's syntax extensions the check reads besides the project's: a translator may not
#: drop a ``{{ substitution }}`` even where the build leaves it as typed.
_EXTENSIONS = ("substitution",)


def role_key(name: str, content: str) -> str:
    """A role as ``{name}`target```: for ``text <target>`` only the target counts.

    The link text of ``{ref}`Read more <label>``` is translated; the target is not.
    A leading ``~`` or ``!`` only changes how the role displays (as in Sphinx's
    cross-references; ``{gdpr}`~20-21``` leaves out the regulation's name, which
    English puts at the end of a phrase and Danish at the start), so it may differ.
    """
    explicit = _EXPLICIT_TARGET.match(content)
    target = explicit["target"] if explicit and explicit["text"] else content
    return f"{{{name}}}`{target.strip().lstrip('~!')}`"


def markup_inventory(text: str) -> dict[str, Counter[str]]:
    """Everything in a message that must survive translation unchanged, by kind, as MyST reads it
    (:mod:`myst_reading`): roles, link and image targets, autolinks, footnotes, substitutions, labels."""
    found: dict[str, Counter[str]] = {kind: Counter() for kind in
                                      ("role", "link", "image", "autolink", "footnote", "substitution", "label")}
    autolink = False
    for token, _line in inline_tokens(text, extensions=_EXTENSIONS):
        if token.type == "myst_role":
            found["role"][role_key(token.meta.get("name", ""), token.content)] += 1
        elif token.type == "link_open" and token.markup == "autolink":
            autolink = True
        elif token.type == "text" and autolink:
            found["autolink"][token.content] += 1
            autolink = False
        elif token.type == "link_open":
            found["link"][str(token.attrs.get("href", ""))] += 1
        elif token.type == "image":
            found["image"][str(token.attrs.get("src", ""))] += 1
        elif token.type == "footnote_ref":
            found["footnote"][token.meta["label"]] += 1
        elif token.type == "substitution_inline":
            found["substitution"][token.content.strip()] += 1
    for token in blocks(text):
        if token.type == "myst_target":
            found["label"][token.content] += 1
    return found


def unclosed_backtick(text: str) -> tuple[int, str] | None:
    """The offset of the first backtick run that is never closed, and what to tell the translator.

    In CommonMark a code span (and a role's content) opens with a run of N
    backticks and closes at the next run of exactly N; an escaped backtick does not count.
    """
    runs = list(_BACKTICKS.finditer(text.replace("\\`", "  ")))
    index = 0
    while index < len(runs):
        run = runs[index].group()
        closing = next((j for j in range(index + 1, len(runs)) if runs[j].group() == run), None)
        if closing is None:
            start = runs[index].start()
            before = text[max(0, text.rfind(" ", 0, max(start - 1, 0)) + 1) : start + len(run)]
            after = text[start + len(run) : start + len(run) + 25]
            return start, (
                f"the {'backtick' if len(run) == 1 else f'run of {len(run)} backticks'} in {before + after!r} "
                "is never closed, so what follows prints as plain text"
            )
        index = closing + 1
    return None


def markup_problems(msgid: str, msgstr: str) -> list[str]:
    """Differences in markup between a source message and its translation.

    An unclosed backtick in the msgstr is the only problem reported for it: the
    roles and code spans after it cannot be read.
    """
    unclosed = unclosed_backtick(msgstr)
    if unclosed is not None and unclosed_backtick(msgid) is None:
        return [f"unbalanced backticks in msgstr: {unclosed[1]}"]
    problems = []
    for token, _line in inline_tokens(msgstr, extensions=_EXTENSIONS):
        if token.type == "text":
            problems += [f"role {{{match['name']}}} in msgstr is not followed by its `content`"
                         for match in _ROLE_START.finditer(token.content)]
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
    found = first_block(msgstr)
    if found is None:
        return None
    kind, start = found
    escaped = "\\".join((start[:-1], start[-1])) if start[-1:] in ".)*+#>-" else start
    return (
        f"msgstr starts with {start!r}, which MyST reads as a {kind}, "
        f"so Sphinx would silently keep the source text; escape it as {escaped!r}"
    )


def _listing(counter: Counter[str]) -> str:
    return ", ".join(f"{item!r}" + (f" (x{count})" if count > 1 else "") for item, count in sorted(counter.items()))


# -- Glossary ---------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A Danish term (regex) and the term (regex) its translation into one language must use.

    With a *context* (regex) the term is an exception: it applies where the msgid
    says the context, and the Danish term's general row does not apply there.
    """

    danish: re.Pattern[str]
    target: re.Pattern[str]
    label: str
    line: int
    context: re.Pattern[str] | None = None


class GlossaryError(ValueError):
    """A bad row or header in the glossary file; the message names file and line."""


@dataclass(frozen=True)
class Glossary:
    """The glossary's terms, by target language."""

    languages: tuple[str, ...]
    by_language: dict[str, tuple[Term, ...]]

    def terms(self, language: str) -> tuple[Term, ...]:
        """The terms for *language* (``en_GB`` falls back to ``en``); none for a language without a column."""
        return self.by_language.get(language) or self.by_language.get(language.split("_")[0], ())


_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:_[A-Z]{2})?")


def _whole_words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)


def parse_glossary(text: str, path: str = "glossary.csv") -> Glossary:
    """Read the glossary: ``danish``, then ``<language>`` and ``<language>_label`` for each
    target language, then ``note``; the first row is the header.

    ``danish``, ``context`` and each ``<language>`` cell are regular expressions
    matched case-insensitively as whole words, so one row covers a term's inflections
    (``personoplysning(er|erne)?``). ``<language>_label`` is what the error tells the
    translator to write. A row may leave a language's two cells empty: that
    language then has no requirement for the term. A row with a ``context`` must
    repeat the ``danish`` cell of a row without one: it is that term's exception
    where the msgid says the context (``listen over modtagere``: a mailing list).
    """
    reader = csv.DictReader(io.StringIO(text))
    columns = list(reader.fieldnames or ())
    languages = tuple(c for c in columns if c not in ("danish", "context", "note") and not c.endswith("_label"))
    unpaired = [c for c in languages if not _LANGUAGE_CODE.fullmatch(c)]
    unpaired += [c for c in columns if c.endswith("_label") and c.removesuffix("_label") not in languages]
    unpaired += [f"{language}_label" for language in languages if f"{language}_label" not in columns]
    if "danish" not in columns or not languages or unpaired:
        raise GlossaryError(
            f"{path}:1: the header must be danish, optionally context, then <language>,<language>_label for each "
            f"target language, then note (e.g. danish,context,en,en_label,note)"
            + (f"; not a language code or unpaired: {', '.join(sorted(unpaired))}" if unpaired else "")
        )
    by_language: dict[str, list[Term]] = {language: [] for language in languages}
    general_terms: set[str] = set()
    exceptions: list[tuple[int, str]] = []
    for row in reader:
        line = reader.line_num
        cells = {column: (row.get(column) or "").strip() for column in columns}
        if not any(cells[c] for c in columns if c != "note"):
            continue
        if not cells["danish"]:
            raise GlossaryError(f"{path}:{line}: the danish cell is empty")
        if cells.get("context"):
            exceptions.append((line, cells["danish"]))
        else:
            general_terms.add(cells["danish"])
        for language in languages:
            target, label = cells[language], cells[f"{language}_label"]
            if not target and not label:
                continue
            if not target or not label:
                raise GlossaryError(f"{path}:{line}: {language} and {language}_label must both be filled in, or neither")
            try:
                context = _whole_words(cells["context"]) if cells.get("context") else None
                term = Term(_whole_words(cells["danish"]), _whole_words(target), label, line, context)
            except re.error as error:
                raise GlossaryError(f"{path}:{line}: invalid regular expression: {error}") from error
            by_language[language].append(term)
    for line, danish in exceptions:
        if danish not in general_terms:
            raise GlossaryError(
                f"{path}:{line}: a row with a context is an exception to a term: its danish cell {danish!r} "
                "must be the danish cell of a row without a context"
            )
    return Glossary(languages, {language: tuple(terms) for language, terms in by_language.items()})


def glossary_problems(msgid: str, msgstr: str, terms: Iterable[Term]) -> list[str]:
    """Danish terms in the msgid whose required term is missing from the msgstr.

    An exception's context covers the occurrences of its term inside it; the term's
    general row applies to the occurrences outside every such context.
    """
    terms = tuple(terms)
    problems = []
    for term in terms:
        if term.context is not None:
            found = term.context.search(msgid)
        else:
            covered = [
                match.span()
                for exception in terms
                if exception.context is not None and exception.danish.pattern == term.danish.pattern
                for match in exception.context.finditer(msgid)
            ]
            found = next(
                (
                    match
                    for match in term.danish.finditer(msgid)
                    if not any(start <= match.start() and match.end() <= end for start, end in covered)
                ),
                None,
            )
        if found and not term.target.search(msgstr):
            problems.append(
                f"the msgid says {found.group()!r}, so the msgstr must say {term.label!r} (glossary line {term.line})"
            )
    return problems


# -- One file, many files -------------------------------------------------------------


def check_entries(po: PoFile, terms: Iterable[Term], *, release: bool) -> list[Problem]:
    """All problems of one file's entries: completeness at the msgid, translation problems at the msgstr."""
    terms = tuple(terms)
    problems = entry_problems(po, release=release)
    for entry in po.entries:
        if entry.fuzzy or not entry.msgstr.strip():  # reported as unfinished above
            continue

        def report(message: str, code: str, line: int | None = None, entry: Entry = entry) -> None:
            problems.append(Problem(po.path, line or entry.msgstr_line or entry.line, "error", message, code))

        unclosed = unclosed_backtick(entry.msgstr)
        if unclosed is not None and unclosed_backtick(entry.msgid) is None:
            # One clear line: the roles and code after it are unreadable, so nothing else is reported.
            offset, description = unclosed
            report(f"unbalanced backticks in msgstr: {description}", "markup", entry.msgstr_line_at(offset))
            continue
        for message in markup_problems(entry.msgid, entry.msgstr):
            report(message, "markup")
        if (message := block_start_problem(entry.msgid, entry.msgstr)) is not None:
            report(message, "block-start")
        for message in glossary_problems(entry.msgid, entry.msgstr, terms):
            report(message, "glossary")
    return problems


def check_file(path: Path, glossary: Glossary | None, *, release: bool) -> tuple[list[Problem], str]:
    """Every problem of one .po file, syntax first (a file with bad syntax stops there), and its language."""
    try:
        po = read_po_file(path)
    except CatalogError as error:
        return [Problem(error.path, error.line, "error", error.message, "syntax")], ""
    terms = glossary.terms(po.language) if glossary else ()
    return check_entries(po, terms, release=release), po.language


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


def _check(args: argparse.Namespace) -> int:
    files = list(po_files(args.paths))
    if args.languages:
        # The theme's catalog holds the templates' English words: checked with the code's catalogs.
        files = [path for path in files if path.stem != THEME_TEMPLATE or path.parent.name != "LC_MESSAGES"]
    if not files and args.pot_dir is None:
        print(f"check-po: error: no .po files in {', '.join(map(str, args.paths))}", file=sys.stderr)
        return 1
    try:
        glossary = parse_glossary(args.glossary.read_text(encoding="utf-8"), str(args.glossary))
    except (OSError, GlossaryError) as error:
        print(f"check-po: error: {error}", file=sys.stderr)
        return 1
    problems, languages = [], set()
    for path in files:
        found, language = check_file(path, glossary, release=args.release)
        problems += found
        languages.add(language)
    if args.pot_dir is not None:
        templates = templates_in(args.pot_dir)
        if not templates:
            print(f"check-po: error: no .pot files in {args.pot_dir}: run 'make gettext' first", file=sys.stderr)
            return 1
        for directory in (path for path in args.paths if path.suffix != ".po"):
            problems += coverage_problems(directory.parent, [directory.name], templates, release=args.release)
            languages.add(directory.name)
    code_catalogs = []
    if args.languages:
        problems += [
            Problem(d.path, d.line, d.severity, d.message, d.code)
            for d in language_problems(args.languages, release=args.release)
        ]
        code_catalogs = existing_code_catalogs(args.languages)
    for language in sorted(languages - {""}):
        if not glossary.terms(language):
            problems.append(
                Problem(str(args.glossary), 1, "notice", f"no {language!r} column: {language} is not checked "
                        "against the glossary", "glossary")
            )
    problems.sort()
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    print(
        f"check-po: {len(files) + len(code_catalogs)} files, {errors} error(s), {warnings} warning(s)"
        + (" (release: fuzzy, untranslated and out-of-date are errors)" if args.release else "")
    )
    return 1 if errors else 0


def _stat(args: argparse.Namespace) -> int:
    stats, status = [], 0
    for path in po_files(args.paths):
        try:
            stats.append(stat_entries(str(path), read_po_file(path).entries))
        except CatalogError as error:
            print(f"{error}: error: not counted [syntax]", file=sys.stderr)
            status = 1
    if not stats:
        print(f"stat: error: no .po files in {', '.join(map(str, args.paths))}", file=sys.stderr)
        return 1
    print(format_stats(stats))
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.i18n.check", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check .po files; exit 1 on any error")
    check.add_argument("paths", nargs="+", type=Path, help="locale/<language> directories, or .po files")
    check.add_argument(
        "--glossary", type=Path, default=Path("locale/glossary.csv"), help="Danish term -> term per language (CSV)"
    )
    check.add_argument("--release", action="store_true", help="fuzzy, untranslated, out-of-date entries are errors")
    check.add_argument(
        "--pot-dir", type=Path, help="the gettext builder's .pot files: also report missing and out-of-date catalogs"
    )
    check.add_argument(
        "--languages", nargs="+", metavar="LANGUAGE",
        help="every site language: also check the code's catalogs and the GDPR texts they need",
    )
    stat = commands.add_parser("stat", help="translated, fuzzy and untranslated entries per file")
    stat.add_argument("paths", nargs="+", type=Path, help=".po files or directories holding them")
    args = parser.parse_args(argv)
    return _check(args) if args.command == "check" else _stat(args)


if __name__ == "__main__":
    sys.exit(main())
