"""The legal editor's loop, end to end, in the order CONTRIBUTING.md gives it ("The editor's loop").

One fresh fixture repository (tests/support/editor_repo.py) goes through every
step, each a fixture that runs the step's command after the step before it:

1. edit a paragraph, then ``make check``;
2. ``make update-po``: the paragraph's English entry is fuzzy, with the old text as ``#| msgid``;
3. translate it and remove the fuzzy flag; ``make check`` again;
4. ``make redline``: the change is shown, and the summary says it is not material.

Each test checks what the editor would look at after its step.
"""

from __future__ import annotations

import lxml.html
import pytest
from babel.messages.pofile import read_po

from tests.support import editor_repo

SOURCE = "policy/behandling.md"
CATALOG = "locale/en/LC_MESSAGES/policy/behandling.po"
OLD_DANISH = "Vi gemmer oplysningerne i 5 år efter sidste kontakt."
NEW_DANISH = "Vi gemmer oplysningerne i 3 år efter sidste kontakt."
OLD_ENGLISH = "We keep the information for 5 years after the last contact."
NEW_ENGLISH = "We keep the information for 3 years after the last contact."


def entry(repo, msgid: str):
    """The catalog's entry for *msgid*, as a translator's tool reads it (Babel)."""
    with (repo / CATALOG).open("rb") as catalog:
        return read_po(catalog, abort_invalid=True)[msgid]


def succeeded(result) -> bool:
    return result.returncode == 0


# -- The steps, in order: each fixture is one step, after the one before ------------------


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """A fresh clone's worth of the policy: its first version released as v2026-11-24."""
    return editor_repo.create(tmp_path_factory.mktemp("editor-loop") / "repo")


@pytest.fixture(scope="module")
def step1_edit(repo):
    """1. Edit a paragraph of policy/behandling.md, then run ``make check``."""
    editor_repo.edit(repo, SOURCE, OLD_DANISH, NEW_DANISH)
    return editor_repo.make(repo, "check")


@pytest.fixture(scope="module")
def step2_update_po(repo, step1_edit):
    """2. Run ``make update-po``."""
    assert succeeded(step1_edit), step1_edit.stdout + step1_edit.stderr
    return editor_repo.make(repo, "update-po")


@pytest.fixture(scope="module")
def step3_translate(repo, step2_update_po):
    """3. Translate the fuzzy entry, remove its flag (and the old text), run ``make check``."""
    assert succeeded(step2_update_po), step2_update_po.stderr
    editor_repo.edit(
        repo,
        CATALOG,
        f'#, fuzzy\n#| msgid "{OLD_DANISH}"\nmsgid "{NEW_DANISH}"\nmsgstr "{OLD_ENGLISH}"',
        f'msgid "{NEW_DANISH}"\nmsgstr "{NEW_ENGLISH}"',
    )
    return editor_repo.make(repo, "check")


@pytest.fixture(scope="module")
def step4_redline(repo, step3_translate):
    """4. Run ``make redline`` (against the latest version)."""
    assert succeeded(step3_translate), step3_translate.stdout + step3_translate.stderr
    return editor_repo.make(repo, "redline")


# -- What the editor sees after each step ----------------------------------------------------


def test_1_an_edited_paragraph_passes_make_check(repo, step1_edit):
    assert succeeded(step1_edit), step1_edit.stdout + step1_edit.stderr
    assert "WARNING" not in step1_edit.stderr
    # Until it is translated, English readers see the new Danish sentence.
    english = (repo / "_build/check/en/policy/behandling.html").read_text(encoding="utf-8")
    assert NEW_DANISH in english and OLD_ENGLISH not in english


def test_2_update_po_makes_the_entry_fuzzy_with_the_old_text(repo, step2_update_po):
    assert succeeded(step2_update_po), step2_update_po.stderr
    message = entry(repo, NEW_DANISH)
    assert message.fuzzy
    assert message.string == OLD_ENGLISH  # the old translation, to revise
    assert entry(repo, "1.1 Nyhedsbrev").string == "1.1 Newsletter"  # the rest is untouched
    # What the translator sees: the flag, and what the Danish said before ("#| msgid").
    text = (repo / CATALOG).read_text(encoding="utf-8")
    assert f'#, fuzzy\n#| msgid "{OLD_DANISH}"\nmsgid "{NEW_DANISH}"\nmsgstr "{OLD_ENGLISH}"\n' in text
    # Only the catalog of the edited file changed.
    assert editor_repo.git(repo, "status", "--porcelain", "--", "locale").splitlines() == [f" M {CATALOG}"]


def test_2_a_fuzzy_entry_is_unfinished_for_a_release(repo, step2_update_po):
    result = editor_repo.make(repo, "check-po", "RELEASE=1")
    assert not succeeded(result)
    assert f"{CATALOG}:" in result.stdout + result.stderr
    assert "fuzzy: review the translation against the changed msgid" in result.stdout + result.stderr


def test_3_the_translated_entry_passes_make_check_and_is_published(repo, step3_translate):
    assert succeeded(step3_translate), step3_translate.stdout + step3_translate.stderr
    message = entry(repo, NEW_DANISH)
    assert not message.fuzzy
    assert message.string == NEW_ENGLISH
    assert OLD_DANISH not in (repo / CATALOG).read_text(encoding="utf-8")
    released = editor_repo.make(repo, "check-po", "RELEASE=1")
    assert succeeded(released), released.stdout + released.stderr
    english = (repo / "_build/check/en/policy/behandling.html").read_text(encoding="utf-8")
    assert NEW_ENGLISH in english and NEW_DANISH not in english


def section(page: str, label: str):
    found = lxml.html.document_fromstring(page).xpath(f'//section[@id="{label}"]')
    assert found, f"no section {label!r} in the redline"
    return found[0]


@pytest.mark.parametrize(("language", "old", "new"), [("da", "5", "3"), ("en", "5", "3")])
def test_4_redline_shows_the_change_in_both_languages(repo, step4_redline, language, old, new):
    assert succeeded(step4_redline), step4_redline.stdout + step4_redline.stderr
    page = (repo / f"_build/redline/{language}/index.html").read_text(encoding="utf-8")
    retention = section(page, "opbevaring")
    assert [node.text_content() for node in retention.iter("del")] == [old]
    assert [node.text_content() for node in retention.iter("ins")] == [new]
    # Nothing else changed.
    for label in ("behandling", "nyhedsbrev", "modtagere"):
        assert "redline-unchanged" in section(page, label).get("class"), label


def test_4_redline_summary_says_the_change_is_not_material(step4_redline):
    assert succeeded(step4_redline), step4_redline.stderr
    lines = step4_redline.stdout.splitlines()
    start = lines.index("Changes since v2026-11-24:")
    assert lines[start : lines.index("", start)] == [
        "Changes since v2026-11-24:",
        "Sections changed (1):",
        "  changed: 1.2 Opbevaring (#opbevaring; da, en)",
        "Vendors: no change.",
        "GDPR references: no change.",
        "Not a material change: the vendors and the GDPR provisions cited are the same.",
    ]

