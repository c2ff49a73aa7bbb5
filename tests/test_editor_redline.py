"""make redline: the working tree against a dated version, with the material-change summary."""

from __future__ import annotations

import re

import lxml.html
import pytest

from tests.support import editor_repo
from tools.editor.material import (
    MaterialError,
    Summary,
    compare_gdpr,
    compare_vendors,
    format_summary,
    gdpr_references,
    parse_vendors,
)

NEW_VENDOR = """
  - name: Zapier
    entity: Zapier Inc
    country: US
    basis: [scc, dpf]
    services:
      - name: Zapier
        description: Automatisering af markedsføring.
"""


@pytest.fixture(scope="module")
def redline_run(tmp_path_factory):
    """One fixture repository with a sentence edited and a vendor added, and its 'make redline'."""
    repo = editor_repo.create(tmp_path_factory.mktemp("redline") / "repo")
    editor_repo.edit(repo, "policy/behandling.md", "i 5 år efter sidste kontakt", "i 3 år efter sidste kontakt")
    editor_repo.edit(
        repo,
        "policy/behandling.md",
        "når du skriver til os.\n",
        "når du skriver til os.\nVi gør det for at kunne svare dig, jf. {gdpr}`6(1)(f)`.\n",
    )
    editor_repo.edit(
        repo,
        "policy/modtagere.md",
        "statistik på hjemmesiden.\n",
        "statistik på hjemmesiden.\n- Zapier (Zapier Inc, USA): automatisering af markedsføring.\n",
    )
    (repo / "policy/vendors.yaml").write_text(
        (repo / "policy/vendors.yaml").read_text(encoding="utf-8") + NEW_VENDOR, encoding="utf-8"
    )
    return repo, editor_repo.make(repo, "redline")


def section(page: str, label: str) -> lxml.html.HtmlElement:
    document = lxml.html.document_fromstring(page)
    found = document.xpath(f'//section[@id="{label}"]')
    assert found, f"no section {label!r} in the redline"
    return found[0]


def test_redline_succeeds_against_the_latest_version(redline_run):
    repo, result = redline_run
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Changes since v2026-11-24:" in result.stdout


def test_summary_names_the_changed_sections_in_both_languages(redline_run):
    _, result = redline_run
    lines = result.stdout.splitlines()
    assert "Sections changed (3):" in lines
    assert "  changed: 1. Behandling (#behandling; da, en)" in lines
    assert "  changed: 1.2 Opbevaring (#opbevaring; da, en)" in lines
    assert "  changed: 2. Modtagere (#modtagere; da, en)" in lines
    assert not any("Nyhedsbrev" in line for line in lines)


def test_summary_shows_the_material_changes(redline_run):
    _, result = redline_run
    lines = result.stdout.splitlines()
    vendors = lines.index("Vendors:")
    assert lines[vendors + 1] == "  + Zapier (Zapier Inc, US), policy/vendors.yaml:20"
    gdpr = lines.index("GDPR references:")
    assert lines[gdpr + 1] == "  + Article 6(1)(f) (policy/behandling.md:5)"
    assert "This is a material change (WP260 ¶29–30): readers must be told before it takes effect." in lines


def test_summary_is_saved_for_ci(redline_run):
    repo, result = redline_run
    saved = (repo / "_build/redline/summary.txt").read_text(encoding="utf-8")
    assert saved.strip() and saved in result.stdout


def test_danish_redline_marks_the_edited_sentence_and_the_new_vendor(redline_run):
    repo, _ = redline_run
    page = (repo / "_build/redline/da/index.html").read_text(encoding="utf-8")
    assert '<html lang="da">' in page
    assert "Ændringer fra versionen af 24. november 2026" in page
    retention = section(page, "opbevaring")
    assert [node.text_content() for node in retention.iter("del")] == ["5"]
    assert [node.text_content() for node in retention.iter("ins")] == ["3"]
    assert "efter sidste kontakt" in retention.text_content()
    recipients = section(page, "modtagere")
    inserted = " ".join(node.text_content() for node in recipients.iter("ins"))
    assert "Zapier (Zapier Inc, USA): automatisering af markedsføring." in inserted
    assert not list(recipients.iter("del"))
    newsletter = section(page, "nyhedsbrev")
    assert "redline-unchanged" in newsletter.get("class")


