"""The real policy's transparency register: make transparency, make check, and the front page's first layer."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from tests.support.build import PROJECT_ROOT, copy_project, strict_build

REGISTER = "policy/transparency.yaml"
# 2.1's last sentence; 2.2 ends with the same words, but is followed by its own text, not by 2.2's label.
CONSENT_IN_2_1 = "er dit samtykke, jf. {gdpr}`6(1)(a)`.\n\n(nyhedsbrev)="
WITHOUT_CITATION = "er dit samtykke.\n\n(nyhedsbrev)="


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


def test_make_transparency_lists_the_gaps_and_every_other_element_with_its_sections(policy_checklist):
    result, workdir = policy_checklist
    assert result.returncode == 0, result.stderr
    checklist = rows(result.stdout)
    assert len(checklist) == 25
    for key, name in (("13(2)(c)", "right to withdraw consent"), ("13(2)(e)", "statutory or contractual requirement"),
                      ("13(2)(f)", "automated decision-making and profiling"), ("13(1)(b)", "data protection officer")):
        assert checklist[key].startswith(f"gap {name}"), checklist[key]
        assert checklist[key].endswith(" -")
    assert checklist["13(1)(c)"] == (
        "provided purposes and legal basis besoegende (policy/formaal-og-retsgrundlag.md:7); nyhedsbrev "
        "(policy/formaal-og-retsgrundlag.md:16); kunder (policy/formaal-og-retsgrundlag.md:25); leads "
        "(policy/formaal-og-retsgrundlag.md:32); henvendelser (policy/formaal-og-retsgrundlag.md:39); jobsoegere "
        "(policy/formaal-og-retsgrundlag.md:46)"
    )
    for line in checklist.values():
        if not line.startswith("gap"):
            assert re.search(r"\(policy/[a-z-]+\.md:\d+\)|as 1[34]\(\d\)\([a-f]\)$", line), line
    markdown = (workdir / "transparency.md").read_text(encoding="utf-8")
    assert "| right to withdraw consent | [13(2)(c)](https://eur-lex.europa.eu/eli/reg/2016/679/oj/eng#art_13" in markdown
    assert "| **gap** | - |" in markdown


def test_deleting_consent_from_2_1_changes_what_make_transparency_says(policy_checklist, tmp_path):
    before, _workdir = policy_checklist
    source = copy_project(tmp_path / "src")
    section = source / "policy" / "formaal-og-retsgrundlag.md"
    text = section.read_text(encoding="utf-8")
    assert text.count(CONSENT_IN_2_1) == 1
    section.write_text(text.replace(CONSENT_IN_2_1, WITHOUT_CITATION), encoding="utf-8")
    after = make_transparency(source, tmp_path)

    assert "          build: 2.1 Besøgende på hjemmesiden: 6(1)(a)" in before.stdout
    assert "          build: 2.1 Besøgende på hjemmesiden: cites no 6(1)" in after.stdout
    assert "build: required by 2.1 Besøgende på hjemmesiden (6(1)(a)); 2.2 Nyhedsbrev (6(1)(a))" in before.stdout
    assert "build: required by 2.2 Nyhedsbrev (6(1)(a))\n" in after.stdout
    # The register still lists 2.1 for the legal basis: a contradiction, as make check reports it.
    line = next(n for n, text in enumerate((source / REGISTER).read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("    where: [besoegende, nyhedsbrev, kunder"))
    assert after.returncode == 1
    assert (f"  {REGISTER}:{line}:13: 'besoegende' is given for 13(1)(c) (purposes and legal basis), but "
            "2.1 Besøgende på hjemmesiden cites no 6(1) with {gdpr}") in after.stdout


def test_an_element_that_does_not_exist_fails_make_check_naming_the_register_and_line(tmp_path):
    source = copy_project(tmp_path / "src")
    register = source / REGISTER
    text = register.read_text(encoding="utf-8")
    assert text.count("\n  13(2)(e):\n") == 1
    register.write_text(text.replace("\n  13(2)(e):\n", "\n  13(2)(x):\n"), encoding="utf-8")
    line = text.splitlines().index("  13(2)(e):") + 1
    result = strict_build(source, tmp_path / "out")
    assert result.returncode != 0
    warnings = [w for w in result.stderr.splitlines() if "WARNING" in w]
    assert f"{register}:{line}:3: WARNING: unknown element '13(2)(x)' (did you mean '13(2)(f)'?) [transparency.unknown_element]" in warnings
    assert any(w.startswith(f"{register}:") and "element 13(2)(e)" in w and "is missing" in w for w in warnings)


# -- The front page's first layer -------------------------------------------------------------

OVERVIEW = '//dl[contains(concat(" ", @class, " "), " transparency-overview ")]'


def overview(html: str) -> lxml.html.HtmlElement:
    (dl,) = lxml.html.document_fromstring(html).xpath(OVERVIEW)
    return dl


@pytest.mark.parametrize(
    ("language", "title", "terms", "first_purpose", "countries"),
    [
        ("da", "Kort fortalt", ["Formål og retsgrundlag", "Modtagere", "Overførsel til lande uden for EU/EØS",
                                "Dine rettigheder", "Klage"],
         "2.1 Besøgende på hjemmesiden: Samtykke (databeskyttelsesforordningens artikel 6, stk. 1, litra a)",
         "USA og Storbritannien"),
        ("en", "At a glance", ["Purposes and legal bases", "Recipients", "Transfers outside the EU/EEA", "Your rights",
                               "Complaints"],
         "2.1 Visitors to the website: Consent (Article 6(1)(a) GDPR)", "United States and United Kingdom"),
    ],
)
def test_front_page_overview(policy_build, language, title, terms, first_purpose, countries):
    dl = overview(policy_build("html", language=None if language == "da" else language).read("index.html"))
    heading = dl.getprevious()
    assert (heading.tag, heading.text_content()) == ("h2", title)
    # Before the table of contents: near the top.
    assert dl.getnext().xpath('self::div[contains(@class, "toctree-wrapper")]')
    assert [dt.text_content() for dt in dl.xpath("./dt")] == terms
    purposes = dl.xpath("./dd[1]/ul/li")
    assert len(purposes) == 6
    assert " ".join(purposes[0].text_content().split()) == first_purpose
    assert [a.get("href") for a in dl.xpath("./dd[1]/ul/li/p/a[1]")] == [
        f"policy/formaal-og-retsgrundlag.html#{label}"
        for label in ("besoegende", "nyhedsbrev", "kunder", "leads", "henvendelser", "jobsoegere")
    ]
    eurlex = "dan" if language == "da" else "eng"
    assert {a.get("href") for a in dl.xpath("./dd[1]//a[contains(@class, 'gdpr')]")} == {
        f"https://eur-lex.europa.eu/eli/reg/2016/679/oj/{eurlex}#art_6"
    }
    assert dl.xpath("./dd[2]/p[1]")[0].text_content().startswith("Microsoft, Google, Meta, TikTok")
    assert [a.get("href") for a in dl.xpath("./dd[2]//a")] == ["policy/modtagere.html#modtagere"]
    assert dl.xpath("./dd[3]/p[1]")[0].text_content() == countries
    assert [a.get("href") for a in dl.xpath("./dd[3]//a")] == ["policy/modtagere.html#overfoersel-til-tredjelande"]
    assert len(dl.xpath("./dd[4]//li/p/a")) == 6
    assert [a.get("href") for a in dl.xpath("./dd[5]//a")] == ["policy/klage.html#klage"]


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
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(target).pages[:2])
    assert "Kort fortalt" in text
    assert "Formål og retsgrundlag" in text
    assert "2.1 Besøgende på hjemmesiden: Samtykke" in text


# -- The redline ---------------------------------------------------------------------------------


def test_the_redline_summary_says_which_gaps_a_change_closes_and_opens(tmp_path):
    from tests.support.editor_repo import git

    from tools.editor.redline import RedlineResult, transparency_gaps
    from tools.editor.material import Summary

    repo = tmp_path / "repo"
    (repo / "policy").mkdir(parents=True)
    register = repo / REGISTER
    published = (PROJECT_ROOT / REGISTER).read_text(encoding="utf-8")
    register.write_text(published, encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "register")
    commit = git(repo, "rev-parse", "HEAD").strip()
    assert transparency_gaps(repo, commit, "v2026-12-01") == ("Transparency gaps: no change.",)

    closing = published.replace("  13(2)(c):\n    status: gap\n", "  13(2)(c):\n    status: provided\n    where: [besoegende]\n")
    opening = closing.replace("  13(2)(d):\n    status: provided\n    where: [klage]\n", "  13(2)(d):\n    status: gap\n    note: x\n")
    register.write_text(opening, encoding="utf-8")
    lines = transparency_gaps(repo, commit, "v2026-12-01")
    assert lines == (
        "Transparency gaps:",
        "  closed: 13(2)(c) right to withdraw consent (gap -> provided)",
        "  closed: 14(2)(d) right to withdraw consent (gap -> provided)",
        "  opened: 13(2)(d) right to lodge a complaint (provided -> gap)",
        "  opened: 14(2)(e) right to lodge a complaint (provided -> gap)",
    )
    result = RedlineResult(Summary(base="v2026-12-01"), {}, [], lines)
    assert result.summary_lines()[-5:] == list(lines)
    assert result.summary_lines()[0] == "Changes since v2026-12-01:"
