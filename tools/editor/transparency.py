"""``make transparency``: the checklist of GDPR Articles 13 and 14, for editors and pull requests.

Builds the policy once (Sphinx's ``dummy`` builder: every document read, nothing
written), then computes each element's status with the transparency extension's
own modules (``_ext/transparency``: the element list, the evidence from
``policy/processing.yaml``, the register's parser and the rules; there is no
second parser here). It prints one line per element (article, computed status,
element), then its evidence, part by part (the quote and its section, or why the
part has none), why it applies and the register's note, and writes the same as
Markdown (``_build/transparency.md``) for a pull request's summary.

Exit status: 0, or 1 when the register, the data or the vendors contradict the
text (the same problems fail ``make check``). Gaps do not change the status.

It also offers :func:`gap_change_lines`, the redline summary's lines about the
gaps a change closes or opens.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from io import StringIO
from pathlib import Path

from processing import source_texts
from transparency import build_report
from transparency.elements import Element, elements_by_key, official_text
from transparency.register import parse_register
from transparency.rules import Entry, Report, gap_changes

REGISTER_FILE = "policy/transparency.yaml"
PROCESSING_FILE = "policy/processing.yaml"
EURLEX = "https://eur-lex.europa.eu/eli/reg/2016/679/oj/eng#art_{article}"
STATUS_WORDS = {
    "provided": "provided",
    "partial": "partly provided",
    "gap": "gap",
    "not-applicable": "not applicable",
    "missing": "not recorded",
}


class TransparencyError(Exception):
    """The policy could not be built."""


def build(source: Path, workdir: Path, language: str = "da") -> tuple[Report, str, dict[str, str]]:
    """Read every document of the policy in *source* (a fresh environment): the report, the build's warnings,
    and the file of each labelled section."""
    from sphinx.application import Sphinx

    warnings = StringIO()
    try:
        app = Sphinx(
            str(source), str(source), str(workdir / "out"), str(workdir / "doctrees"), "dummy",
            confoverrides={"language": language}, status=None, warning=warnings, freshenv=True,
        )
        app.build()
    except Exception as error:  # Sphinx raises many kinds; each means the policy did not build
        raise TransparencyError(f"building {source} failed: {error}") from None
    return build_report(app.env), warnings.getvalue(), source_texts(app.env)[1]


# -- The checklist --------------------------------------------------------------------------


def evidence_lines(entry: Entry, sources: dict[str, str] | None = None) -> list[str]:
    """The element's parts, one line each: "given" with the quote and section, or "missing" with the reason."""
    if entry.evidence is None:
        return []
    if entry.element.counterpart:
        return [f"as {entry.element.counterpart}"]
    lines = []
    for part in entry.evidence.parts:
        if part.given and part.fact is not None:
            where = part.fact.section
            if sources and where in sources:
                where += f", {sources[where]}"
            lines.append(f"given: {part.name}: \"{part.fact.quote}\" ({where})")
        elif part.given:
            lines.append(f"given: {part.name} ({', '.join(part.sections)})")
        else:
            lines.append(f"missing: {part.name}: {part.note}")
    return lines


def counts(report: Report) -> str:
    tally: dict[str, int] = {}
    for entry in report.entries:
        tally[entry.status] = tally.get(entry.status, 0) + 1
    parts = [f"{STATUS_WORDS[status]}: {tally[status]}" for status in STATUS_WORDS if tally.get(status)]
    return f"{len(report.entries)} elements: " + ", ".join(parts)


def checklist_lines(report: Report, register_file: str = REGISTER_FILE, sources: dict[str, str] | None = None) -> list[str]:
    """The checklist for a terminal: one line per element, then its evidence, reasons and note indented."""
    lines = [f"Transparency checklist, GDPR Articles 13 and 14, computed from {PROCESSING_FILE} "
             f"and the text ({register_file} for notes): {counts(report)}", ""]
    width = max(len(entry.element.name) for entry in report.entries)
    lines.append(f"{'ARTICLE':<9} {'STATUS':<16} ELEMENT")
    for entry in report.entries:
        lines.append(f"{entry.element.key:<9} {STATUS_WORDS[entry.status]:<16} {entry.element.name:<{width}}".rstrip())
        lines += [f"{'':<9} {line}" for line in evidence_lines(entry, sources)]
        if entry.required and not entry.element.counterpart:
            lines.append(f"{'':<9} applies: {'; '.join(entry.required)}")
        if entry.note:
            lines.append(f"{'':<9} note: {entry.note}")
    if report.gaps:
        lines += ["", f"Gaps and partly provided ({len(report.gaps)}): " + ", ".join(entry.element.key for entry in report.gaps)]
    if report.notices:
        lines += ["", f"Notices ({len(report.notices)}):"]
        lines += [f"  {found.path}:{found.line}:{found.column}: {found.message} [transparency.{found.code}]"
                  for found in report.notices]
    problems = problem_lines(report, register_file)
    if problems:
        lines += ["", f"Problems ({len(problems)}), each fails make check:"]
        lines += [f"  {line}" for line in problems]
    return lines


