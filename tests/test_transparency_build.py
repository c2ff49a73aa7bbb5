"""The transparency extension in a build: the register's problems and the text's contradictions as
exact ``file:line:column`` warnings, gaps as notices, and the first-layer overview (tests/roots/test-transparency)."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from tests.support.build import app_lines
from tests.support.htmltext import has_class


def notices(app) -> list[str]:
    return [line.split("... ")[-1] for line in app_lines(app, "status") if ": notice: " in line]


@pytest.mark.sphinx("html", testroot="transparency", freshenv=True)
def test_a_consistent_register_builds_cleanly_and_lists_its_gaps(app):
    app.build()
    assert app_lines(app) == []
    assert notices(app) == [
        "SRC/processing.yaml:2:21: notice: 13(1)(a) (controller's identity and contact details, also 14(1)(a)) is a "
        "gap: identity: No controller in this small policy.; contact details: no contact details are configured "
        "(reader_controller in conf.py) [transparency.gap]",
        "SRC/processing.yaml:8:25: notice: 13(1)(f) (third-country transfers and safeguards, also 14(1)(f)) is only "
        "partly provided: how to obtain a copy of the safeguards: No copy. [transparency.partial]",
        "SRC/processing.yaml:29:22: notice: 13(2)(a) (retention period, also 14(2)(a)) is a gap: retention of "
        "newsletter: No retention.; retention of customers: No retention. [transparency.gap]",
        "SRC/processing.yaml:11:28: notice: 13(2)(b) (rights of the data subject, also 14(2)(c)) is only partly "
        "provided: right to rectification (Article 16): Not said.; right to erasure (Article 17): Not said.; right to "
        "restriction of processing (Article 18): Not said.; right to data portability (Article 20): Not said.; right "
        "to object (Article 21): Not said. [transparency.partial]",
        "SRC/processing.yaml:18:22: notice: 13(2)(e) (statutory or contractual requirement to provide the data) is a "
        "gap: whether the data must be provided: Not said. [transparency.gap]",
        "SRC/processing.yaml:27:19: notice: 14(2)(f) (source of the data) is a gap: source of newsletter: Not said.; "
        "source of customers: Not said. [transparency.gap]",
    ]


@pytest.mark.sphinx("html", testroot="transparency", freshenv=True, confoverrides={"transparency_file": "contradictions.yaml"})
def test_each_status_the_evidence_contradicts_fails_at_its_line(app):
    app.build()
    assert app_lines(app) == [
        "SRC/contradictions.yaml:5:22: WARNING: element 13(2)(d) (right to lodge a complaint) applies to every policy: "
        "it cannot be not-applicable [transparency.not_applicable]",
        "SRC/contradictions.yaml:2:22: WARNING: 13(1)(c) (purposes and legal basis) is recorded as gap, but the text "
        "gives purpose of newsletter (\"Vi sender nyhedsbreve til din e-mail.\", nyhedsbrev); legal basis of "
        "newsletter (\"dit samtykke\", nyhedsbrev); purpose of customers (\"for at levere vores ydelser\", kunder); "
        "legal basis of customers (\"vores legitime interesse\", kunder) [transparency.evidence_exists]",
        "SRC/contradictions.yaml:7:22: WARNING: 13(1)(d) (legitimate interests) is recorded as partial, but every part "
        "has evidence: legitimate interest of customers (\"Vi har en legitim interesse i at betjene kunder.\", kunder) "
        "[transparency.evidence_exists]",
        "SRC/contradictions.yaml:3:22: WARNING: 13(1)(f) (third-country transfers and safeguards) is recorded as "
        "provided, but only 2 of its 3 parts have evidence; missing: how to obtain a copy of the safeguards (No copy.) "
        "[transparency.partial_evidence]",
        "SRC/contradictions.yaml:6:22: WARNING: 13(2)(c) (right to withdraw consent) is recorded as not-applicable, "
        "but 1.1 Nyhedsbrev cites 6(1)(a); activity 'newsletter' relies on consent (6(1)(a)): record it as a gap, or "
        "give it in the text [transparency.required]",
        "SRC/contradictions.yaml:4:22: WARNING: 13(2)(e) (statutory or contractual requirement to provide the data) "
        "is recorded as provided, but nothing in the text gives it: whether the data must be provided (Not said.) "
        "[transparency.no_evidence]",
    ]


@pytest.mark.sphinx("html", testroot="transparency", freshenv=True, confoverrides={"transparency_file": "malformed.yaml"})
def test_a_malformed_register(app):
    app.build()
    assert app_lines(app) == [
        "SRC/malformed.yaml:3:22: WARNING: unknown status 'maybe' for element 13(1)(b) (expected one of: provided, "
        "partial, gap, not-applicable) [transparency.status]",
        "SRC/malformed.yaml:4:32: WARNING: element 13(1)(c) has 'where', which the register no longer takes: the "
        "sections now come from the quotes in policy/processing.yaml; remove it [transparency.retired_field]",
        "SRC/malformed.yaml:5:22: WARNING: element 13(2)(f) is not-applicable: give the reason it does not apply under "
        "'note' [transparency.missing_field]",
        "SRC/malformed.yaml:6:3: WARNING: unknown element '13(2)(g)' (did you mean '14(2)(g)'?) "
        "[transparency.unknown_element]",
        "SRC/malformed.yaml:7:14: WARNING: element 14(2)(b) has 'same-as', which the register no longer takes: an "
        "Article 14 point takes its Article 13 counterpart's evidence by itself; remove it [transparency.retired_field]",
        "SRC/malformed.yaml:8:3: WARNING: element 13(1)(a) is given twice (first at line 2) "
        "[transparency.duplicate_element]",
    ]


@pytest.mark.parametrize("expected", [
    pytest.param("WARNING: cannot read the register SRC/none.yaml: No such file or directory "
                 "(transparency_file = 'none.yaml') [transparency.missing]",
                 marks=pytest.mark.sphinx("html", testroot="transparency", freshenv=True,
                                          confoverrides={"transparency_file": "none.yaml"}), id="register"),
    pytest.param("WARNING: cannot read the processing data SRC/none.yaml: No such file or directory "
                 "(processing_file = 'none.yaml') [processing.missing]",
                 marks=pytest.mark.sphinx("html", testroot="transparency", freshenv=True,
                                          confoverrides={"processing_file": "none.yaml"}), id="processing-data"),
])
def test_a_missing_file_is_one_warning_and_no_contradiction(app, expected):
    app.build()
    [line] = app_lines(app)
    assert line.startswith(expected)


@pytest.mark.sphinx("html", testroot="transparency", freshenv=True, parallel=2)
def test_a_parallel_build_collects_the_same_facts(app):
    app.build()
    assert app_lines(app) == []
    assert len(notices(app)) == 6


def overview(outdir: Path, page: str = "index.html") -> lxml.html.HtmlElement:
    root = lxml.html.parse(str(outdir / page)).getroot()
    (dl,) = root.xpath(f"//dl[{has_class('transparency-overview')}]")
    return dl


@pytest.mark.sphinx("html", testroot="transparency", freshenv=True)
def test_the_overview_from_the_small_policy(app):
    app.build()
    dl = overview(Path(app.outdir))
    summary = dl.getprevious()
    assert summary.text_content() == "Dette er et resumé. Den fulde privatlivspolitik nedenfor gælder."
    heading = summary.getprevious()
    assert (heading.tag, heading.text_content()) == ("h2", "Kort fortalt")
    assert [dt.text_content() for dt in dl.xpath("./dt")] == [
        "1.1 Nyhedsbrev", "1.2 Kunder", "Modtagere", "Overførsel til lande uden for EU/EØS", "Dine rettigheder",
        "Klage",
    ]
    newsletter = {dt.text_content(): " ".join(dd.text_content().split())
                  for dt, dd in zip(dl.xpath("./dd[1]/dl/dt"), dl.xpath("./dd[1]/dl/dd"))}
    assert newsletter == {
        "Formål": "Vi sender nyhedsbreve til din e-mail.",
        "Oplysninger": "din e-mail",
        "Retsgrundlag": "dit samtykke (databeskyttelsesforordningens artikel 6, stk. 1, litra a)",
        "Opbevaring": "Politikken angiver ingen periode.",
    }
    assert [a.get("href") for a in dl.xpath("./dt[1]//a | ./dd[1]//a")] == [
        "policy.html#nyhedsbrev", "https://eur-lex.europa.eu/eli/reg/2016/679/oj/dan#art_6",
    ]
    assert dl.xpath("./dd[3]/p[2]")[0].text_content() == "Leverandører: Acme og Nordisk"
    assert dl.xpath("./dd[4]/p[1]")[0].text_content() == "Lande: USA"
    assert dl.xpath("./dd[4]/p[2]")[0].text_content() == "Garantier: standardkontraktbestemmelser"
    assert [a.get("href") for a in dl.xpath("./dd[4]//a")] == ["policy.html#modtagere"]
    assert [a.get("href") for a in dl.xpath("./dd[6]//a")] == ["policy.html#klage"]


@pytest.mark.sphinx("html", testroot="transparency", freshenv=True, confoverrides={"language": "en"})
def test_the_overview_in_english(app):
    app.build()
    dl = overview(Path(app.outdir))
    assert dl.getprevious().text_content() == "This is a summary. The full privacy policy below applies."
    assert [dt.text_content() for dt in dl.xpath("./dt")][2:] == [
        "Recipients", "Transfers outside the EU/EEA", "Your rights", "Complaints",
    ]
    assert [dt.text_content() for dt in dl.xpath("./dd[1]/dl/dt")] == ["Purpose", "Data", "Legal basis", "Retention"]
    assert " ".join(dl.xpath("./dd[1]/dl/dd[3]")[0].text_content().split()) == "dit samtykke (Article 6(1)(a) GDPR)"
    assert dl.xpath("./dd[3]/p[2]")[0].text_content() == "Vendors: Acme and Nordisk"
    assert dl.xpath("./dd[4]/p[1]")[0].text_content() == "Countries: United States"
