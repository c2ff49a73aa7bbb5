"""The policy's own GDPR citations: checked links, the published wording, the cited page, -j 2."""

from __future__ import annotations

import filecmp
import re
from pathlib import Path

import lxml.html
import pytest
from sphinx.testing.util import SphinxTestApp

from tests.support.build import PROJECT_ROOT, copy_project, strict_build
from tests.support.htmltext import article_text, normalise_space, parse
from tests.support.published import expected_text

ELI = "https://eur-lex.europa.eu/eli/reg/2016/679/oj"
# A {gdpr} citation as the policy renders it: a link to EUR-Lex that opens without a referrer.
GDPR_LINK = '//a[@class="gdpr reference external"][@rel="noopener noreferrer"][@id]'


def gdpr_links(page: str) -> list[tuple[str, str]]:
    """(href, text) of each {gdpr} citation on a built page."""
    return [(link.get("href"), link.text_content()) for link in parse(page).xpath(GDPR_LINK)]

# The published sentences that cite the GDPR (as corrected in 2026-12-01: tests/fixtures/corrections.yaml), with each citation marked "[text|anchor]":
# it must be a link to that article of the Danish text on EUR-Lex.
PUBLISHED_SENTENCES = [
    ("policy/privatlivspolitik.html",
     "Reglerne herfor fremgår af [databeskyttelsesforordningens artikel 13|art_13] og [14|art_14]."),
    ("policy/formaal-og-retsgrundlag.html",
     ("Retsgrundlaget for behandlingen af dine personoplysninger er dit samtykke, "
     "jf. [databeskyttelsesforordningens artikel 6, stk. 1, litra a|art_6].")),
    ("policy/formaal-og-retsgrundlag.html",
     ("Retsgrundlaget for behandlingen af dine personoplysninger er din anmodning forud for indgåelse af en "
     "kontrakt, jf. [databeskyttelsesforordningens artikel 6, stk. 1, litra b|art_6].")),
    ("policy/formaal-og-retsgrundlag.html",
     ("Retsgrundlaget for behandlingen af dine personoplysninger er vores legitime interesse, "
     "jf. [databeskyttelsesforordningens artikel 6, stk. 1, litra f|art_6].")),
    ("policy/rettigheder.html",
     ("I henhold til [databeskyttelsesforordningens artikel 15-18|art_15] samt [artikel 20-21|art_20], har du "
     "en række rettigheder i forhold til vores behandling af dine personoplysninger.")),
]  # fmt: skip

OFFICIAL_6_1 = {
    "da": {
        "a": "a) Den registrerede har givet samtykke til behandling af sine personoplysninger til et eller flere "
        "specifikke formål.",
        "b": "b) Behandling er nødvendig af hensyn til opfyldelse af en kontrakt, som den registrerede er part i, "
        "eller af hensyn til gennemførelse af foranstaltninger, der træffes på den registreredes anmodning forud "
        "for indgåelse af en kontrakt.",
        "f": "f) Behandling er nødvendig for, at den dataansvarlige eller en tredjemand kan forfølge en legitim "
        "interesse, medmindre den registreredes interesser eller grundlæggende rettigheder og frihedsrettigheder, "
        "der kræver beskyttelse af personoplysninger, går forud herfor, navnlig hvis den registrerede er et barn.",
    },
    "en": {
        "a": "(a) the data subject has given consent to the processing of his or her personal data for one or more "
        "specific purposes;",
        "b": "(b) processing is necessary for the performance of a contract to which the data subject is party or "
        "in order to take steps at the request of the data subject prior to entering into a contract;",
        "f": "(f) processing is necessary for the purposes of the legitimate interests pursued by the controller or "
        "by a third party, except where such interests are overridden by the interests or fundamental rights and "
        "freedoms of the data subject which require protection of personal data, in particular where the data "
        "subject is a child.",
    },
}


def test_no_gdpr_citation_is_left_as_plain_text():
    for source in sorted((PROJECT_ROOT / "policy").glob("*.md")):
        text = re.sub(r"\{gdpr\}`[^`]*`", "", source.read_text(encoding="utf-8"))
        assert not re.search(r"databeskyttelsesforordningens|\bartikel \d|\bstk\. \d|\blitra [a-z]\b", text), source


def test_the_policy_cites_what_the_published_text_cites(policy_build):
    build = policy_build("html")
    links = []
    for page in ("policy/privatlivspolitik.html", "policy/formaal-og-retsgrundlag.html", "policy/rettigheder.html"):
        links += [text for _href, text in gdpr_links(build.read(page))]
    assert sorted(links) == sorted(
        ["databeskyttelsesforordningens artikel 13", "14"]
        + ["databeskyttelsesforordningens artikel 6, stk. 1, litra a"] * 2
        + ["databeskyttelsesforordningens artikel 6, stk. 1, litra b"]
        + ["databeskyttelsesforordningens artikel 6, stk. 1, litra f"] * 3
        + ["databeskyttelsesforordningens artikel 15-18", "artikel 20-21"]
    )


def marked_links(page: str) -> str:
    """The page's reading text, each {gdpr} link written "[text|anchor]" if it goes to the Danish EUR-Lex text."""

    document = parse(page)
    for link in document.xpath(GDPR_LINK):
        href = link.get("href")
        anchor = href.removeprefix(f"{ELI}/dan#") if href.startswith(f"{ELI}/dan#") else href
        text = f"[{link.text_content()}|{anchor}]"
        for child in link:
            link.remove(child)
        link.text = text
    return article_text(lxml.html.tostring(document, encoding="unicode"))


