"""``make transparency``: the checklist of GDPR Articles 13 and 14, for editors and pull requests.

Builds the policy once (Sphinx's ``dummy`` builder: every document read, nothing
written), then holds ``policy/transparency.yaml`` against what the build found
with the transparency extension's own modules (``_ext/transparency``: the
element list, the register's parser and the rules; there is no second parser
here). It prints one line per element (article, status, element, where) with
what the build derived and each note, and writes the same as Markdown
(``_build/transparency.md``) for a pull request's summary.

Exit status: 0, or 1 when the register has a problem or contradicts the text
(the same problems fail ``make check``). Gaps do not change the status.

It also offers :func:`gap_change_lines`, the redline summary's lines about the
gaps a change closes or opens.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from io import StringIO
from pathlib import Path

from transparency import build_report
from transparency.elements import Element, elements_by_key, official_text
from transparency.register import parse_register
from transparency.rules import Entry, Report, gap_changes

REGISTER_FILE = "policy/transparency.yaml"
EURLEX = "https://eur-lex.europa.eu/eli/reg/2016/679/oj/eng#art_{article}"
STATUS_WORDS = {
    "provided": "provided",
    "partial": "partly provided",
    "gap": "gap",
    "not-applicable": "not applicable",
    "missing": "missing from the register",
}


class TransparencyError(Exception):
    """The policy could not be built."""


def build(source: Path, workdir: Path, language: str = "da") -> tuple[Report, str]:
    """Read every document of the policy in *source* (a fresh environment) and return the report and the build's warnings."""
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
    return build_report(app.env), warnings.getvalue()


# -- The checklist --------------------------------------------------------------------------


def where_text(entry: Entry, *, with_lines: bool) -> str:
    if entry.same_as:
        return f"as {entry.same_as}"
    places = [
        f"{section.label} ({section.location})" if with_lines else f"{section.title} ({section.label})"
        for section in entry.places
    ]
    return "; ".join(places) if places else "-"


def counts(report: Report) -> str:
    tally: dict[str, int] = {}
    for entry in report.entries:
        tally[entry.status] = tally.get(entry.status, 0) + 1
    parts = [f"{STATUS_WORDS[status]}: {tally[status]}" for status in STATUS_WORDS if tally.get(status)]
    return f"{len(report.entries)} elements: " + ", ".join(parts)


def checklist_lines(report: Report, register_file: str = REGISTER_FILE) -> list[str]:
    """The checklist for a terminal: one line per element, then its notes and findings indented."""
    lines = [f"Transparency checklist, GDPR Articles 13 and 14 ({register_file}): {counts(report)}", ""]
    width = max(len(entry.element.name) for entry in report.entries)
    lines.append(f"{'ARTICLE':<9} {'STATUS':<16} {'ELEMENT':<{width}} WHERE")
    for entry in report.entries:
        status = STATUS_WORDS[entry.status]
        lines.append(f"{entry.element.key:<9} {status:<16} {entry.element.name:<{width}} {where_text(entry, with_lines=True)}")
        if entry.note and not entry.same_as:
            lines.append(f"{'':<9} note: {entry.note}")
        lines += [f"{'':<9} build: {line}" for line in entry.derived if not entry.same_as]
    if report.gaps:
        lines += ["", f"Gaps and partly provided ({len(report.gaps)}): " + ", ".join(entry.element.key for entry in report.gaps)]
    if report.problems:
        lines += ["", f"Problems ({len(report.problems)}), each fails make check:"]
        lines += [f"  {register_file}:{problem.line}:{problem.column}: {problem.message} [transparency.{problem.code}]"
                  for problem in report.problems]
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
        f"From `{register_file}`, checked against the built policy: {counts(report)}.",
        "",
        "| Element | Article | Status | Where |",
        "| --- | --- | --- | --- |",
    ]
    for entry in report.entries:
        status = STATUS_WORDS[entry.status]
        status = f"**{status}**" if entry.is_gap else status
        lines.append(f"| {_cell(entry.element.name)} | {_article_link(entry.element)} | {status} | "
                     f"{_cell(where_text(entry, with_lines=False))} |")
    if report.gaps:
        lines += ["", "### Gaps and partly provided", ""]
        for entry in report.gaps:
            also = [other.element.key for other in report.entries if other.same_as == entry.element.key]
            keys = ", ".join([entry.element.key, *also])
            lines.append(f"- **{keys}** {entry.element.name} ({STATUS_WORDS[entry.status]}): {_cell(entry.note)}")
    derived = [(entry, line) for entry in report.entries if not entry.same_as for line in entry.derived]
    if derived:
        lines += ["", "### What the build derived", ""]
        lines += [f"- {entry.element.key}: {_cell(line)}" for entry, line in derived]
    if report.problems:
        lines += ["", "### Problems (these fail `make check`)", ""]
        lines += [f"- `{register_file}:{problem.line}:{problem.column}`: {_cell(problem.message)}"
                  for problem in report.problems]
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
        report, warnings = build(source, workdir)
    except TransparencyError as error:
        print(f"transparency: {error}", file=sys.stderr)
        return 1
    from sphinx.util.console import strip_colors

    # The register's own warnings are listed under "Problems" below; anything else the build said goes first.
    for line in strip_colors(warnings).splitlines():
        if ("WARNING" in line or "ERROR" in line) and "[transparency." not in line:
            print(line, file=sys.stderr)
    print("\n".join(checklist_lines(report)))
    target = (args.markdown or source / "_build" / "transparency.md").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(markdown(report), encoding="utf-8")
    print(f"\nMarkdown for the pull request: {target}")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
