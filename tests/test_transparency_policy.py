"""The real policy's transparency register: make transparency, make check, and the front page's first layer."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from tests.support.build import PROJECT_ROOT, copy_project, strict_build
from tests.support.htmltext import has_class

REGISTER = "policy/transparency.yaml"


def make_transparency(source: Path, workdir: Path) -> subprocess.CompletedProcess[str]:
    """``make transparency`` as the Makefile runs it: ``python -m tools.editor.transparency``."""
    return subprocess.run(
        [sys.executable, "-m", "tools.editor.transparency", "--source", str(source), "--builddir", str(workdir / "build"),
         "--markdown", str(workdir / "transparency.md")],
        capture_output=True, check=False, encoding="utf-8", cwd=PROJECT_ROOT,
    )  # fmt: skip


def rows(stdout: str) -> dict[str, str]:
    """The checklist's element lines by article: ``{"13(2)(c)": "gap  right to withdraw consent  -"}``."""
    return {
        match["key"]: " ".join(match["rest"].split())
        for match in re.finditer(r"^(?P<key>1[34]\(\d\)\([a-g]\))\s+(?P<rest>.+)$", stdout, re.MULTILINE)
    }


@pytest.fixture(scope="module")
def policy_checklist(tmp_path_factory) -> tuple[subprocess.CompletedProcess[str], Path]:
    workdir = tmp_path_factory.mktemp("transparency")
    result = make_transparency(copy_project(workdir / "src"), workdir)
    return result, workdir


def test_make_transparency_prints_each_elements_computed_status_and_evidence(policy_checklist):
    result, workdir = policy_checklist
    assert result.returncode == 0, result.stderr
    checklist = rows(result.stdout)
    assert len(checklist) == 25
    for key, name in (("13(2)(c)", "right to withdraw consent"), ("13(2)(e)", "statutory or contractual requirement"),
                      ("13(2)(f)", "automated decision-making and profiling"), ("13(1)(b)", "data protection officer")):
        assert checklist[key].startswith(f"gap {name}"), checklist[key]
    assert checklist["13(2)(a)"] == "partly provided retention period"
    assert checklist["13(2)(b)"] == "provided rights of the data subject"
    # The evidence: the quote and its section, for each part.
    assert ('          given: retention of bookkeeping: "Vi beholder personoplysninger på debitorer og kreditorer i '
            'bogføringsmateriale i 5 år." (opbevaringsperiode, policy/opbevaringsperiode.md)') in result.stdout
    assert "          missing: how to obtain a copy of the safeguards: The policy names the safeguards" in result.stdout
    assert ("policy/vendors.yaml:75:5: vendor 'TikTok' is in GB, which has an EU adequacy decision "
            "(_ext/vendors/data/transfers.yaml), but is listed under scc") in result.stdout
    markdown = (workdir / "transparency.md").read_text(encoding="utf-8")
    assert "| right to withdraw consent | [13(2)(c)](https://eur-lex.europa.eu/eli/reg/2016/679/oj/eng#art_13" in markdown
    assert "| **gap** | missing: right to withdraw consent: Sections 2.1 and 2.2 rely on consent" in markdown


def test_removing_a_quoted_fact_fails_make_check_at_the_data_files_line(tmp_path):
    """The editor deletes the five years of bookkeeping from section 3, and mistypes an element in the register."""
    source = copy_project(tmp_path / "src")
    section = source / "policy" / "opbevaringsperiode.md"
    text = section.read_text(encoding="utf-8")
    sentence = " Vi beholder personoplysninger på debitorer og kreditorer i bogføringsmateriale i 5 år."
    assert text.count(sentence) == 1
    section.write_text(text.replace(sentence, ""), encoding="utf-8")
    register = source / REGISTER
    register_text = register.read_text(encoding="utf-8")
    register.write_text(register_text.replace("\n  13(2)(e):\n", "\n  13(2)(x):\n"), encoding="utf-8")

    result = strict_build(source, tmp_path / "out")
    assert result.returncode != 0
    warnings = [w for w in result.stderr.splitlines() if "WARNING" in w]
    data = source / "policy" / "processing.yaml"
    line = next(n for n, text in enumerate(data.read_text(encoding="utf-8").splitlines(), 1)
                if "quote: Vi beholder personoplysninger på debitorer" in text)
    assert (f"{data}:{line}:14: WARNING: the retention quote \"Vi beholder personoplysninger på debitorer og "
            "kreditorer i bogføringsmateriale i 5 år.\" is no longer in section 'opbevaringsperiode' "
            "(policy/opbevaringsperiode.md): nothing there is close; quote the new words, or make the fact a gap "
            "[processing.quote_lost]") in warnings
    line = register_text.splitlines().index("  13(2)(e):") + 1
    assert (f"{register}:{line}:3: WARNING: unknown element '13(2)(x)' (did you mean '13(2)(f)'?) "
            "[transparency.unknown_element]") in warnings


# -- The front page's first layer -------------------------------------------------------------

OVERVIEW = f"//dl[{has_class('transparency-overview')}]"


def overview(html: str) -> lxml.html.HtmlElement:
    (dl,) = lxml.html.document_fromstring(html).xpath(OVERVIEW)
    return dl


