"""make check tells the editor which facts an edit of the text touches (tools/editor/review_facts.py).

A fixture repository holds a copy of the policy, released as the ledger's only
version; an edit to section 3 then changes one sentence and removes a quote.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.build import PROJECT_ROOT
from tests.support.editor_repo import git

LEDGER = """\
versions:
  - date: 2026-11-24
    commit: {commit}
    material: no
    summary:
      da: Den offentliggjorte privatlivspolitik.
      en: The published privacy policy.
"""
SENTENCE = "Vi beholder personoplysninger på debitorer og kreditorer i bogføringsmateriale i 5 år."


@pytest.fixture
def released(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(PROJECT_ROOT / "policy", repo / "policy")  # the text and the data are all the review reads
    shutil.copy2(PROJECT_ROOT / "index.md", repo / "index.md")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "text")
    commit = git(repo, "rev-parse", "HEAD").strip()
    (repo / "policy" / "versions.yaml").write_text(LEDGER.format(commit=commit), encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "ledger")
    return repo


def review(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tools.editor.review_facts", "--repo", str(repo)],
                          capture_output=True, check=False, encoding="utf-8", cwd=PROJECT_ROOT)


def data_line(repo: Path, text: str) -> int:
    lines = (repo / "policy" / "processing.yaml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_an_unchanged_text_has_nothing_to_review(released):
    result = review(released)
    assert (result.returncode, result.stderr) == (0, "review_facts: 0 errors, 0 warnings, 0 notices\n")


def test_a_changed_sentence_names_each_fact_to_review_and_a_removed_quote_fails(released):
    section = released / "policy" / "opbevaringsperiode.md"
    section.write_text(section.read_text(encoding="utf-8").replace(SENTENCE, SENTENCE.replace("Vi beholder", "Vi gemmer")),
                       encoding="utf-8")
    result = review(released)
    assert result.returncode == 1
    now = SENTENCE.replace("Vi beholder", "Vi gemmer")
    assert result.stderr.splitlines()[1:] == [
        f"policy/processing.yaml:{data_line(released, 'quote: debitorer og kreditorer')}:14: notice: the sentence of "
        "the data-subjects quote \"debitorer og kreditorer\" in section 'opbevaringsperiode' "
        f"(policy/opbevaringsperiode.md) changed since v2026-11-24: review the fact. Was: \"{SENTENCE}\" "
        f"Now: \"{now}\" [processing.review]",
        f"policy/processing.yaml:{data_line(released, '- quote: personoplysninger på debitorer')}:16: notice: the "
        "sentence of the personal-data quote \"personoplysninger på debitorer og kreditorer i bogføringsmateriale\" in "
        "section 'opbevaringsperiode' (policy/opbevaringsperiode.md) changed since v2026-11-24: review the fact. "
        f"Was: \"{SENTENCE}\" Now: \"{now}\" [processing.review]",
        "review_facts: 1 error, 0 warnings, 2 notices",
    ]
    # The lost quote is worded as the build words it, so make check prints it once.
    assert result.stderr.splitlines()[0] == (
        f"policy/processing.yaml:{data_line(released, 'quote: ' + SENTENCE)}:14: error: the retention quote "
        f"\"{SENTENCE}\" is no longer in section 'opbevaringsperiode' (policy/opbevaringsperiode.md): the closest "
        f"text there now is \"{now}\"; quote the new words, or make the fact a gap [processing.quote_lost]"
    )


def test_markdown_the_build_does_not_read_is_no_policy_text(released):
    """A maintainer's README under _ext/ with a policy label neither hides the policy's section nor is reviewed."""
    notes = released / "_ext" / "notes" / "README.md"
    notes.parent.mkdir(parents=True)
    notes.write_text("(dataansvarlig)=\n# Notes\n\nNothing the policy says.\n", encoding="utf-8")
    result = review(released)
    assert (result.returncode, result.stderr) == (0, "review_facts: 0 errors, 0 warnings, 0 notices\n")


def test_a_repository_without_processing_data_or_ledger_is_not_reviewed(tmp_path):
    assert review(tmp_path).returncode == 0
    assert (PROJECT_ROOT / "policy" / "processing.yaml").is_file()