def test_english_redline_is_written_too(redline_run):
    repo, _ = redline_run
    page = (repo / "_build/redline/en/index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    assert "24 November 2026" in page
    # The edited sentence has no translation yet: English readers would see the Danish.
    retention = section(page, "opbevaring")
    assert "We keep the information for 5 years" in " ".join(node.text_content() for node in retention.iter("del"))


def test_redline_against_an_explicit_ref(redline_run):
    repo, _ = redline_run
    result = editor_repo.make(repo, "redline", "BASE=HEAD")
    assert result.returncode == 0, result.stderr
    assert "Changes since HEAD:" in result.stdout
    assert "  + Zapier (Zapier Inc, US), policy/vendors.yaml:20" in result.stdout


def test_redline_refuses_an_unknown_base(redline_run):
    repo, _ = redline_run
    result = editor_repo.make(repo, "redline", "BASE=v1999-01-01")
    assert result.returncode != 0
    assert "redline: 'v1999-01-01' is not a tag, branch or commit" in result.stderr


# -- The material-change summary, as pure functions ---------------------------------------


def test_gdpr_references_are_counted_per_provision():
    old = {"policy/a.md": "Se {gdpr}`6(1)(f)` og {gdpr}`6(1)(f)`.\nOg {gdpr}`13`."}
    new = {"policy/a.md": "Se {gdpr}`6(1)(f)`.\nOg {gdpr}`13` og {gdpr}`oplysningspligten <14>`."}
    diff = compare_gdpr(old, new)
    assert [(target, count) for target, count, _ in diff.added] == [("14", 1)]
    assert [(target, count) for target, count, _ in diff.removed] == [("6(1)(f)", 1)]
    lines = format_summary(Summary("v1", gdpr=diff))
    assert "  + Article 14 (policy/a.md:2)" in lines
    assert "  - Article 6(1)(f), 1 of 2 citations (policy/a.md:1, policy/a.md:1)" in lines


def test_gdpr_reference_lines_and_explicit_titles():
    refs = gdpr_references("policy/x.md", "a\n\nb {gdpr}`samtykke <7>` c {gdpr}` 15-18 `")
    assert [(ref.target, ref.location) for ref in refs] == [("7", "policy/x.md:3"), ("15-18", "policy/x.md:3")]


def test_a_base_without_the_gdpr_role_is_not_compared():
    diff = compare_gdpr({"policy/a.md": "artikel 6, stk. 1"}, {"policy/a.md": "{gdpr}`6(1)`"}, base_name="v1")
    assert not diff.changed
    assert "v1 cites the GDPR only in plain text" in diff.not_compared


def test_a_base_without_vendors_yaml_is_not_compared():
    diff = compare_vendors(None, "vendors:\n  - id: a\n", base_name="v2026-11-24")
    assert not diff.changed
    line = format_summary(Summary("v2026-11-24", vendors=diff))[2]
    assert line == (
        "Vendors: not compared: v2026-11-24 has no policy/vendors.yaml (it lists vendors in the text); "
        "read the redline of section 4."
    )


def test_vendor_services_added_and_removed():
    old = "vendors:\n  - id: g\n    name: Google\n    services:\n      - name: YouTube\n  - id: m\n    name: Meta\n"
    new = "vendors:\n  g:\n    name: Google\n    services:\n      - name: Analytics\n"
    diff = compare_vendors(old, new)
    assert [vendor.name for vendor in diff.removed] == ["Meta"]
    assert diff.services_added == (("Google", "Analytics"),)
    assert diff.services_removed == (("Google", "YouTube"),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("vendors:\n  - id: a\n  - [b\n", "policy/vendors.yaml:4: not valid YAML"),
        ("vendors:\n  - id: a\n  - country: US\n", "policy/vendors.yaml:3: a vendor has no id or name"),
        ("vendors:\n  - id: a\n  - id: a\n", "policy/vendors.yaml:3: vendor 'a' is listed twice (first on line 2)"),
        ("leverandører: []\n", "policy/vendors.yaml:1: expected a 'vendors' entry"),
        ("vendors:\n  - just a name\n", "policy/vendors.yaml:2: expected a vendor (a mapping), found str"),
    ],
)
def test_bad_vendors_yaml_names_file_and_line(text, message):
    with pytest.raises(MaterialError, match=re.escape(message)):
        parse_vendors(text)


def test_without_any_dated_version_the_base_must_be_given(tmp_path, capsys):
    from tools.editor import redline as editor_redline

    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "index.md").write_text("# Politik\n", encoding="utf-8")
    editor_repo.git(repo, "init", "--quiet")
    editor_repo.commit_all(repo, "Udkast")
    editor_repo.git(repo, "tag", "v2026-13-01")  # not a date: not a version
    assert editor_redline.main(["--repo", str(repo)]) == 1
    assert capsys.readouterr().err == (
        "redline: there is no dated version (tag vYYYY-MM-DD) to compare with; give one: BASE=<tag or ref>\n"
    )


def test_the_latest_dated_version_is_chosen_by_date():
    from tools.git import latest_dated

    assert latest_dated(["v2026-11-24", "v2026-12-01", "v2026-02-30", "v2027-1-1", "release", "v2026-11-30"]) == (
        "v2026-12-01"
    )
    assert latest_dated(["draft", "v2026-13-01"]) is None
