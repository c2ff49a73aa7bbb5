"""The transparency extension's pure modules: the element list, the register, the rules, the redline."""

from __future__ import annotations

import textwrap

import pytest
from transparency.elements import elements_by_key, load_elements, official_text
from transparency.register import parse_register
from transparency.rules import Citation, Facts, Section, VendorFact, evaluate, gap_changes, legal_bases

from tests.support.build import PROJECT_ROOT
from tools.editor.transparency import checklist_lines, gap_change_lines, markdown

ELEMENTS = elements_by_key()
REGISTER = (PROJECT_ROOT / "policy" / "transparency.yaml").read_text(encoding="utf-8")


# -- The element list ----------------------------------------------------------------------


def test_every_point_of_articles_13_and_14_paragraphs_1_and_2():
    expected = [f"13({p})({x})" for p, points in ((1, "abcdef"), (2, "abcdef")) for x in points]
    expected += [f"14({p})({x})" for p, points in ((1, "abcdef"), (2, "abcdefg")) for x in points]
    assert [element.key for element in load_elements()] == expected


def test_an_elements_text_is_the_regulations_own():
    assert official_text(ELEMENTS["13(2)(c)"], "en").startswith("where the processing is based on point (a) of Article 6(1)")
    assert official_text(ELEMENTS["14(2)(f)"], "da").startswith("hvilken kilde personoplysningerne hidrører fra")
    assert official_text(ELEMENTS["13(1)(b)"], "fr") == official_text(ELEMENTS["13(1)(b)"], "en")  # English fallback


def test_article_14_takes_its_counterparts_rules():
    withdrawal = ELEMENTS["14(2)(d)"]
    assert withdrawal.counterpart == "13(2)(c)"
    assert withdrawal.name == "right to withdraw consent"
    assert [reference.canonical for reference in withdrawal.required_by] == ["6(1)(a)", "9(2)(a)"]
    assert ELEMENTS["14(1)(f)"].required_by_vendors == "third-country"
    assert not ELEMENTS["14(1)(d)"].counterpart and not ELEMENTS["14(1)(d)"].conditional


# -- The register --------------------------------------------------------------------------


def register_with(*replacements: tuple[str, str]) -> str:
    text = REGISTER
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def test_the_policys_register_is_complete_and_records_the_published_gaps():
    register = parse_register(REGISTER)
    assert register.problems == ()
    assert set(register.records) == set(ELEMENTS)
    statuses = {key: register.resolved(key).status for key in ELEMENTS}
    assert {key for key, status in statuses.items() if status == "gap"} == {
        "13(1)(b)", "13(2)(c)", "13(2)(e)", "13(2)(f)", "14(1)(b)", "14(2)(d)", "14(2)(g)",
    }
    assert all(register.resolved(key).note for key, status in statuses.items() if status != "provided")


# (what is changed in the policy's register, the problem's code, its message, the line it is on)
CASES = [
    (("  13(2)(e):", "  13(2)(g):"), "unknown_element", "unknown element '13(2)(g)' (did you mean '14(2)(g)'?)", "13(2)(g):"),
    (("  13(2)(e):", "  hello:"), "unknown_element", "unknown element 'hello' (the elements are the points", "hello:"),
    (("  14(2)(g):\n    same-as: 13(2)(f)\n", ""), "missing_element", "element 14(2)(g) (automated decision-making and profiling) is missing", "\nelements:"),
    (("  14(2)(g):\n    same-as: 13(2)(f)\n", "  14(2)(g):\n    same-as: 13(2)(f)\n  13(2)(e):\n    status: gap\n    note: x\n"),
     "duplicate_element", "element 13(2)(e) is given twice (first at line", "13(2)(e):\n    status: gap\n    note: x"),
    (("    status: provided\n    where: [klage]", "    status: provided\n    were: [klage]"), "unknown_field", "unknown field 'were' in element 13(2)(d) (did you mean 'where'?)", "were:"),
    (("    status: provided\n    where: [klage]", "    status: provded\n    where: [klage]"), "status", "unknown status 'provded' for element 13(2)(d) (did you mean 'provided'?)", "status: provded"),
    (("    status: provided\n    where: [klage]", "    status: provided"), "missing_field", "element 13(2)(d) is provided: list its section labels under 'where'", "    status: provided\n  13(2)(e)"),
    (("  13(2)(e):\n    status: gap\n    note: >-", "  13(2)(e):\n    status: gap\n    where: [klage]\n    note: >-"), "where", "element 13(2)(e) is gap: it has no 'where'", "    where: [klage]\n    note: >-"),
    (("    status: provided\n    where: [klage]", "    status: not-applicable\n    note: No complaints."), "not_applicable", "element 13(2)(d) (right to lodge a complaint) applies to every policy", "status: not-applicable"),
    (("  14(2)(e):\n    same-as: 13(2)(d)", "  14(2)(e):\n    same-as: 13(2)(b)"), "same_as", "element 14(2)(e) cannot be the same as '13(2)(b)': its counterpart is 13(2)(d)", "same-as: 13(2)(b)\n  14(2)(f)"),
    (("  14(1)(d):\n    status: provided", "  14(1)(d):\n    same-as: 13(1)(c)\n    status: provided"), "same_as", "element 14(1)(d) cannot be the same as '13(1)(c)': it has no counterpart in Article 13", "same-as: 13(1)(c)\n    status: provided"),
    (("\nelements:\n", "\nelements: [\n"), "syntax", "YAML syntax error: expected ',' or ']', but got ':' (while parsing a flow sequence started at line 40)",
     "    status: provided\n    where: [dataansvarlig"),
]