@pytest.mark.parametrize(("page", "sentence"), PUBLISHED_SENTENCES)
def test_published_citations_read_word_for_word_as_links_to_eurlex(policy_build, page, sentence):
    text = marked_links(policy_build("html").read(page))
    assert sentence in text
    # The same words, unmarked, are the published text (with its recorded corrections).
    assert re.sub(r"\[([^|\]]*)\|[^\]]*\]", r"\1", sentence) in " ".join(expected_text().split())


def _cited_page_text(build) -> str:
    return article_text(build.read("henvisninger.html"))


@pytest.mark.parametrize("language", ["da", "en"])
def test_cited_page_quotes_article_6_1_a_b_f(policy_build, language):
    build = policy_build("html", language=None if language == "da" else language)
    assert build.warnings == ""
    text = _cited_page_text(build)
    for point in "abf":
        assert OFFICIAL_6_1[language][point] in text, point
    title = {"da": "Henvisninger til databeskyttelsesforordningen", "en": "GDPR provisions cited in this policy"}
    # The page's own title (a translation's notice stands above it).
    (heading,) = lxml.html.document_fromstring(build.read("henvisninger.html")).xpath("//article//h1")
    assert normalise_space(heading.text_content()).rstrip("¶") == title[language]
    order = {"da": "Artikel {} –", "en": "Article {} –"}[language]
    headings = ["6(1)(a)", "6(1)(b)", "6(1)(f)", "13", "14", "15", "16", "17", "18", "20", "21"]
    if language == "da":
        headings = [h.replace("6(1)(", "6, stk. 1, litra ").rstrip(")") for h in headings]
    positions = [text.find(order.format(h)) for h in headings]
    assert -1 not in positions, positions
    assert [text.find(title[language]), *positions] == sorted([text.find(title[language]), *positions])


def test_cited_page_links_back_to_every_citation(policy_build):
    build = policy_build("html")
    page = build.read("henvisninger.html")
    backlinks = [(href.split("#")[0], href.split("#")[1], link.text_content())
                 for link in parse(page).xpath('//a[@class="reference internal"][starts-with(@href, "policy/")]')
                 if "#" in (href := link.get("href"))]
    by_section = [text for _page, _anchor, text in backlinks]
    assert by_section[:6] == [
        "2.1 Besøgende på hjemmesiden",
        "2.2 Nyhedsbrev",
        "2.3 Kunder",
        "2.4 Leads",
        "2.5 Generelle henvendelser",
        "2.6 Jobsøgere",
    ]
    for target_page, anchor, _text in backlinks:
        assert parse(build.read(target_page)).xpath(f'//*[@id="{anchor}"]'), (target_page, anchor)
    # 6 citations of Article 6, two of Articles 13 and 14, and each of 15-18 and 20-21 once.
    assert len(backlinks) == 6 + 2 + 4 + 2


def test_english_build_renders_citations_in_english(policy_build):
    build = policy_build("html", language="en")
    reading = []
    for page in ("policy/privatlivspolitik.html", "policy/formaal-og-retsgrundlag.html", "policy/rettigheder.html"):
        built = build.read(page)
        links = gdpr_links(built)
        assert links, page
        for href, text in links:
            assert href.startswith(f"{ELI}/eng#art_"), href
            assert not re.search(r"databeskyttelsesforordning|artikel|stk\.|litra", text), text
        reading.append(article_text(built))
    text = " ".join(reading)
    # The translations (locale/en) keep the roles; an untranslated role would read the same.
    assert "The rules on this are laid down in Articles 13 and 14 GDPR." in text
    assert "your consent, pursuant to Article 6(1)(a) GDPR." in text
    assert "prior to entering into a contract, pursuant to Article 6(1)(b) GDPR." in text
    assert text.count("our legitimate interests, pursuant to Article 6(1)(f) GDPR.") == 3
    assert "Under Articles 15–18 and 20–21 GDPR, you have a number of rights" in text
    assert "databeskyttelsesforordning" not in text


def test_parallel_build_is_identical_to_serial(policy_build, tmp_path):
    serial = policy_build("html")
    srcdir = copy_project(tmp_path / "src")
    app = SphinxTestApp("html", srcdir=srcdir, builddir=tmp_path / "build", parallel=2, freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.warning.getvalue() == ""
    pages = sorted(path.relative_to(serial.outdir) for path in serial.outdir.rglob("*.html"))
    assert Path("henvisninger.html") in pages
    assert sorted(path.relative_to(app.outdir) for path in Path(app.outdir).rglob("*.html")) == pages
    _match, mismatch, errors = filecmp.cmpfiles(serial.outdir, app.outdir, [str(p) for p in pages], shallow=False)
    assert (mismatch, errors) == ([], [])


def test_strict_build_fails_on_a_bad_citation_in_the_policy(tmp_path):
    srcdir = copy_project(tmp_path / "src")
    policy = srcdir / "policy" / "formaal-og-retsgrundlag.md"
    lines = policy.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if "{gdpr}`6(1)(b)`" in line)
    lines[number - 1] = lines[number - 1].replace("{gdpr}`6(1)(b)`", "{gdpr}`6(1)(g)`")
    policy.write_text("".join(lines), encoding="utf-8")
    result = strict_build(srcdir, tmp_path / "out")
    assert result.returncode == 1
    assert (
        f"{policy}:{number}: WARNING: invalid GDPR reference '6(1)(g)': Article 6(1) has points a–f [gdpr.reference]"
    ) in result.stderr.splitlines()