def problem_lines(report: Report, register_file: str = REGISTER_FILE) -> list[str]:
    lines = [f"{register_file}:{problem.line}:{problem.column}: {problem.message} [transparency.{problem.code}]"
             for problem in report.problems]
    lines += [f"{found.path}:{found.line}{f':{found.column}' if found.column else ''}: {found.message} "
              f"[transparency.{found.code}]" for found in report.elsewhere]
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _article_link(element: Element) -> str:
    title = official_text(element, "en").replace('"', "'")
    return f'[{element.key}]({EURLEX.format(article=element.article)} "{_cell(title)}")'


def markdown(report: Report, register_file: str = REGISTER_FILE) -> str:
    """The checklist as GitHub Markdown, for a pull request's summary."""
    lines = [
        "## Transparency checklist (GDPR Articles 13 and 14)",
        "",
        f"Computed from `{PROCESSING_FILE}` and the text, with the notes of `{register_file}`: {counts(report)}.",
        "",
        "| Element | Article | Status | Evidence |",
        "| --- | --- | --- | --- |",
    ]
    for entry in report.entries:
        status = STATUS_WORDS[entry.status]
        status = f"**{status}**" if entry.is_gap else status
        evidence = "<br>".join(_cell(line) for line in evidence_lines(entry)) or "-"
        lines.append(f"| {_cell(entry.element.name)} | {_article_link(entry.element)} | {status} | {evidence} |")
    if report.gaps:
        lines += ["", "### Gaps and partly provided", ""]
        for entry in report.gaps:
            also = [other.element.key for other in report.entries if other.element.counterpart == entry.element.key]
            keys = ", ".join([entry.element.key, *also])
            missing = "; ".join(f"{part.name}: {part.note}" for part in entry.evidence.missing) if entry.evidence else ""
            lines.append(f"- **{keys}** {entry.element.name} ({STATUS_WORDS[entry.status]}): {_cell(entry.note or missing)}")
    problems = problem_lines(report, register_file)
    if problems:
        lines += ["", "### Problems (these fail `make check`)", ""]
        lines += [f"- `{_cell(line)}`" for line in problems]
    lines += ["", "<details><summary>The elements' official text (English)</summary>", ""]
    lines += [f"- **{entry.element.key}** {official_text(entry.element, 'en')}" for entry in report.entries]
    lines += ["", "</details>", ""]
    return "\n".join(lines)


# -- The redline ----------------------------------------------------------------------------


def gap_change_lines(old_text: str | None, new_text: str | None, *, base_name: str = "the base") -> list[str]:
    """The redline summary's lines: the gaps a change closes or opens, register *old_text* against *new_text*."""
    if new_text is None:
        return []
    if old_text is None:
        return [f"Transparency gaps: not compared: {base_name} has no {REGISTER_FILE}."]
    elements = elements_by_key()
    old, new = parse_register(old_text, elements), parse_register(new_text, elements)
    if old.unreadable or new.unreadable:
        which = base_name if old.unreadable else REGISTER_FILE
        return [f"Transparency gaps: not compared: {which}'s register cannot be read (run make check)."]
    closed, opened = gap_changes(elements, old, new)
    if not closed and not opened:
        return ["Transparency gaps: no change."]
    lines = ["Transparency gaps:"]
    lines += [f"  closed: {change.key} {change.name} ({STATUS_WORDS[change.before]} -> {STATUS_WORDS[change.after]})"
              for change in closed]
    lines += [f"  opened: {change.key} {change.name} ({STATUS_WORDS[change.before]} -> {STATUS_WORDS[change.after]})"
              for change in opened]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.editor.transparency", description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("."), help="the policy's source directory (default: .)")
    parser.add_argument("--builddir", type=Path, default=None, help="work directory (default: <source>/_build/transparency)")
    parser.add_argument("--markdown", type=Path, default=None, help="Markdown output (default: <source>/_build/transparency.md)")
    args = parser.parse_args(argv)
    source = args.source.resolve()
    workdir = (args.builddir or source / "_build" / "transparency").resolve()
    try:
        report, warnings, sources = build(source, workdir)
    except TransparencyError as error:
        print(f"transparency: {error}", file=sys.stderr)
        return 1
    from sphinx.util.console import strip_colors

    # The register's own warnings are listed under "Problems" below; anything else the build said goes first.
    for line in strip_colors(warnings).splitlines():
        if ("WARNING" in line or "ERROR" in line) and "[transparency." not in line and "[processing." not in line:
            print(line, file=sys.stderr)
    print("\n".join(checklist_lines(report, sources=sources)))
    target = (args.markdown or source / "_build" / "transparency.md").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(markdown(report), encoding="utf-8")
    print(f"\nMarkdown for the pull request: {target}")
    return 1 if report.problems or report.elsewhere else 0


if __name__ == "__main__":
    sys.exit(main())