@pytest.mark.parametrize(("change", "code", "message", "where"), CASES, ids=[case[1] + "-" + str(i) for i, case in enumerate(CASES)])
def test_register_problem_at_its_line(change, code, message, where):
    text = register_with(change)
    found = [problem for problem in parse_register(text).problems if problem.code == code and message in problem.message]
    assert len(found) == 1, parse_register(text).problems
    problem = found[0]
    # *where* is a unique piece of the changed text: the problem is on its first line.
    assert text.count(where) == 1, where
    expected = text.count("\n", 0, text.index(where)) + 1 + where.startswith("\n")
    assert problem.line == expected


def test_an_empty_or_wrong_file_is_one_problem():
    assert [p.code for p in parse_register("").problems] == ["missing_field"]
    assert [p.message for p in parse_register("- 13(1)(a)\n").problems] == ["the file must be a mapping with one field, 'elements'"]
    assert parse_register("").unreadable


# -- The rules -----------------------------------------------------------------------------


def policy_facts(*, consent_citations: tuple[str, ...] = ("6(1)(a)",), third_country: bool = True) -> Facts:
    """A small policy: 2.1 relies on consent, 2.2 on legitimate interests, 5 cites the rights."""
    sections = (
        Section("dataansvarlig", "policy/a", "1.1 Kontakt", "policy/a.md", 9),
        Section("kontaktoplysninger", "policy/a", "1.1 Kontakt", "policy/a.md", 14, is_section=False, parent="dataansvarlig"),
        Section("formaal", "policy/b", "2. Formål", "policy/b.md", 2, citations=(*consent_citations, "6(1)(f)")),
        Section("besoegende", "policy/b", "2.1 Besøgende", "policy/b.md", 7, parent="formaal", citations=consent_citations),
        Section("leads", "policy/b", "2.2 Leads", "policy/b.md", 12, parent="formaal", citations=("6(1)(f)",)),
        Section("modtagere", "policy/c", "4. Modtagere", "policy/c.md", 2),
        Section("rettigheder", "policy/d", "5. Rettigheder", "policy/d.md", 2, citations=("15-18", "~20-21")),
        Section("indsigt", "policy/d", "5.1 Indsigt", "policy/d.md", 7, parent="rettigheder"),
        Section("klage", "policy/e", "6. Klage", "policy/e.md", 2),
    )
    citations = tuple(Citation(target, "besoegende") for target in consent_citations)
    citations += (Citation("6(1)(f)", "leads"), Citation("15-18", "rettigheder"), Citation("20-21", "rettigheder"))
    return Facts(sections, citations, (VendorFact("Acme", "US" if third_country else "DK", third_country),))


