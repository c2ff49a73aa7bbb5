"""The transparency extension in a build: the register's problems and the text's contradictions as
exact ``file:line:column`` warnings, gaps as notices, and the first-layer overview (tests/roots/test-transparency)."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from sphinx.util.console import strip_colors


def lines(app, stream: str = "warning") -> list[str]:
    """The app's warnings (or notices) without colours, with the source directory as ``SRC``."""
    text = strip_colors(getattr(app, stream).getvalue()).replace(str(app.srcdir), "SRC")
    return [line.strip() for line in text.splitlines() if line.strip()]


def notices(app) -> list[str]:
    return [line.split("... ")[-1] for line in lines(app, "status") if ": notice: " in line and "transparency" in line]


@pytest.mark.sphinx("html", testroot="transparency", freshenv=True)
def test_a_consistent_register_builds_cleanly_and_lists_its_gaps(app):
    app.build()
    assert lines(app) == []
    assert notices(app) == [
        "SRC/transparency.yaml:2:3: notice: 13(1)(a) (controller's identity and contact details, also 14(1)(a)) "
        "is a gap: No controller in this small policy.",
        "SRC/transparency.yaml:8:3: notice: 13(2)(a) (retention period, also 14(2)(a)) is a gap: No retention.",
        "SRC/transparency.yaml:12:3: notice: 13(2)(e) (statutory or contractual requirement to provide the data) "
        "is a gap: Not said.",
        "SRC/transparency.yaml:25:3: notice: 14(2)(f) (source of the data) is a gap: Not said.",
    ]


@pytest.mark.sphinx("html", testroot="transparency", freshenv=True, confoverrides={"transparency_file": "contradictions.yaml"})
def test_contradictions_between_register_and_text(app):
    app.build()
    assert lines(app) == [
        "SRC/contradictions.yaml:4:52: WARNING: 'klage' is given for 13(1)(c) (purposes and legal basis), but 4. Klage "
        "cites no 6(1) with {gdpr}: cite it there, or correct the register [transparency.no_evidence]",
        "SRC/contradictions.yaml:4:3: WARNING: 1.2 Kunder (policy.md:10) cites 6(1)(f), but 13(1)(c) (purposes and "
        "legal basis) gives no place in it: add 'kunder' under 'where', or state it there [transparency.unlisted]",
        "SRC/contradictions.yaml:5:40: WARNING: 'rettigheder' is given for 13(1)(d) (legitimate interests), but "
        "3. Rettigheder cites no 6(1)(f) with {gdpr}: cite it there, or correct the register [transparency.no_evidence]",
        "SRC/contradictions.yaml:5:3: WARNING: 1.2 Kunder (policy.md:10) cites 6(1)(f), but 13(1)(d) (legitimate "
        "interests) gives no place in it: add 'kunder' under 'where', or state it there [transparency.unlisted]",
        "SRC/contradictions.yaml:7:22: WARNING: 13(1)(f) (third-country transfers and safeguards) is recorded as "
        "not-applicable, but 1 vendor(s) outside the EU/EEA (Acme): give where the policy provides it, or record it "
        "as a gap [transparency.required]",
        "SRC/contradictions.yaml:9:40: WARNING: 'klage' is given for 13(2)(b) (rights of the data subject), but "
        "4. Klage cites no 15-22 with {gdpr}: cite it there, or correct the register [transparency.no_evidence]",
        "SRC/contradictions.yaml:10:22: WARNING: 13(2)(c) (right to withdraw consent) is recorded as not-applicable, "
        "but 1.1 Nyhedsbrev cites 6(1)(a): give where the policy provides it, or record it as a gap "
        "[transparency.required]",
        "SRC/contradictions.yaml:11:40: WARNING: no section labelled 'klagr' in the policy (did you mean 'klage'?) "
        "[transparency.unknown_label]",
    ]


