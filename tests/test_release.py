"""make release: refuses, listing every reason, until nothing is unfinished; then writes the ledger entry, commits it and tags vDATE."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.support import editor_repo
from tools.editor import release
from tools.editor.material import Summary
from tools.editor.release import Request
from tools.git import SCISSORS, split_message
from tools.sitebuild.ledger import parse_ledger

FUZZY_ENTRY = 'msgid "Vi gemmer oplysningerne i 5 år efter sidste kontakt."'
PO = "locale/en/LC_MESSAGES/policy/behandling.po"


def tags(repo) -> list[str]:
    return editor_repo.git(repo, "tag", "--list").split()


def mark_fuzzy(repo) -> None:
    editor_repo.edit(repo, PO, FUZZY_ENTRY, "#, fuzzy\n" + FUZZY_ENTRY)


def test_release_refuses_listing_every_reason(tmp_path):
    repo = editor_repo.create(tmp_path / "repo")
    mark_fuzzy(repo)
    editor_repo.edit(repo, "index.md", "9000 Aalborg.", "9000 Aalborg. Se {ref}`kontakt`.")

    result = editor_repo.make(repo, "release", "DATE=2026-11-24")

    assert result.returncode != 0
    out = result.stderr
    assert "Refusing to release v2026-11-24, for 6 reason(s):" in out
    assert "- SUMMARY is empty: give a one-line headline for the change" in out
    assert '- SUMMARY_en is empty: give the one-line headline in en too, e.g. SUMMARY_en="..."' in out
    assert "- DATE=2026-11-24 is not after the latest version, v2026-11-24;" in out
    assert "- the working tree is not clean; commit or remove these files first:\n   M index.md\n   M " + PO in out
    # make check-po RELEASE=1: the fuzzy entry, and the new sentence in index.md
    # that is not in the English catalog yet.
    assert "- the translation check failed ('make --no-print-directory check-po RELEASE=1', exit 2):" in out
    assert f"{PO}:" in out and "error: fuzzy: review the translation" in out
    assert "locale/en/LC_MESSAGES/index.po:1: error: 1 message(s) of index.md are not in the catalog" in out
    assert "Se {ref}`kontakt" in out
    assert "- the strict check failed ('make --no-print-directory check'" in out
    assert "index.md:3: error: undefined label: 'kontakt' [ref.ref]" in out
    assert tags(repo) == [editor_repo.FIRST_TAG]


def test_release_refuses_a_fuzzy_entry_then_tags_once_it_is_fixed(tmp_path):
    repo = editor_repo.create(tmp_path / "repo")
    # A real change: shorter retention (text and translation), and a new vendor.
    editor_repo.edit(repo, "policy/behandling.md", "i 5 år", "i 3 år")
    editor_repo.edit(repo, PO, FUZZY_ENTRY, FUZZY_ENTRY.replace("5 år", "3 år"))
    editor_repo.edit(repo, PO, "for 5 years", "for 3 years")
    # The translator changed the English but has not reviewed it yet.
    changed_entry = FUZZY_ENTRY.replace("5 år", "3 år")
    editor_repo.edit(repo, PO, changed_entry, "#, fuzzy\n" + changed_entry)
    vendors = repo / "policy/vendors.yaml"
    vendors.write_text(
        vendors.read_text(encoding="utf-8")
        + "\n  - name: Zapier\n    entity: Zapier Inc\n    country: US\n    basis: [scc, dpf]\n    services:\n"
        + "      - name: Zapier\n        description: Automatisering.\n",
        encoding="utf-8",
    )
    editor_repo.commit_all(repo, "Opbevaring i 3 år; Zapier")
    arguments = ("release", "DATE=2026-12-15", "SUMMARY=Kortere opbevaring og en ny leverandør",
                 "SUMMARY_en=Shorter retention and a new vendor", "MATERIAL=yes")

    refused = editor_repo.make(repo, *arguments)

    assert refused.returncode != 0
    assert "Refusing to release v2026-12-15, for 1 reason(s):" in refused.stderr
    assert f"{PO}:" in refused.stderr and "fuzzy" in refused.stderr
    assert tags(repo) == [editor_repo.FIRST_TAG]

    editor_repo.edit(repo, PO, "#, fuzzy\n", "")
    editor_repo.commit_all(repo, "Oversættelsen er gennemlæst")

    released = editor_repo.make(repo, *arguments)

    assert released.returncode == 0, released.stderr
    assert tags(repo) == [editor_repo.FIRST_TAG, "v2026-12-15"]
    assert editor_repo.git(repo, "cat-file", "-t", "v2026-12-15").strip() == "tag"  # annotated
    # The tag is on the checked text; the ledger entry is committed on top of it.
    content = editor_repo.git(repo, "rev-parse", "HEAD^").strip()
    assert editor_repo.git(repo, "rev-parse", "v2026-12-15^{commit}").strip() == content
    assert editor_repo.git(repo, "diff", "--name-only", "HEAD^", "HEAD").split() == ["policy/versions.yaml"]
    assert editor_repo.git(repo, "status", "--porcelain") == ""
    ledger = parse_ledger((repo / "policy/versions.yaml").read_text(encoding="utf-8"))
    assert ledger.problems == ()
    latest = ledger.entries[-1]
    assert (latest.name, latest.commit, latest.material, dict(latest.summary)) == (
        "2026-12-15", content, True,
        {"da": "Kortere opbevaring og en ny leverandør", "en": "Shorter retention and a new vendor"})
    message = editor_repo.git(repo, "tag", "--list", "--format=%(contents)", "v2026-12-15").strip()
    lines = message.splitlines()
    assert lines[0] == "Kortere opbevaring og en ny leverandør"
    assert lines[1] == ""
    assert "Changes since v2026-11-24:" in lines
    assert "  changed: 1.2 Opbevaring (#opbevaring; da, en)" in lines
    assert "  + Zapier (Zapier Inc, US), policy/vendors.yaml:20" in lines
    assert lines[-1] == "Material-change: yes"
    trailers = editor_repo.git(repo, "interpret-trailers", "--parse", "--no-divider", input_text=message)
    assert trailers.strip() == "Material-change: yes"
    out = released.stdout
    assert ("Added the version to policy/versions.yaml in a new commit, and tagged v2026-12-15 on the checked "
            "commit below it. Nothing was pushed." in out)
    assert "git push origin HEAD v2026-12-15" in out
    assert "notify readers before it takes effect on 2026-12-15" in out and "WP260 ¶29–30" in out
    assert editor_repo.git(repo, "remote").strip() == ""


# -- Each condition on its own, as pure functions --------------------------------------------


@pytest.mark.parametrize(
    ("date", "latest", "problem"),
    [
        ("", "v2026-11-24", "DATE is not given"),
        ("15-12-2026", "v2026-11-24", "DATE=15-12-2026 is not in the form YYYY-MM-DD"),
        ("2026-02-30", "v2026-11-24", "DATE=2026-02-30 is not a date in the calendar"),
        ("2026-11-24", "v2026-11-24", "DATE=2026-11-24 is not after the latest version, v2026-11-24"),
        ("2026-11-01", "v2026-11-24", "DATE=2026-11-01 is not after the latest version, v2026-11-24"),
        ("2026-11-25", "v2026-11-24", None),
        ("2026-11-25", None, None),
    ],
)
def test_date_conditions(date, latest, problem):
    problems = release.date_problems(date, latest)
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problems[0].startswith(problem)


@pytest.mark.parametrize(
    ("summary", "material", "problem"),
    [
        ("", "", "SUMMARY is empty"),
        ("  ", "yes", "SUMMARY is empty"),
        ("Første linje\nAnden linje", "", "SUMMARY must be one line"),
        ("Ny leverandør", "ja", "MATERIAL=ja must be 'yes' or 'no'"),
        ("Ny leverandør", "yes", None),
        ("Ny leverandør", "no", None),
    ],
)
def test_request_conditions(summary, material, problem):
    problems = release.request_problems(Request("2026-12-15", summary, material))
    assert problems == [] if problem is None else problems[0].startswith(problem)


def test_clean_tree_condition_lists_the_files():
    assert release.clean_tree_problems([]) == []
    (problem,) = release.clean_tree_problems([" M policy/klage.md", "?? noter.txt"])
    assert problem.endswith("first:\n   M policy/klage.md\n  ?? noter.txt")


def test_tag_message_has_headline_summary_and_trailer():
    message = release.tag_message(
        Request("2026-12-15", " Ny leverandør ", "yes", details="Vi bruger nu X.\n\nWe now use X."),
        ["Changes since v1:", "  x"],
    )
    assert message == (
        "Ny leverandør\n\nVi bruger nu X.\n\nWe now use X.\n\n"
        f"{SCISSORS}\nChanges since v1:\n  x\n\nMaterial-change: yes\n"
    )
    assert release.tag_message(Request("2026-12-15", "Rettelser", "no"), []) == "Rettelser\n"
    # The versions page shows the readers' part only.
    assert split_message(message) == ("Ny leverandør", "Vi bruger nu X.\n\nWe now use X.")


def test_next_steps_warn_when_a_material_change_has_no_notice_period():
    today = dt.date(2026, 12, 15)
    steps = "\n".join(release.next_steps(Request("2026-12-15", "x", "yes"), today))
    assert "Warning: 2026-12-15 is not in the future" in steps
    later = "\n".join(release.next_steps(Request("2027-01-15", "x", "yes"), today))
    assert "Warning" not in later and "notify readers" in later
    minor = "\n".join(release.next_steps(Request("2027-01-15", "x", ""), today))
    assert "notify readers" not in minor and "git push origin HEAD v2027-01-15" in minor


def test_a_material_change_must_be_declared():
    from tools.editor.material import GdprDiff, Vendor, VendorDiff

    zapier = Vendor(name="Zapier", entity="Zapier Inc", country="US", third_country=True, bases=("scc",),
                    services=(), line=20, column=5)  # fmt: skip
    vendors = VendorDiff(added=(zapier,))
    changes = Summary("v2026-11-24", vendors=vendors)
    (problem,) = release.material_problems(changes, "")
    assert problem.startswith("the vendors changed since v2026-11-24, a material change (WP260 ¶29–30): say MATERIAL=yes")
    assert release.material_problems(changes, "yes") == []
    assert release.material_problems(changes, "no") == []
    assert release.material_problems(Summary("v1", gdpr=GdprDiff()), "") == []
    assert release.material_problems(None, "") == []
