"""make redline: the working tree against a dated version, with the material-change summary."""

from __future__ import annotations

import lxml.html
import pytest

from tests.support import editor_repo
from tools.editor.material import (
    MaterialError,
    Summary,
    compare_gdpr,
    compare_vendors,
    format_summary,
    gdpr_citations,
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


def test_gdpr_provisions_are_compared_as_a_set():
    old = {"policy/a.md": "Se {gdpr}`6(1)(f)` og {gdpr}`6(1)(f)`.\nOg {gdpr}`13`."}
    new = {"policy/a.md": "Se {gdpr}`6(1)(f)`.\nOg {gdpr}`13` og {gdpr}`oplysningspligten <14>`."}
    diff = compare_gdpr(old, new)
    # 6(1)(f) is cited once instead of twice: still cited, so no change.
    assert [provision for provision, _ in diff.added] == ["14"]
    assert diff.removed == ()
    lines = format_summary(Summary("v1", gdpr=diff))
    assert "  + Article 14 (policy/a.md:2)" in lines
    assert lines[-1] == "This is a material change (WP260 ¶29–30): readers must be told before it takes effect."


BEFORE = "Jf. {gdpr}`15-18` samt {gdpr}`20-21`.\n\nSe {gdpr}`6(1)(a)`."


@pytest.mark.parametrize(
    "after",
    [
        "Jf. {gdpr}`15–18` samt {gdpr}`20-21`.\n\nSe {gdpr}`6(1)(a)`.",  # en dash
        "Jf. {gdpr}`15-18` samt {gdpr}`~20-21`.\n\nSe {gdpr}`6(1)(a)`.",  # the name left out
        "Jf. {gdpr}`15 - 18` samt {gdpr}`20-21`.\n\nSe {gdpr}` 6(1)(a) `.",  # spaces
        "Jf. {gdpr}`15-18` samt {gdpr}`artikel 20 og 21 <20-21>`.\n\nSe {gdpr}`samtykke <6(1)(a)>`.",  # own words
        "Jf. {gdpr}`15-17` og {gdpr}`18` samt\n{gdpr}`~20`-{gdpr}`~21`.\n\nSe {gdpr}`6(1)(a)`, {gdpr}`6(1)(a)`.",
    ],
)
def test_a_stylistic_rewrite_of_a_reference_is_not_material(after):
    diff = compare_gdpr({"policy/a.md": BEFORE}, {"policy/a.md": after})
    assert (diff.added, diff.removed, diff.not_compared) == ((), (), "")
    lines = format_summary(Summary("v1", gdpr=diff))
    assert "GDPR references: no change." in lines
    assert lines[-1] == "Not a material change: the vendors and the GDPR provisions cited are the same."


@pytest.mark.parametrize(
    ("after", "added", "removed"),
    [
        ("Jf. {gdpr}`15-17` samt {gdpr}`20-21`.\n\nSe {gdpr}`6(1)(a)`.", [], ["18"]),
        ("Jf. {gdpr}`15-18` samt {gdpr}`20-22`.\n\nSe {gdpr}`6(1)(a)`.", ["22"], []),
        ("Jf. {gdpr}`15-18` samt {gdpr}`20-21`.\n\nSe {gdpr}`6(1)(f)`.", ["6(1)(f)"], ["6(1)(a)"]),
        ("Jf. {gdpr}`15-18` samt {gdpr}`20-21`.\n\nSe {gdpr}`samtykke <6(1)>`.", ["6(1)"], ["6(1)(a)"]),
        # In a code span the role is code: readers see the markup, and no provision is cited.
        ("Jf. {gdpr}`15-18` samt {gdpr}`20-21`.\n\nSe `{gdpr}`6(1)(a)``.", [], ["6(1)(a)"]),
    ],
)
def test_a_change_to_the_provisions_cited_is_material(after, added, removed):
    diff = compare_gdpr({"policy/a.md": BEFORE}, {"policy/a.md": after})
    assert [provision for provision, _ in diff.added] == added
    assert [provision for provision, _ in diff.removed] == removed
    assert Summary("v1", gdpr=diff).material


def test_gdpr_citations_have_their_line_and_expand_ranges():
    text = "a\n\nb {gdpr}`samtykke <7>` c\nd {gdpr}` 15-18 `\n\n| x |\n|---|\n| {gdpr}`4(11)` |\n"
    citations = gdpr_citations("policy/x.md", text)
    assert [(citation.provision, citation.location) for citation in citations] == [
        ("7", "policy/x.md:3"),
        ("15", "policy/x.md:4"),
        ("16", "policy/x.md:4"),
        ("17", "policy/x.md:4"),
        ("18", "policy/x.md:4"),
        ("4(11)", "policy/x.md:8"),
    ]


def test_an_invalid_reference_in_the_working_tree_names_its_line():
    with pytest.raises(MaterialError) as caught:
        compare_gdpr({"policy/a.md": BEFORE}, {"policy/a.md": "a\n\nb\n{gdpr}`6(1)(g)`"})
    assert str(caught.value) == (
        "policy/a.md:4: invalid GDPR reference '6(1)(g)': Article 6(1) has points a–f"
    )


def test_an_invalid_reference_in_the_base_is_not_compared():
    diff = compare_gdpr({"policy/a.md": "{gdpr}`100`"}, {"policy/a.md": BEFORE}, base_name="v1")
    assert not diff.changed
    assert diff.not_compared.startswith("v1:policy/a.md:1: invalid GDPR reference '100': Article 100 does not exist")
    assert format_summary(Summary("v1", gdpr=diff))[-1] == (
        "Whether this is a material change was not determined: read the redline."
    )


def test_a_base_without_the_gdpr_role_is_not_compared():
    diff = compare_gdpr({"policy/a.md": "artikel 6, stk. 1"}, {"policy/a.md": "{gdpr}`6(1)`"}, base_name="v1")
    assert not diff.changed
    assert "v1 cites the GDPR only in plain text" in diff.not_compared


VENDORS = """vendors:
  - name: Google
    entity: Google LLC
    country: US
    basis: [scc, dpf]
    services:
      - name: YouTube
        description: Videoer.
        terms: https://www.youtube.com/t/terms
  - name: Meta
    entity: Meta Platforms Inc.
    country: US
    basis: scc
    services:
      - name: Facebook
        description: Virksomhedsprofil.
"""


def test_a_base_without_vendors_yaml_is_not_compared():
    diff = compare_vendors(None, VENDORS, base_name="v2026-11-24")
    assert not diff.changed
    line = format_summary(Summary("v2026-11-24", vendors=diff))[2]
    assert line == (
        "Vendors: not compared: v2026-11-24 has no policy/vendors.yaml (it lists vendors in the text); "
        "read the redline of section 4."
    )


@pytest.mark.parametrize(
    "after",
    [
        VENDORS.replace("[scc, dpf]", "[dpf, scc]"),  # the order of the bases
        VENDORS.replace("description: Videoer.", "description: Videoer på YouTube."),  # a description's wording
        VENDORS.replace("        terms: https://www.youtube.com/t/terms\n", ""),  # a terms link
        VENDORS.replace("basis: scc", "basis: [scc]"),  # one basis written as a list
        VENDORS.replace("name: YouTube", "name: Youtube"),  # case
        "# Leverandører\n" + VENDORS.replace("  - name: Google", "\n  - name: Google"),  # comments, blank lines
    ],
)
def test_a_stylistic_change_to_vendors_yaml_is_not_material(after):
    diff = compare_vendors(VENDORS, after)
    assert not diff.changed, diff
    assert format_summary(Summary("v1", vendors=diff))[2] == "Vendors: no change."


@pytest.mark.parametrize(
    ("after", "line"),
    [
        (VENDORS + NEW_VENDOR, "  + Zapier (Zapier Inc, US), policy/vendors.yaml:18"),
        (VENDORS[: VENDORS.index("  - name: Meta")], "  - Meta (Meta Platforms Inc., US)"),
        (VENDORS.replace("Google LLC", "Google Ireland Limited").replace("country: US\n    basis: [scc, dpf]",
                                                                          "country: IE"),
         "  ~ Google: entity Google LLC → Google Ireland Limited, policy/vendors.yaml:2"),
        (VENDORS.replace("basis: scc", "basis: [scc, dpf]"), "  ~ Meta: basis scc → dpf, scc, policy/vendors.yaml:10"),
        (VENDORS.replace("name: YouTube", "name: Google Analytics"), "  + Google Analytics (service of Google)"),
        (VENDORS.replace("name: YouTube", "name: Google Analytics"), "  - YouTube (service of Google)"),
    ],
)  # fmt: skip
def test_a_change_of_vendor_facts_is_material(after, line):
    diff = compare_vendors(VENDORS, after)
    summary = Summary("v1", vendors=diff)
    assert summary.material
    assert line in format_summary(summary)


def test_a_vendor_moved_to_the_eu_changes_country_and_basis():
    after = VENDORS.replace("country: US\n    basis: [scc, dpf]", "country: IE")
    assert [(change.fact, change.old, change.new) for change in compare_vendors(VENDORS, after).facts] == [
        ("country", "US", "IE"),
        ("basis", "dpf, scc", ""),
    ]
    assert "  ~ Google: basis dpf, scc → (none), policy/vendors.yaml:2" in format_summary(
        Summary("v1", vendors=compare_vendors(VENDORS, after))
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("vendors:\n  - name: a\n  - [b\n", "policy/vendors.yaml:4:1: YAML syntax error"),
        (VENDORS.replace("country: US", "country: USA", 1),
         "policy/vendors.yaml:4:14: unknown country code 'USA' in vendor 'Google' (did you mean 'US'?)"),
        (VENDORS.replace("name: Meta", "name: Google"),
         "policy/vendors.yaml:10:5: duplicate vendor 'Google' (first defined at line 2)"),
        ("leverandører: []\n", "policy/vendors.yaml:1:1: unknown field 'leverandører' in the file (allowed: vendors) "
                                "(and 1 more; 'make check' lists them)"),
    ],
)  # fmt: skip
def test_bad_vendors_yaml_in_the_working_tree_is_one_line_with_file_line_and_column(text, message):
    with pytest.raises(MaterialError) as caught:
        compare_vendors(VENDORS, text)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_a_base_that_fails_todays_vendor_checks_is_not_compared_with_one_line():
    # An older schema: 'legal_entity' for 'entity', vendors keyed by id.
    old = "vendors:\n  - id: g\n    name: Google\n    legal_entity: Google LLC\n    country: US\n"
    diff = compare_vendors(old, VENDORS, base_name="v2026-01-01")
    assert not diff.changed
    line = format_summary(Summary("v2026-01-01", vendors=diff))[2]
    assert line == (
        "Vendors: not compared: v2026-01-01's policy/vendors.yaml fails today's checks, at "
        "policy/vendors.yaml:2:5: unknown field 'id' in vendor 'Google' (allowed: name, entity, country, basis, "
        "services) (and 4 more; 'make check' lists them); read the redline of section 4."
    )


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
