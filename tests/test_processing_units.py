"""The processing data's reader and the quote anchoring: pure functions, one table of mistakes.

Every mistake in policy/processing.yaml is one problem at line:column with its
code; a quote the text no longer contains names the section's file and the
closest text there now.
"""

from __future__ import annotations

from pathlib import Path

import pytest

# isort: split
from processing.anchors import closest_text, find_quote, iso_duration, policy_texts, section_texts, sentence_of
from processing.facts import cached_processing, check_quotes, parse_processing, read_processing
from tools.project import REPO_ROOT

MARKDOWN = """\
(formaal)=
# 2. Formål

Indledning med {gdpr}`6(1)(a)` og [et link](https://example.com).

(besoeg)=
## 2.1 Besøg

Vi indsamler **brugeradfærd** og
IP-adresse. Retsgrundlaget er dit samtykke, jf. {gdpr}`6(1)(a)`.

% a comment the reader never sees

```{vendor-table}
:name: tabel
```

(slet)=
## 2.2 Sletning

Vi beholder bogføringsmateriale i 5 år.

(kontakt)=
WEXO A/S\\
<kontakt@wexo.dk>

Efter kontakten.
"""

GENERAL = """\
general:
  controller: {section: besoeg, quote: Vi indsamler}
  data-protection-officer: {gap: Not stated.}
  recipients: &recipients {section: besoeg, quote: IP-adresse}
  transfers: {gap: Not stated.}
  safeguards:
    - {basis: scc, gap: Not stated.}
  safeguard-copy: {gap: Not stated.}
  rights:
    - {article: "15", gap: Not stated.}
    - {article: "16", gap: Not stated.}
    - {article: "17", gap: Not stated.}
    - {article: "18", gap: Not stated.}
    - {article: "20", gap: Not stated.}
    - {article: "21", gap: Not stated.}
  withdraw-consent: {gap: Not stated.}
  complaint: {gap: Not stated.}
  requirement: {gap: Not stated.}
  automated-decisions: {gap: Not stated.}
"""

VALID = GENERAL + """\
activities:
  - id: visitors
    section: besoeg
    purpose: {gap: Not stated.}
    data-subjects: {quote: Vi indsamler}
    personal-data:
      - quote: brugeradfærd
      - quote: IP-adresse
    source: {gap: Not stated.}
    legal-basis: {point: 6(1)(a), quote: Retsgrundlaget er dit samtykke}
    retention: {section: slet, quote: Vi beholder bogføringsmateriale i 5 år.}
    recipients: *recipients
"""

ACTIVITY_LINE = VALID.splitlines().index("  - id: visitors") + 1

