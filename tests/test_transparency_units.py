"""The transparency extension's pure modules: the element list, the register, the evidence and rules, the redline."""

from __future__ import annotations

from dataclasses import replace

import pytest

from processing.anchors import policy_texts
from processing.facts import parse_processing
from tests.support.build import PROJECT_ROOT, copy_project
from tools.editor.redline import tree_files_in_tree
from tools.editor.transparency import TreeFiles, checklist_lines, markdown, status_change_lines, tree_report
from transparency.collect import collect_facts
from transparency.elements import elements_by_key, load_elements, official_text
from transparency.register import parse_register
from transparency.rules import Citation, Facts, Section, VendorFact, evaluate
from transparency.source import source_facts
from vendors.registry import Registry

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


def test_the_policys_register_reads_cleanly_and_keeps_notes_and_expected_statuses():
    register = parse_register(REGISTER)
    assert register.problems == ()
    assert set(register.records) <= set(ELEMENTS)
    assert {key for key, record in register.records.items() if record.status == "gap"} == {
        "13(1)(b)", "13(2)(c)", "13(2)(e)", "13(2)(f)",
    }


# (what is changed in the policy's register, the problem's code, its message, the line it is on)
CASES = [
    (("  13(2)(e):", "  13(2)(g):"), "unknown_element", "unknown element '13(2)(g)' (did you mean '14(2)(g)'?)", "13(2)(g):"),
    (("  13(2)(e):", "  hello:"), "unknown_element", "unknown element 'hello' (the elements are the points", "hello:"),
    (("  13(2)(e):\n    status: gap\n", "  13(2)(e):\n    status: gap\n  13(2)(e):\n    status: gap\n"),
     "duplicate_element", "element 13(2)(e) is given twice (first at line", "13(2)(e):\n    status: gap\n  13(2)(f)"),
    (("  13(2)(d):\n    status: provided\n", "  13(2)(d):\n    status: provided\n    nte: x\n"), "unknown_field",
     "unknown field 'nte' in element 13(2)(d) (did you mean 'note'?)", "nte:"),
    (("  13(2)(d):\n    status: provided\n", "  13(2)(d):\n    status: provided\n    where: [klage]\n"), "retired_field",
     "element 13(2)(d) has 'where', which the register no longer takes", "where: [klage]"),
    (("  13(2)(d):\n    status: provided\n", "  13(2)(d):\n    status: provded\n"), "status",
     "unknown status 'provded' for element 13(2)(d) (did you mean 'provided'?)", "status: provded"),
    (("  13(2)(d):\n    status: provided\n", "  13(2)(d):\n    status: not-applicable\n    note: No complaints.\n"),
     "not_applicable", "element 13(2)(d) (right to lodge a complaint) applies to every policy", "status: not-applicable"),
    (("  13(1)(d):\n    status: provided\n", "  13(1)(d):\n    status: not-applicable\n"), "missing_field",
     "element 13(1)(d) is not-applicable: give the reason it does not apply under 'note'", "status: not-applicable"),
    (("\nelements:\n", "\nelements: [\n"), "syntax", "YAML syntax error: expected ',' or ']', but got ':'",
     "    status: provided\n  13(1)(b)"),
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


# -- The evidence and the rules: the small policy of tests/roots/test-transparency -------------

SMALL = PROJECT_ROOT / "tests" / "roots" / "test-transparency"


def small_facts(*, consent_citations: tuple[str, ...] = ("6(1)(a)", "7(3)"), third_country: bool = True,
                adequacy: bool = False) -> Facts:
    """The sections and citations the build collects from the small policy."""
    sections = (
        Section("formaal", "policy", "1. Formål", "policy.md", 2, citations=(*consent_citations, "6(1)(f)")),
        Section("nyhedsbrev", "policy", "1.1 Nyhedsbrev", "policy.md", 5, parent="formaal", citations=consent_citations),
        Section("kunder", "policy", "1.2 Kunder", "policy.md", 10, parent="formaal", citations=("6(1)(f)",)),
        Section("modtagere", "policy", "2. Modtagere", "policy.md", 15),
        Section("rettigheder", "policy", "3. Rettigheder", "policy.md", 23, citations=("15-18",)),
        Section("klage", "policy", "4. Klage", "policy.md", 28),
    )
    citations = tuple(Citation(target, "nyhedsbrev", "policy.md", 7) for target in consent_citations)
    citations += (Citation("6(1)(f)", "kunder", "policy.md", 12), Citation("15-18", "rettigheder", "policy.md", 25))
    vendor = VendorFact("Acme", "US" if third_country else "DK", third_country, ("scc",) if third_country else (),
                        adequacy, 2, 5)
    return Facts(sections, citations, (vendor,))


def small_texts(edit: tuple[str, str] | None = None) -> dict[str, str]:
    markdown = (SMALL / "policy.md").read_text(encoding="utf-8")
    if edit:
        assert markdown.count(edit[0]) == 1, edit
        markdown = markdown.replace(*edit)
    return policy_texts({"policy.md": markdown})[0]


def small_processing(*edits: tuple[str, str]):
    text = (SMALL / "processing.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return parse_processing(text)


def report_for(register_text: str, *, facts: Facts | None = None, texts: dict[str, str] | None = None,
               processing=None, contact: dict[str, str] | None = None):
    return evaluate(ELEMENTS, parse_register(register_text), facts or small_facts(),
                    processing or small_processing(), texts if texts is not None else small_texts(), contact or {})


def problems(register_text: str, **kwargs) -> list[tuple[int, str]]:
    return [(p.line, p.code) for p in report_for(register_text, **kwargs).problems]


SMALL_REGISTER = (SMALL / "transparency.yaml").read_text(encoding="utf-8")


def test_the_small_policys_statuses_are_computed_from_its_quotes():
    report = report_for(SMALL_REGISTER)
    assert report.problems == () and report.elsewhere == () and report.notices == ()
    statuses = {entry.element.key: entry.status for entry in report.entries}
    assert statuses["13(1)(c)"] == "provided"
    assert statuses["13(1)(f)"] == "partial"
    assert statuses["13(2)(b)"] == "partial"
    assert statuses["13(2)(c)"] == "provided"
    assert statuses["13(1)(b)"] == "not-applicable"  # recorded, with its reason, and nothing requires it
    assert statuses["14(2)(d)"] == statuses["13(2)(c)"]  # an Article 14 point takes its counterpart's evidence
    assert [part.name for part in report.entry("13(1)(f)").evidence.missing] == ["how to obtain a copy of the safeguards"]
    assert [entry.element.key for entry in report.gaps] == ["13(1)(a)", "13(1)(f)", "13(2)(a)", "13(2)(b)", "13(2)(e)", "14(2)(f)"]


# One table of false claims: (what the register says, the problem's code). Each is one problem at the status's line.
FALSE_CLAIMS = [
    ("13(1)(e): {status: gap}", "evidence_exists"),  # the recipients are quoted
    ("13(1)(f): {status: provided}", "partial_evidence"),  # no copy of the safeguards
    ("13(2)(b): {status: provided, note: Only access is stated.}", "partial_evidence"),  # its own note says so
    ("13(2)(e): {status: provided}", "no_evidence"),  # nothing quoted
    ("13(2)(e): {status: partial}", "no_evidence"),
    ("13(1)(c): {status: partial}", "evidence_exists"),  # every part is quoted
    ("13(2)(a): {status: not-applicable, note: x}", "not_applicable"),  # always applies
    ("13(2)(c): {status: not-applicable, note: x}", "required"),  # 1.1 relies on consent
    ("14(2)(d): {status: gap}", "evidence_exists"),  # Article 14 takes 13(2)(c)'s evidence
]


@pytest.mark.parametrize(("claim", "code"), FALSE_CLAIMS, ids=[claim.split(":")[0] + "-" + code for claim, code in FALSE_CLAIMS])
def test_a_false_claim_is_one_problem_at_its_line(claim, code):
    text = f"elements:\n  {claim}\n"
    assert problems(text) == [(2, code)]


def test_not_applicable_is_accepted_only_where_nothing_requires_it():
    text = "elements:\n  13(2)(c): {status: not-applicable, note: No consent.}\n"
    without_consent = small_processing(("point: 6(1)(a)", "point: 6(1)(b)"))
    facts = small_facts(consent_citations=("6(1)(b)", "7(3)"))
    assert problems(text, facts=facts, processing=without_consent,
                    texts=small_texts(("jf. {gdpr}`6(1)(a)`.", "jf. {gdpr}`6(1)(b)`."))) == [(2, "evidence_exists")]
    processing = small_processing(("point: 6(1)(a)", "point: 6(1)(b)"),
                                  ("withdraw-consent: {section: nyhedsbrev, quote: Du kan trække det tilbage}",
                                   "withdraw-consent: {gap: No consent.}"))
    report = report_for(text, facts=facts, processing=processing, texts=small_texts())
    assert report.problems == () and report.entry("13(2)(c)").status == "not-applicable"


def test_a_lost_quote_is_no_evidence():
    texts = small_texts(("Du kan klage til Datatilsynet.", "Klager behandles af Datatilsynet."))
    report = report_for("elements:\n  13(2)(d): {status: provided}\n", texts=texts)
    assert [(p.line, p.code) for p in report.problems] == [(2, "no_evidence")]
    assert report.entry("13(2)(d)").evidence.missing[0].note == "the quote is no longer in section 'klage'"


def test_a_quote_counts_only_in_a_section_citing_the_elements_provision():
    entry = report_for(SMALL_REGISTER, facts=small_facts(consent_citations=("6(1)(a)",))).entry("13(2)(c)")
    assert entry.status == "gap"
    assert entry.evidence.missing[0].note == "section 'nyhedsbrev' cites no 7(3) with {gdpr}"


def test_a_legal_basis_the_section_does_not_cite_is_a_problem_in_the_data():
    processing = small_processing(("point: 6(1)(f)", "point: 6(1)(e)"), ("    legitimate-interest: {quote: Vi har en "
                                  "legitim interesse i at betjene kunder.}\n", ""))
    report = report_for("elements: {}\n", processing=processing)
    assert [(found.path, found.line, found.code) for found in report.elsewhere] == [
        ("policy/processing.yaml", 38, "basis_not_cited"),
        ("policy.md", 12, "basis_unstated"),
    ]
    assert report.elsewhere[1].message == ("1.2 Kunder cites 6(1)(f), but no activity in policy/processing.yaml with "
                                           "section 'kunder' gives it as its legal basis")


def test_a_vendor_basis_the_text_does_not_state_is_a_problem_and_adequacy_a_notice():
    processing = small_processing(("    - {basis: scc, section: modtagere, quote: standardkontraktbestemmelser}",
                                   "    - {basis: scc, gap: Not said.}"))
    report = report_for("elements: {}\n", processing=processing, facts=small_facts(adequacy=True))
    assert [(found.path, found.line, found.code) for found in report.elsewhere] == [("policy/vendors.yaml", 2, "basis_unstated")]
    assert [(found.line, found.code) for found in report.notices] == [(2, "adequacy")]
    assert report.notices[0].message.startswith("vendor 'Acme' is in US, which has an EU adequacy decision")


def test_the_controllers_contact_details_must_be_in_the_text():
    contact = {"name": "WEXO A/S", "email": "kontakt@wexo.dk"}
    part = report_for("elements: {}\n", contact=contact).entry("13(1)(a)").evidence.parts[1]
    assert (part.given, part.note) == (False, "the text does not give the controller's name, email as conf.py's "
                                              "reader_controller has it")


# -- Reports and the redline -----------------------------------------------------------------


def test_checklist_and_markdown_show_every_element_with_its_evidence():
    report = report_for(SMALL_REGISTER)
    lines = checklist_lines(report)
    assert sum(1 for line in lines if line[:2] in ("13", "14")) == 25
    text = "\n".join(lines)
    assert "13(2)(c)  provided         right to withdraw consent" in text
    assert '          given: right to withdraw consent: "Du kan trække det tilbage" (nyhedsbrev)' in text
    assert "          missing: how to obtain a copy of the safeguards: No copy." in text
    assert "          note: No copy." in text
    text = markdown(report)
    assert text.count("\n| ") == 27  # header, its rule, one row per element
    assert "| right to withdraw consent | [13(2)(c)](https://eur-lex.europa.eu/eli/reg/2016/679/oj/eng#art_13 " in text


def project_tree() -> TreeFiles:
    """The project's own files, as the redline reads a tree."""
    return tree_files_in_tree(PROJECT_ROOT)


def test_the_redline_names_each_element_whose_computed_status_changes():
    base = project_tree()
    klage = base.policy["policy/klage.md"]
    assert "Du har ret til at indgive en klage til Datatilsynet" in klage
    edited = dict(base.policy, **{"policy/klage.md": klage.replace("indgive en klage til", "skrive til")})
    tree = replace(base, policy=edited)
    assert status_change_lines(base, tree, base_name="v2026-12-01") == [
        "Transparency, computed from policy/processing.yaml and the text, since v2026-12-01:",
        "  13(2)(d) right to lodge a complaint (also 14(2)(e)): provided -> gap",
    ]
    assert status_change_lines(tree, base, base_name="v2026-12-01")[1:] == [
        "  13(2)(d) right to lodge a complaint (also 14(2)(e)): gap -> provided",
    ]
    assert status_change_lines(base, base, base_name="v1") == ["Transparency: no computed status changes since v1."]


def test_a_base_without_processing_data_is_not_compared_and_the_trees_gaps_are_listed():
    tree = project_tree()
    lines = status_change_lines(replace(tree, processing=None), tree, base_name="v2026-11-01")
    report = tree_report(tree)
    assert report is not None
    assert lines[0] == ("Transparency: not compared: v2026-11-01 has no policy/processing.yaml, so its statuses "
                        "cannot be computed; not provided in the working tree:")
    assert "  13(2)(c) right to withdraw consent: gap" in lines
    assert len(lines) - 1 == sum(1 for entry in report.entries
                                 if entry.is_gap and not entry.element.counterpart)
    assert status_change_lines(tree, replace(tree, processing=None)) == []
    assert status_change_lines(tree, replace(tree, processing="activities: [")) == [
        "Transparency: not compared: the working tree's policy/processing.yaml cannot be read (run make check)."
    ]


def test_the_sources_facts_are_the_builds(make_app, tmp_path):
    """The redline reads a commit's Markdown; the build reads its doctree: both give the same sections and citations."""
    # Its own build: the environment of the shared builds stays in the worker that made them.
    app = make_app("dummy", srcdir=copy_project(tmp_path / "src"), freshenv=True)
    app.build()
    files = project_tree().policy
    built = collect_facts(app.env)
    read = source_facts(files, Registry())
    assert {section.label: (section.parent, section.citations, section.is_section, section.line)
            for section in read.sections} == {
        section.label: (section.parent, section.citations, section.is_section, section.line)
        for section in built.sections if section.source in files}
    assert sorted((c.target, c.section, c.source, c.line) for c in read.citations) == sorted(
        (c.target, c.section, c.source, c.line) for c in built.citations)
