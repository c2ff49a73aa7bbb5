"""``make check``'s review of the processing facts: which facts an edit of the text touches.

Compares each quoted fact of ``policy/processing.yaml`` with the latest version in
the ledger (the last entry of ``policy/versions.yaml``, its commit read with git):
a fact whose sentence in the text is not the same as that version's sentence is a
notice (review the fact: does it still say what the sentence says?); a quote the
text no longer contains is an error. The comparison itself is
:func:`processing.facts.facts_to_review` (pure); this module only reads git.

Every line has the form ``path:line:column: notice|error: message [processing.<code>]``.
Exit status: 1 when a quote is gone or the data cannot be read, else 0.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from processing.anchors import policy_texts
from processing.facts import facts_to_review, read_processing

from tools.git import GitError, files_at, read_at
from tools.project import POLICY_SOURCES
from tools.sitebuild.ledger_repo import read_ledger

PROCESSING_FILE = "policy/processing.yaml"


def is_policy_text(path: str) -> bool:
    """A Markdown file the build reads: one named in POLICY_SOURCES, or inside a folder named there."""
    return path.endswith(".md") and any(path == name or path.startswith(f"{name}/") for name in POLICY_SOURCES)


def texts_in_tree(repo: Path) -> dict[str, str]:
    paths = [path.relative_to(repo).as_posix() for path in repo.rglob("*.md")]
    return {path: (repo / path).read_text(encoding="utf-8") for path in sorted(paths) if is_policy_text(path)}


def texts_at(repo: Path, commit: str) -> dict[str, str]:
    return {path: text for path in files_at(repo, commit) if is_policy_text(path)
            if (text := read_at(repo, commit, path)) is not None}


def review_lines(repo: Path) -> tuple[list[str], bool]:
    """The lines to print, and whether one of them is an error."""
    path = repo / PROCESSING_FILE
    if not path.is_file():
        return [], False
    processing = read_processing(path)
    if processing.problems:
        return [problem.format(PROCESSING_FILE, "processing").replace(": ", ": error: ", 1)
                for problem in processing.problems], True
    ledger = read_ledger(repo)
    latest = ledger.latest if ledger is not None else None
    if latest is None:
        return [], False
    texts_now, sources = policy_texts(texts_in_tree(repo))
    texts_then, _ = policy_texts(texts_at(repo, latest.commit))
    lines, failed = [], False
    for review in facts_to_review(processing, texts_now, texts_then):
        fact = review.fact
        where = f"{PROCESSING_FILE}:{fact.line}:{fact.column}"
        source = sources.get(fact.section, "")
        if review.kind == "lost":
            failed = True
            lines.append(f"{where}: error: the {fact.kind} quote \"{fact.quote}\" is no longer in section "
                         f"'{fact.section}' ({source or 'no such section'}): quote the new words, or make the fact a "
                         "gap [processing.quote_lost]")
        elif review.then:
            lines.append(f"{where}: notice: the sentence of the {fact.kind} quote \"{fact.quote}\" in section "
                         f"'{fact.section}' ({source}) changed since {latest.tag}: review the fact. "
                         f"Was: \"{review.then}\" Now: \"{review.now}\" [processing.review]")
        else:
            lines.append(f"{where}: notice: the sentence of the {fact.kind} quote \"{fact.quote}\" in section "
                         f"'{fact.section}' ({source}) is new since {latest.tag}: review the fact. "
                         f"Now: \"{review.now}\" [processing.review]")
    return lines, failed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.editor.review_facts", description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=Path.cwd(), help="the repository (default: .)")
    args = parser.parse_args(argv)
    try:
        lines, failed = review_lines(args.repo.resolve())
    except GitError as error:
        print(f"review_facts: {error}", file=sys.stderr)
        return 2
    for line in lines:
        print(line, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
