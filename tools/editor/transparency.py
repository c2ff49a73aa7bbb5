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

It also offers :func:`status_change_lines`, the redline summary's lines about the
elements whose computed status a change alters, each side computed from its own
tree by the same pure code (:func:`tree_report`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

from processing import source_texts
from processing.anchors import policy_texts
from processing.facts import parse_processing
from tools.project import config_literal
from transparency import build_report
from transparency.elements import Element, elements_by_key, official_text
from transparency.register import Register, parse_register
from transparency.rules import Entry, Report, evaluate
from transparency.source import source_facts
from vendors.jurisdictions import load_jurisdictions
from vendors.registry import Registry, parse_registry

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


@dataclass(frozen=True)
class TreeFiles:
    """What one version's computed statuses rest on, as texts read from its tree (``None``: no such file)."""

    #: Each policy file's path in the tree and its MyST Markdown, in reading order.
    policy: Mapping[str, str]
    processing: str | None
    register: str | None = None
    vendors: str | None = None
    conf: str | None = None


def tree_report(tree: TreeFiles) -> Report | None:
    """The checklist of a version the build does not run for, computed by the build's own pure code
    (:func:`transparency.rules.evaluate`); ``None`` when the tree keeps no processing data or it cannot be
    read (no status has evidence until it reads; ``make check`` names its problems)."""
    processing = parse_processing(tree.processing) if tree.processing is not None else None
    if processing is None or processing.general is None:
        return None
    elements = elements_by_key()
    register = parse_register(tree.register, elements) if tree.register is not None else Register()
    registry = parse_registry(tree.vendors, load_jurisdictions()) if tree.vendors is not None else Registry()
    contact = config_literal(tree.conf or "", "reader_controller")
    texts, _sources = policy_texts(tree.policy)
    return evaluate(elements, register, source_facts(tree.policy, registry), processing,
                    texts, contact if isinstance(contact, dict) else {})


def status_change_lines(old: TreeFiles, new: TreeFiles, *, base_name: str = "the base") -> list[str]:
    """The redline summary's lines: each element whose computed status differs between *old* and *new*.

    An Article 14 point whose change is its Article 13 counterpart's is named on that line.
    """
    if new.processing is None:
        return []  # a project without the processing data
    after = tree_report(new)
    if after is None:
        return [f"Transparency: not compared: the working tree's {PROCESSING_FILE} cannot be read (run make check)."]
    before = tree_report(old)
    if old.processing is None:
        lines = [f"Transparency: not compared: {base_name} has no {PROCESSING_FILE}, so its statuses cannot be "
                 "computed; not provided in the working tree:"]
        lines += [f"  {entry.element.key} {entry.element.name}: {entry.status}" for entry in after.entries
                  if entry.is_gap and not entry.element.counterpart]
        return lines
    if before is None:
        return [f"Transparency: not compared: {base_name}'s {PROCESSING_FILE} cannot be read."]
    was = {entry.element.key: entry.status for entry in before.entries}
    changed = {entry.element.key: entry for entry in after.entries if was.get(entry.element.key) != entry.status}
    lines = []
    for key, entry in changed.items():
        counterpart = changed.get(entry.element.counterpart)
        if counterpart is not None and was[counterpart.element.key] == was[key] and counterpart.status == entry.status:
            continue  # said on its counterpart's line
        also = [other.element.key for other in changed.values() if other.element.counterpart == key
                and was[other.element.key] == was[key] and other.status == entry.status]
        named = f"{key} {entry.element.name}" + (f" (also {', '.join(also)})" if also else "")
        lines.append(f"  {named}: {was.get(key, 'missing')} -> {entry.status}")
    if not lines:
        return [f"Transparency: no computed status changes since {base_name}."]
    return [f"Transparency, computed from {PROCESSING_FILE} and the text, since {base_name}:", *lines]


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