@pytest.mark.sphinx("html", testroot="transparency", freshenv=True, confoverrides={"transparency_file": "malformed.yaml"})
def test_a_malformed_register(app):
    app.build()
    assert lines(app) == [
        "SRC/malformed.yaml:3:22: WARNING: unknown status 'maybe' for element 13(1)(b) (expected one of: provided, "
        "partial, gap, not-applicable) [transparency.status]",
        "SRC/malformed.yaml:8:22: WARNING: element 13(2)(a) (retention period) applies to every policy: it cannot be "
        "not-applicable [transparency.not_applicable]",
        "SRC/malformed.yaml:12:3: WARNING: unknown element '13(2)(g)' (did you mean '14(2)(g)'?) "
        "[transparency.unknown_element]",
        "SRC/malformed.yaml:1:1: WARNING: element 13(2)(e) (statutory or contractual requirement to provide the data) "
        "is missing: give where the policy provides it, or record it as a gap or not-applicable "
        "[transparency.missing_element]",
        "SRC/malformed.yaml:1:1: WARNING: element 14(2)(g) (automated decision-making and profiling) is missing: give "
        "where the policy provides it, or record it as a gap or not-applicable [transparency.missing_element]",
    ]


@pytest.mark.sphinx("html", testroot="transparency", freshenv=True, confoverrides={"transparency_file": "none.yaml"})
def test_a_missing_register_is_one_warning(app):
    app.build()
    assert len(lines(app)) == 1
    assert lines(app)[0].startswith("WARNING: cannot read the register SRC/none.yaml: No such file or directory "
                                    "(transparency_file = 'none.yaml') [transparency.missing]")


@pytest.mark.sphinx("html", testroot="transparency", freshenv=True, parallel=2)
def test_a_parallel_build_collects_the_same_facts(app):
    app.build()
    assert lines(app) == []
    assert len(notices(app)) == 4


def overview(outdir: Path, page: str = "index.html") -> lxml.html.HtmlElement:
    root = lxml.html.parse(str(outdir / page)).getroot()
    (dl,) = root.xpath('//dl[contains(concat(" ", @class, " "), " transparency-overview ")]')
    return dl


@pytest.mark.sphinx("html", testroot="transparency", freshenv=True)
def test_the_overview_from_the_small_policy(app):
    app.build()
    dl = overview(Path(app.outdir))
    heading = dl.getprevious()
    assert (heading.tag, heading.text_content()) == ("h2", "Kort fortalt")
    assert [dt.text_content() for dt in dl.xpath("./dt")] == [
        "Formål og retsgrundlag", "Modtagere", "Overførsel til lande uden for EU/EØS", "Dine rettigheder", "Klage",
    ]
    purposes = dl.xpath("./dd[1]//li")
    assert [" ".join(li.text_content().split()) for li in purposes] == [
        "1.1 Nyhedsbrev: Samtykke (databeskyttelsesforordningens artikel 6, stk. 1, litra a)",
        "1.2 Kunder: Legitim interesse (databeskyttelsesforordningens artikel 6, stk. 1, litra f)",
    ]
    assert [a.get("href") for a in purposes[0].xpath(".//a")] == [
        "policy.html#nyhedsbrev", "https://eur-lex.europa.eu/eli/reg/2016/679/oj/dan#art_6",
    ]
    assert dl.xpath("./dd[2]/p[1]")[0].text_content() == "Acme og Nordisk"
    assert dl.xpath("./dd[3]/p[1]")[0].text_content() == "USA"
    assert [a.get("href") for a in dl.xpath("./dd[3]//a")] == ["policy.html#modtagere"]
    assert [a.get("href") for a in dl.xpath("./dd[5]//a")] == ["policy.html#klage"]


@pytest.mark.sphinx("html", testroot="transparency", freshenv=True, confoverrides={"language": "en"})
def test_the_overview_in_english(app):
    app.build()
    dl = overview(Path(app.outdir))
    assert dl.getprevious().text_content() == "At a glance"
    assert [dt.text_content() for dt in dl.xpath("./dt")] == [
        "Purposes and legal bases", "Recipients", "Transfers outside the EU/EEA", "Your rights", "Complaints",
    ]
    assert " ".join(dl.xpath("./dd[1]//li")[0].text_content().split()) == "1.1 Nyhedsbrev: Consent (Article 6(1)(a) GDPR)"
    assert dl.xpath("./dd[2]/p[1]")[0].text_content() == "Acme and Nordisk"
    assert dl.xpath("./dd[3]/p[1]")[0].text_content() == "United States"