# (id, the YAML, the exact problems as "line:column: code: message")
CASES = [
    (
        "unknown-field",
        VALID.replace("    source:", "    sources: {gap: x}\n    source:"),
        [f"{ACTIVITY_LINE + 7}:5: unknown_field: unknown field 'sources' in activity 'visitors' "
         "(did you mean 'source'?)"],
    ),
    (
        "quote-and-gap",
        VALID.replace("purpose: {gap: Not stated.}", "purpose: {gap: Not stated., quote: Vi}"),
        [f"{ACTIVITY_LINE + 2}:15: quote_and_gap: the purpose fact of activity 'visitors' has both a quote and a gap: "
         "a fact is either the policy's words or a gap"],
    ),
    (
        "no-quote-no-gap",
        VALID.replace("purpose: {gap: Not stated.}", "purpose: {section: besoeg}"),
        [f"{ACTIVITY_LINE + 2}:14: no_quote: the purpose fact of activity 'visitors' has no quote and no gap: quote "
         "the policy's Danish words that state it, or write a gap with a note"],
    ),
    (
        "empty-quote",
        VALID.replace("quote: brugeradfærd", 'quote: ""'),
        [f"{ACTIVITY_LINE + 5}:16: no_quote: a fact in personal-data of activity 'visitors' has no quote and no gap: "
         "quote the policy's Danish words that state it, or write a gap with a note"],
    ),
    (
        "duplicate-activity",
        VALID + VALID.split("activities:\n", 1)[1].replace("*recipients", "{gap: x}"),
        [f"{ACTIVITY_LINE + 11}:5: duplicate_activity: activity 'visitors' is given twice (first at line "
         f"{ACTIVITY_LINE})"],
    ),
    (
        "id-not-kebab-case",
        VALID.replace("id: visitors", "id: Visitors_2"),
        [f"{ACTIVITY_LINE}:9: id: the id 'Visitors_2' of activity 'Visitors_2' must be kebab-case (lower-case "
         "letters, digits and hyphens, e.g. job-applicants)"],
    ),
    (
        "missing-fact",
        VALID.replace("    source: {gap: Not stated.}\n", ""),
        [f"{ACTIVITY_LINE}:5: missing_field: missing required field 'source' in activity 'visitors'"],
    ),
    (
        "unknown-point",
        VALID.replace("point: 6(1)(a)", "point: 6(1)(g)"),
        [f"{ACTIVITY_LINE + 8}:26: point: unknown point '6(1)(g)' in the legal-basis fact of activity 'visitors' "
         "(did you mean '6(1)(f)'?)"],
    ),
    (
        "interest-missing",
        VALID.replace("point: 6(1)(a)", "point: 6(1)(f)"),
        [f"{ACTIVITY_LINE + 8}:18: legitimate_interest: activity 'visitors' relies on 6(1)(f): give its "
         "'legitimate-interest' (a quote, or a gap)"],
    ),
    (
        "interest-without-6-1-f",
        VALID.replace("    retention:", "    legitimate-interest: {gap: x}\n    retention:"),
        [f"{ACTIVITY_LINE + 9}:5: legitimate_interest: activity 'visitors' has a 'legitimate-interest', which only "
         "an activity relying on 6(1)(f) has (its legal basis is 6(1)(a))"],
    ),
    (
        "right-missing",
        VALID.replace('    - {article: "20", gap: Not stated.}\n', ""),
        ["10:5: missing_right: 'general' rights has no entry for Article(s) 20: quote where the policy states "
         "each right, or write it as a gap"],
    ),
    (
        "unknown-basis",
        VALID.replace("basis: scc", "basis: SCC"),
        ["7:15: basis: unknown basis 'SCC' in a fact in 'general' safeguards (did you mean 'scc'?)"],
    ),
    (
        "general-quote-without-section",
        VALID.replace("controller: {section: besoeg, quote: Vi indsamler}", "controller: {quote: Vi indsamler}"),
        ["2:15: missing_field: the controller fact in 'general' needs a 'section': the label of the section it "
         "quotes"],
    ),
    (
        "not-yaml",
        VALID.replace("purpose: {gap: Not stated.}", "purpose: {gap: Not stated."),
        None,  # a syntax error: one problem, checked below
    ),
]


def problem_lines(text: str) -> list[str]:
    return [f"{p.line}:{p.column}: {p.code}: {p.message}" for p in parse_processing(text).problems]


@pytest.mark.parametrize(("text", "expected"), [(text, expected) for _, text, expected in CASES if expected],
                         ids=[case for case, _, expected in CASES if expected])
def test_each_mistake_is_one_problem_at_its_line(text: str, expected: list[str]) -> None:
    assert problem_lines(text) == expected


def test_a_syntax_error_is_one_problem_and_no_data() -> None:
    processing = parse_processing(next(text for case, text, _ in CASES if case == "not-yaml"))
    assert [problem.code for problem in processing.problems] == ["syntax"]
    assert processing.unreadable and processing.activities == ()


def test_the_valid_file_reads_into_frozen_dataclasses() -> None:
    processing = parse_processing(VALID)
    assert processing.problems == ()
    activity = processing.activity("visitors")
    assert activity is not None
    assert [fact.quote for fact in activity.personal_data] == ["brugeradfærd", "IP-adresse"]
    assert activity.legal_basis.point == "6(1)(a)"
    assert activity.purpose.is_gap and activity.purpose.gap == "Not stated."
    assert activity.retention.section == "slet" and activity.retention.duration == "P5Y"
    # The alias is the general fact itself, listed once among all facts.
    assert activity.recipients == processing.general.recipients
    assert sum(fact.kind == "recipients" for fact in processing.facts()) == 1
    with pytest.raises(AttributeError):
        activity.id = "other"  # type: ignore[misc]


def test_the_build_shares_one_reading_of_the_data_until_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "processing.yaml"
    path.write_text(GENERAL, encoding="utf-8")
    first = cached_processing(path)
    assert cached_processing(path) is first
    assert first == read_processing(path)
    path.write_text(GENERAL.replace("{gap: Not stated.}", "{gap: Not stated yet.}", 1), encoding="utf-8")
    changed = cached_processing(path)
    assert changed is not first
    assert changed.general.data_protection_officer.gap == "Not stated yet."


