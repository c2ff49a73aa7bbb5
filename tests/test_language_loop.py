"""A third language, added with complete data: the translator's commands are all green, each version in its own languages.

The fixture repository (:mod:`tests.support.editor_repo`) was released in Danish
and English; the working tree adds Swedish (copies of the data:
:mod:`tests.support.languages`). In the order a translator runs them: make check,
make html, make site DRAFT=1 (the draft in three languages, the released version
in its two), make redline (the base in its own two languages).
"""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from tests.support import editor_repo
from tests.support.languages import add_test_language


@pytest.mark.site
def test_a_complete_test_language_passes_every_command(tmp_path):
    repo = editor_repo.create(tmp_path / "repo")
    add_test_language(repo, "sv")
    editor_repo.commit_all(repo, "Svensk oversættelse")

    check = editor_repo.make(repo, "check", timeout=600)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "locale/glossary.csv:1: notice: no 'sv' column: sv is not checked against the glossary [glossary]" in (
        check.stderr
    )
    assert [line for line in check.stderr.splitlines() if ": error: " in line or ": warning: " in line] == []

    built = editor_repo.make(repo, "html", timeout=600)
    assert built.returncode == 0, built.stderr
    page = lxml_html.parse(str(repo / "_build" / "html" / "sv" / "index.html")).getroot()
    assert page.get("lang") == "sv"

    site = editor_repo.make(repo, "site", "DRAFT=1", "BUILD_DATE=2026-12-01", timeout=900)
    assert site.returncode == 0, site.stderr
    out = repo / "_build" / "site"
    assert (out / "sv" / "draft" / "index.html").is_file()
    assert sorted(p.name for p in out.iterdir() if (p / "2026-11-24" / "index.html").is_file()) == ["da", "en"]

    redline = editor_repo.make(repo, "redline", timeout=600)
    assert redline.returncode == 0, redline.stderr
    assert redline.stdout.splitlines()[-3:] == [
        f"Redline (da): {repo / '_build' / 'redline' / 'da' / 'index.html'}",
        f"Redline (en): {repo / '_build' / 'redline' / 'en' / 'index.html'}",
        f"Redline (sv): none, {editor_repo.FIRST_TAG} has no 'sv' text to compare with: all of it is new",
    ]