SMALL_REGISTER = """\
elements:
  13(1)(a): {status: provided, where: [dataansvarlig, kontaktoplysninger]}
  13(1)(b): {status: not-applicable, note: No officer.}
  13(1)(c): {status: provided, where: [besoegende, leads]}
  13(1)(d): {status: provided, where: [leads]}
  13(1)(e): {status: provided, where: [modtagere]}
  13(1)(f): {status: partial, where: [modtagere], note: No copy.}
  13(2)(a): {status: gap, note: None.}
  13(2)(b): {status: provided, where: [rettigheder]}
  13(2)(c): {status: gap, note: Not said.}
  13(2)(d): {status: provided, where: [klage]}
  13(2)(e): {status: gap, note: Not said.}
  13(2)(f): {status: gap, note: Not said.}
  14(1)(a): {same-as: 13(1)(a)}
  14(1)(b): {same-as: 13(1)(b)}
  14(1)(c): {same-as: 13(1)(c)}
  14(1)(d): {status: provided, where: [besoegende, leads]}
  14(1)(e): {same-as: 13(1)(e)}
  14(1)(f): {same-as: 13(1)(f)}
  14(2)(a): {same-as: 13(2)(a)}
  14(2)(b): {same-as: 13(1)(d)}
  14(2)(c): {same-as: 13(2)(b)}
  14(2)(d): {same-as: 13(2)(c)}
  14(2)(e): {same-as: 13(2)(d)}
  14(2)(f): {status: partial, where: [besoegende], note: Only 2.1.}
  14(2)(g): {same-as: 13(2)(f)}
"""


def report_for(register_text: str = SMALL_REGISTER, facts: Facts | None = None):
    return evaluate(ELEMENTS, parse_register(register_text), facts or policy_facts())


def problems(register_text: str = SMALL_REGISTER, facts: Facts | None = None) -> list[tuple[int, str, str]]:
    return [(p.line, p.code, p.message) for p in report_for(register_text, facts).problems]


def test_a_consistent_register_has_no_problems_and_lists_its_gaps():
    report = report_for()
    assert problems() == []
    assert [entry.element.key for entry in report.gaps] == ["13(1)(f)", "13(2)(a)", "13(2)(c)", "13(2)(e)", "13(2)(f)", "14(2)(f)"]
    assert report.entry("13(2)(c)").derived == ("required by 2.1 Besøgende (6(1)(a))",)
    assert report.entry("13(2)(b)").derived == ("5. Rettigheder: 15-18, ~20-21",)
    assert report.entry("14(2)(d)").status == "gap" and report.entry("14(2)(d)").same_as == "13(2)(c)"


def test_a_section_listed_for_the_legal_basis_must_cite_article_6_1():
    text = SMALL_REGISTER.replace("13(1)(c): {status: provided, where: [besoegende, leads]}",
                                  "13(1)(c): {status: provided, where: [besoegende, leads, klage]}")
    assert problems(text) == [(4, "no_evidence", "'klage' is given for 13(1)(c) (purposes and legal basis), but 6. Klage "
                               "cites no 6(1) with {gdpr}: cite it there, or correct the register")]


def test_every_section_citing_a_basis_must_be_listed_for_it():
    text = SMALL_REGISTER.replace("13(1)(c): {status: provided, where: [besoegende, leads]}",
                                  "13(1)(c): {status: provided, where: [besoegende]}")
    assert problems(text) == [(4, "unlisted", "2.2 Leads (policy/b.md:12) cites 6(1)(f), but 13(1)(c) (purposes and "
                               "legal basis) gives no place in it: add 'leads' under 'where', or state it there")]


def test_legitimate_interests_must_be_stated_in_the_section_citing_6_1_f():
    text = SMALL_REGISTER.replace("13(1)(d): {status: provided, where: [leads]}",
                                  "13(1)(d): {status: provided, where: [formaal]}")
    codes = [code for _line, code, _message in problems(text)]
    assert codes == ["unlisted"]  # 2. Formål contains the citation, but 2.2 is where it must be said


def test_consent_makes_withdrawal_required():
    text = SMALL_REGISTER.replace("13(2)(c): {status: gap, note: Not said.}", "13(2)(c): {status: not-applicable, note: No.}")
    assert problems(text) == [(10, "required", "13(2)(c) (right to withdraw consent) is recorded as not-applicable, but "
                               "2.1 Besøgende cites 6(1)(a): give where the policy provides it, or record it as a gap")]
    # Without consent, not-applicable is right.
    assert "required" not in [code for _line, code, _message in problems(text, policy_facts(consent_citations=()))]