@pytest.mark.parametrize(
    ("language", "title", "summary", "terms", "visitors", "no_period", "object_right"),
    [
        ("da", "Kort fortalt", "Dette er et resumé. Den fulde privatlivspolitik nedenfor gælder.",
         ["Formål", "Oplysninger", "Retsgrundlag", "Opbevaring"],
         ["tilpasse vores indhold og annoncer, vise dig funktioner til sociale medier og analysere vores trafik",
          "brugeradfærd, browsertype, enhedskategori, oplysninger om foretrukne indstillinger og IP-adresse",
          "dit samtykke (databeskyttelsesforordningens artikel 6, stk. 1, litra a)",
          "Politikken angiver ingen periode."],
         "Politikken angiver ingen periode.", "Din ret til indsigelse"),
        ("en", "At a glance", "This is a summary. The full privacy policy below applies.",
         ["Purpose", "Data", "Legal basis", "Retention"],
         ["to personalise our content and ads, to show you social media features and to analyse our traffic",
          "user behaviour, browser type, device category, information about preferred settings, and IP address",
          "your consent (Article 6(1)(a) GDPR)",
          "The policy gives no period."],
         "The policy gives no period.", "Your right to object"),
    ],
)
def test_front_page_overview(policy_build, language, title, summary, terms, visitors, no_period, object_right):
    dl = overview(policy_build("html", language=None if language == "da" else language).read("index.html"))
    # The heading, then the sentence saying it is a summary (the link to the notice may follow it).
    heading = dl.xpath("preceding-sibling::h2[1]")[0]
    intro = heading.getnext()
    assert (heading.text_content(), intro.text_content()) == (title, summary)
    # Before the table of contents (under its own heading): near the top.
    assert dl.xpath('following-sibling::*[2][self::div[contains(@class, "toctree-wrapper")]]')
    activities = dl.xpath("./dt[a]")
    assert [a.get("href") for a in dl.xpath("./dt/a")][:7] == [
        f"policy/{page}.html#{label}" for page, label in (
            ("formaal-og-retsgrundlag", "besoegende"), ("formaal-og-retsgrundlag", "nyhedsbrev"),
            ("formaal-og-retsgrundlag", "kunder"), ("formaal-og-retsgrundlag", "leads"),
            ("formaal-og-retsgrundlag", "henvendelser"), ("formaal-og-retsgrundlag", "jobsoegere"),
            ("opbevaringsperiode", "opbevaringsperiode"))
    ]
    assert len(activities) == 7
    first = dl.xpath("./dd[1]/dl")[0]
    assert [dt.text_content() for dt in first.xpath("./dt")] == terms
    assert [" ".join(dd.text_content().split()) for dd in first.xpath("./dd")] == visitors
    retention = [" ".join(dd.text_content().split()) for dd in dl.xpath("./dd/dl/dd[4]")]
    assert retention.count(no_period) == 3 and any("5" in text for text in retention)
    eurlex = "dan" if language == "da" else "eng"
    assert {a.get("href") for a in dl.xpath("./dd//a[contains(@class, 'gdpr')]")} == {
        f"https://eur-lex.europa.eu/eli/reg/2016/679/oj/{eurlex}#art_6"
    }
    terms_after = [dt.text_content() for dt in dl.xpath("./dt[not(a)]")]
    assert object_right in terms_after
    objection = dl.xpath(f"./dt[.='{object_right}']/following-sibling::dd[1]")[0]
    assert [a.get("href") for a in objection.xpath(".//a")] == ["policy/rettigheder.html#indsigelse"]
    rights = dl.xpath(f"./dt[.='{object_right}']/preceding-sibling::dd[1]//li")
    assert len(rights) == 5  # Articles 15-18 and 20; the right to object is the item of its own


def test_overview_is_in_the_single_page_and_its_pdf(policy_build, tmp_path):
    import datetime as dt

    from pypdf import PdfReader

    from tools.sitebuild.pdf import print_document, write_pdf

    build = policy_build("singlehtml")
    html = build.read("index.html")
    dl = overview(html)
    hrefs = [a.get("href") for a in dl.xpath(".//a[contains(@class, 'internal')]")]
    assert hrefs and all(re.fullmatch(r"#[a-z-]+", href) for href in hrefs), hrefs
    ids = set(lxml.html.document_fromstring(html).xpath("//@id"))
    assert {href[1:] for href in hrefs} <= ids

    document = print_document(html, language="da", company="WEXO A/S", title="WEXOs privatlivspolitik",
                              effective=dt.date(2026, 12, 15), created=dt.datetime(2026, 12, 15, tzinfo=dt.UTC))
    target = tmp_path / "policy.pdf"
    write_pdf(document, target, language="da", base_url=build.outdir)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(target).pages[:6])
    assert "Kort fortalt" in text
    assert "Dette er et resumé. Den fulde privatlivspolitik nedenfor gælder." in text
    assert "Retsgrundlag dit samtykke" in text
    assert "Din ret til indsigelse" in text


# -- The redline ---------------------------------------------------------------------------------


def test_the_redline_summary_compares_the_statuses_computed_at_the_base_and_in_the_tree(tmp_path):
    from tests.support.editor_repo import git
    from tools.editor.material import Summary
    from tools.editor.redline import RedlineResult, transparency_changes

    repo = copy_project(tmp_path / "repo")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "policy")
    commit = git(repo, "rev-parse", "HEAD").strip()
    assert transparency_changes(repo, commit, "v2026-12-01") == (
        "Transparency: no computed status changes since v2026-12-01.",)

    klage = repo / "policy" / "klage.md"
    klage.write_text(klage.read_text(encoding="utf-8").replace("indgive en klage til", "skrive til"), encoding="utf-8")
    lines = transparency_changes(repo, commit, "v2026-12-01")
    assert lines == (
        "Transparency, computed from policy/processing.yaml and the text, since v2026-12-01:",
        "  13(2)(d) right to lodge a complaint (also 14(2)(e)): provided -> gap",
    )
    result = RedlineResult(Summary(base="v2026-12-01"), {}, [], lines)
    assert result.summary_lines()[-2:] == list(lines)
    assert result.summary_lines()[0] == "Changes since v2026-12-01:"
