"""``make check``'s review of the processing facts: which facts an edit of the text touches.

Compares each quoted fact of ``policy/processing.yaml`` with the latest version in
the ledger (the last entry of ``policy/versions.yaml``, its commit read with git):
a fact whose sentence in the text is not the same as that version's sentence is a
notice (review the fact: does it still say what the sentence says?); a quote the
text no longer contains is an error. The comparison itself is
:func:`processing.facts.facts_to_review` (pure); this module only reads git.

``make check`` runs it as one of its checks (:mod:`tools.check`); on its own,
``python -m tools.editor.review_facts`` prints the same lines
(``path:line:column: notice|error: message [processing.<code>]``, :mod:`tools.diagnostics`)
and a summary. Exit status: 1 when a quote is gone or the data cannot be read, else 0.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from processing.anchors import policy_texts
from processing.facts import check_quotes, facts_to_review, read_processing
from tools.diagnostics import Diagnostic, Report
from tools.git import GitError
from tools.project import policy_markdown_at, policy_markdown_in_tree
from tools.sitebuild.ledger_repo import read_ledger
from yaml_positions import Problem

PROCESSING_FILE = "policy/processing.yaml"
#: What the summary line calls this check.
TOOL = "review_facts"


def review_diagnostics(repo: Path) -> list[Diagnostic]:
    """The data's problems and lost quotes (errors, worded as the build words them, so ``make check``
    prints each once), then a notice per fact whose sentence changed since the ledger's latest version."""
    path = repo / PROCESSING_FILE
    if not path.is_file():
        return []
    processing = read_processing(path)
    if processing.problems:
        return [as_diagnostic(problem) for problem in processing.problems]
    texts_now, sources = policy_texts(policy_markdown_in_tree(repo))
    found = [as_diagnostic(problem) for problem in check_quotes(processing, texts_now, sources)]
    ledger = read_ledger(repo)
    latest = ledger.latest if ledger is not None else None
    if latest is None:
        return found
    texts_then, _ = policy_texts(policy_markdown_at(repo, latest.commit))
    for review in facts_to_review(processing, texts_now, texts_then):
        if review.kind != "changed":
            continue  # a lost quote is an error above
        fact = review.fact
        where = f"in section '{fact.section}' ({sources.get(fact.section, '')})"
        if review.then:
            message = (f"the sentence of the {fact.kind} quote \"{fact.quote}\" {where} changed since {latest.tag}: "
                       f"review the fact. Was: \"{review.then}\" Now: \"{review.now}\"")
        else:
            message = (f"the sentence of the {fact.kind} quote \"{fact.quote}\" {where} is new since {latest.tag}: "
                       f"review the fact. Now: \"{review.now}\"")
        found.append(Diagnostic(PROCESSING_FILE, fact.line, fact.column, "notice", message, "processing.review"))
    return found


def as_diagnostic(problem: Problem) -> Diagnostic:
    return Diagnostic(PROCESSING_FILE, problem.line, problem.column, "error", problem.message,
                      f"processing.{problem.code}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.editor.review_facts", description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=Path.cwd(), help="the repository (default: .)")
    args = parser.parse_args(argv)
    report = Report(TOOL)
    try:
        report.extend(review_diagnostics(args.repo.resolve()))
    except GitError as error:
        report.add(Diagnostic(PROCESSING_FILE, message=f"cannot compare with the latest version: {error}",
                              code="processing.git"))
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