def test_a_place_given_for_withdrawal_must_cite_article_7_3():
    text = SMALL_REGISTER.replace("13(2)(c): {status: gap, note: Not said.}", "13(2)(c): {status: provided, where: [besoegende]}")
    assert [code for _l, code, _m in problems(text)] == ["no_evidence"]
    assert problems(text, policy_facts(consent_citations=("6(1)(a)", "7(3)"))) == []


def test_a_third_country_vendor_requires_transfers():
    text = SMALL_REGISTER.replace("13(1)(f): {status: partial, where: [modtagere], note: No copy.}",
                                  "13(1)(f): {status: not-applicable, note: No transfers.}")
    assert problems(text) == [(7, "required", "13(1)(f) (third-country transfers and safeguards) is recorded as "
                               "not-applicable, but 1 vendor(s) outside the EU/EEA (Acme): give where the policy "
                               "provides it, or record it as a gap")]
    assert problems(text, policy_facts(third_country=False)) == []


def test_rights_count_as_provided_by_citations_of_articles_15_to_22():
    text = SMALL_REGISTER.replace("13(2)(b): {status: provided, where: [rettigheder]}",
                                  "13(2)(b): {status: provided, where: [indsigt]}")
    assert [code for _l, code, _m in problems(text)] == ["no_evidence"]


def test_an_unknown_label_names_the_nearest():
    text = SMALL_REGISTER.replace("where: [klage]", "where: [klagr]")
    assert problems(text) == [(11, "unknown_label", "no section labelled 'klagr' in the policy (did you mean 'klage'?)")]


def test_legal_bases_are_each_purposes_own_points():
    assert [(section.label, targets) for section, targets in legal_bases(policy_facts())] == [
        ("besoegende", ["6(1)(a)"]), ("leads", ["6(1)(f)"]),
    ]


# -- Reports and the redline -----------------------------------------------------------------


def test_checklist_and_markdown_show_every_element():
    report = report_for()
    lines = checklist_lines(report)
    assert sum(1 for line in lines if line[:2] in ("13", "14")) == 25
    assert "13(2)(c)  gap              right to withdraw consent" in "\n".join(lines)
    text = markdown(report)
    assert text.count("\n| ") == 27  # header, its rule, one row per element
    assert "| right to withdraw consent | [13(2)(c)](https://eur-lex.europa.eu/eli/reg/2016/679/oj/eng#art_13 " in text


def test_gap_changes_close_and_open():
    closing = SMALL_REGISTER.replace("13(2)(c): {status: gap, note: Not said.}", "13(2)(c): {status: provided, where: [besoegende]}")
    opening = SMALL_REGISTER.replace("13(2)(d): {status: provided, where: [klage]}", "13(2)(d): {status: gap, note: Gone.}")
    closed, opened = gap_changes(ELEMENTS, parse_register(SMALL_REGISTER), parse_register(closing))
    assert [(c.key, c.before, c.after) for c in closed] == [("13(2)(c)", "gap", "provided"), ("14(2)(d)", "gap", "provided")]
    assert opened == []
    assert gap_change_lines(SMALL_REGISTER, opening, base_name="v2026-12-01") == [
        "Transparency gaps:",
        "  opened: 13(2)(d) right to lodge a complaint (provided -> gap)",
        "  opened: 14(2)(e) right to lodge a complaint (provided -> gap)",
    ]
    assert gap_change_lines(SMALL_REGISTER, SMALL_REGISTER) == ["Transparency gaps: no change."]
    assert gap_change_lines(None, SMALL_REGISTER, base_name="v1") == [
        "Transparency gaps: not compared: v1 has no policy/transparency.yaml."
    ]
    assert gap_change_lines(SMALL_REGISTER, None) == []
    # Partly provided to gap is still a gap: neither closed nor opened.
    worse = SMALL_REGISTER.replace("13(1)(f): {status: partial, where: [modtagere], note: No copy.}", "13(1)(f): {status: gap, note: x}")
    assert gap_change_lines(SMALL_REGISTER, worse) == ["Transparency gaps: no change."]


def test_small_register_is_well_formed():
    assert parse_register(textwrap.dedent(SMALL_REGISTER)).problems == ()