def test_section_texts_remove_markup_and_keep_sections_apart() -> None:
    texts = section_texts(MARKDOWN)
    assert list(texts) == ["formaal", "besoeg", "slet", "kontakt"]
    assert "6(1)(a)" in texts["formaal"] and "et link" in texts["formaal"] and "https" not in texts["formaal"]
    assert "2.1 Besøg" in texts["formaal"]  # a section's text takes its subsections in
    assert texts["besoeg"].startswith("2.1 Besøg\n\nVi indsamler brugeradfærd og\nIP-adresse.")
    assert "comment" not in texts["besoeg"] and "tabel" not in texts["besoeg"]
    assert "2.2" not in texts["besoeg"]
    assert texts["kontakt"] == "WEXO A/S\nkontakt@wexo.dk"  # a labelled paragraph: that paragraph only


def test_quotes_match_with_whitespace_normalised() -> None:
    text = section_texts(MARKDOWN)["besoeg"]
    assert find_quote("brugeradfærd og IP-adresse", text) > 0
    assert find_quote("brugeradfærd  og\n  IP-adresse", text) > 0
    assert find_quote("brugeradfærd og ip-adresse", text) == -1
    assert sentence_of("IP-adresse", text) == "Vi indsamler brugeradfærd og IP-adresse."
    assert sentence_of("dit samtykke", text) == "Retsgrundlaget er dit samtykke, jf. 6(1)(a)."


def test_a_lost_quote_names_its_line_the_file_and_the_closest_text() -> None:
    processing = parse_processing(VALID)
    edited = MARKDOWN.replace("i 5 år", "i 3 år")
    texts, sources = policy_texts({"policy/demo.md": edited})
    problems = check_quotes(processing, texts, sources)
    line = VALID.splitlines().index("    retention: {section: slet, quote: Vi beholder bogføringsmateriale i 5 år.}") + 1
    assert [(p.line, p.column, p.code) for p in problems] == [(line, 39, "quote_lost")]
    assert problems[0].message == (
        "the retention quote \"Vi beholder bogføringsmateriale i 5 år.\" is no longer in section 'slet' "
        "(policy/demo.md): the closest text there now is \"Vi beholder bogføringsmateriale i 3 år.\"; "
        "quote the new words, or make the fact a gap"
    )


def test_an_unknown_label_is_reported_at_the_quote() -> None:
    processing = parse_processing(VALID.replace("section: slet", "section: sletning"))
    texts, sources = policy_texts({"policy/demo.md": MARKDOWN})
    assert [(p.code, p.message) for p in check_quotes(processing, texts, sources)] == [
        ("unknown_label", "the retention quote is in section 'sletning', which the policy does not have "
         "(did you mean 'slet'?)"),
    ]


@pytest.mark.parametrize(("quote", "duration"), [
    ("Vi beholder personoplysninger i bogføringsmateriale i 5 år.", "P5Y"),
    ("gemmes i fem år", "P5Y"),
    ("i 6 måneder", "P6M"),
    ("i op til 30 dage", "P30D"),
    ("i 2 uger", "P2W"),
    ("Henvendelser slettes løbende når de er behandlet.", ""),
    ("Vi opdaterer vores databaser over leads flere gange årligt.", ""),
    ("i 5 år eller i 6 måneder", ""),  # two periods: the notice cannot tell which
])
def test_iso_duration_is_read_from_the_quote(quote: str, duration: str) -> None:
    assert iso_duration(quote) == duration


def test_closest_text_is_empty_when_nothing_is_close() -> None:
    assert closest_text("helt andre ord om noget", "Vi indsamler brugeradfærd.") == ""


def test_the_policy_data_matches_the_policy_text() -> None:
    """The shipped policy/processing.yaml reads without problems and every quote is in the text."""
    processing = read_processing(REPO_ROOT / "policy" / "processing.yaml")
    assert processing.problems == ()
    files = {f"policy/{path.name}": path.read_text(encoding="utf-8") for path in (REPO_ROOT / "policy").glob("*.md")}
    assert check_quotes(processing, *policy_texts(files)) == []
    assert [activity.id for activity in processing.activities] == [
        "website-visitors", "newsletter", "customers", "leads", "enquiries", "job-applicants", "bookkeeping",
    ]
    assert processing.activity("bookkeeping").retention.duration == "P5Y"
