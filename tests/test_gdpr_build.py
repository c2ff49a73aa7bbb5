"""The {gdpr} role and the cited-provisions page in small test projects (tests/roots/test-gdpr*/)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pytest
from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp, assert_node

from tests.support.build import PROJECT_ROOT, strict_build
from tests.support.htmltext import element_text, has_class, normalise_space, parse

ROOTS = Path(__file__).resolve().parent / "roots"
ELI = "https://eur-lex.europa.eu/eli/reg/2016/679/oj"



def gdpr_links(page: str) -> list[dict[str, str]]:
    """Every {gdpr} link on a built page: href, id, title and text."""
    return [{"href": link.get("href"), "id": link.get("id"), "title": link.get("title"), "text": link.text_content()}
            for link in parse(page).xpath('//a[@class="gdpr reference external"]')]


def visible(*elements: lxml.html.HtmlElement) -> str:
    """The text of *elements* (a page, or the elements of one entry), whitespace-normalised."""
    return normalise_space(" ".join(element.text_content() for element in elements))


def rubrics(page: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return page.xpath('//h2[@class="rubric"]')


def cited_entries(page: lxml.html.HtmlElement) -> dict[str, list[lxml.html.HtmlElement]]:
    """Each provision on the cited page, by its heading's id: the elements after the heading, up to the next one."""
    entries = {}
    for heading in rubrics(page):
        if not heading.get("id", "").startswith("gdpr-"):
            continue
        elements = entries[heading.get("id")] = []
        for sibling in heading.itersiblings():
            if (sibling.tag == "h2" and sibling.get("class") == "rubric") or "gdpr-credit" in sibling.get("class", ""):
                break
            elements.append(sibling)
    return entries


def links_in(elements: list[lxml.html.HtmlElement], condition: str = "") -> list[tuple[str, str]]:
    """(href, text) of each link in *elements*, in order; *condition* an XPath predicate on the link."""
    return [(a.get("href"), a.text_content()) for element in elements for a in element.xpath(f".//a[@href]{condition}")]


# -- Rendering -------------------------------------------------------------------

DANISH = [
    ("databeskyttelsesforordningens artikel 13", "dan#art_13",
     "Oplysningspligt ved indsamling af personoplysninger hos den registrerede"),
    ("databeskyttelsesforordningens artikel 15-18", "dan#art_15",
     ("Den registreredes indsigtsret; Ret til berigtigelse; Ret til sletning (»retten til at blive glemt«); "
     "Ret til begrænsning af behandling")),
    ("databeskyttelsesforordningens artikel 6, stk. 1", "dan#art_6", "Lovlig behandling"),
    ("databeskyttelsesforordningens artikel 6, stk. 1, litra a", "dan#art_6", "Lovlig behandling"),
    ("databeskyttelsesforordningens artikel 4, nr. 11", "dan#art_4", "Definitioner"),
    ("databeskyttelsesforordningens artikel 4, nr. 16, litra a", "dan#art_4", "Definitioner"),
    ("the consent rules", "dan#art_7", "Betingelser for samtykke"),
    ("databeskyttelsesforordningens artikel 15-18", "dan#art_15",
     ("Den registreredes indsigtsret; Ret til berigtigelse; Ret til sletning (»retten til at blive glemt«); "
     "Ret til begrænsning af behandling")),
    ("artikel 20-21", "dan#art_20", "Ret til dataportabilitet; Ret til indsigelse"),
]  # fmt: skip

ENGLISH = [
    ("Article 13 GDPR", "eng#art_13", "Information to be provided where personal data are collected from the data subject"),
    ("Articles 15–18 GDPR", "eng#art_15",
     ("Right of access by the data subject; Right to rectification; Right to erasure (‘right to be forgotten’); "
     "Right to restriction of processing")),
    ("Article 6(1) GDPR", "eng#art_6", "Lawfulness of processing"),
    ("Article 6(1)(a) GDPR", "eng#art_6", "Lawfulness of processing"),
    ("Article 4(11) GDPR", "eng#art_4", "Definitions"),
    ("Article 4(16)(a) GDPR", "eng#art_4", "Definitions"),
    ("the consent rules", "eng#art_7", "Conditions for consent"),
    ("Articles 15–18 GDPR", "eng#art_15",
     ("Right of access by the data subject; Right to rectification; Right to erasure (‘right to be forgotten’); "
     "Right to restriction of processing")),
    ("Articles 20–21", "eng#art_20", "Right to data portability; Right to object"),
]  # fmt: skip


@pytest.mark.sphinx("html", testroot="gdpr", srcdir="gdpr-da")
def test_danish_rendering(app):
    app.build()
    assert app.warning.getvalue() == ""
    links = gdpr_links((app.outdir / "forms.html").read_text(encoding="utf-8"))
    assert [(link["text"], link["href"], link["title"]) for link in links] == [
        (text, f"{ELI}/{href}", title) for text, href, title in DANISH
    ]
    page = visible(parse((app.outdir / "forms.html").read_text(encoding="utf-8")))
    assert "Short: databeskyttelsesforordningens artikel 15-18 samt artikel 20-21." in page


@pytest.mark.sphinx("html", testroot="gdpr", srcdir="gdpr-en", confoverrides={"language": "en"})
def test_english_rendering(app):
    app.build()
    assert app.warning.getvalue() == ""
    forms = (app.outdir / "forms.html").read_text(encoding="utf-8")
    links = gdpr_links(forms)
    assert [(link["text"], link["href"], link["title"]) for link in links] == [
        (text, f"{ELI}/{href}", title) for text, href, title in ENGLISH
    ]
    # Nothing Danish leaks into an English build: not the words, not the links.
    cited = (app.outdir / "cited.html").read_text(encoding="utf-8")
    for page in (forms, cited):
        for danish in ("databeskyttelsesforordning", "artikel", "stk.", "litra", "Henvisninger", "/dan#"):
            assert danish not in page, danish


@pytest.mark.sphinx("html", testroot="gdpr", srcdir="gdpr-doctree")
def test_the_role_makes_one_reference_node(app):
    app.build()
    doctree = app.env.get_doctree("rights")
    references = [node for node in doctree.findall(nodes.reference) if "gdpr_citation" in node]
    assert len(references) == 1
    assert_node(
        references[0],
        nodes.reference,
        refuri=f"{ELI}/dan#art_6",
        reftitle="Lovlig behandling",
        classes=["gdpr"],
        ids=["gdpr-rights-0"],
        gdpr_citation="6(1)(a)",
    )
    assert references[0].astext() == "databeskyttelsesforordningens artikel 6, stk. 1, litra a"


@pytest.mark.sphinx("html", testroot="gdpr", srcdir="gdpr-de", confoverrides={"language": "de"})
def test_a_language_without_data_falls_back_to_english_with_a_warning(app):
    app.build()
    assert (
        "WARNING: missing: _ext/gdpr/data/gdpr-text-de.json, the GDPR's official text in 'de': GDPR references "
        "will be in English; create it from the EU's Formex text as _ext/gdpr/data/README.md describes "
        "[gdpr.language]"
    ) in app.warning.getvalue()
    assert gdpr_links((app.outdir / "rights.html").read_text(encoding="utf-8"))[0]["text"] == "Article 6(1)(a) GDPR"


def test_a_bad_url_pattern_is_a_config_error(tmp_path):
    shutil.copytree(ROOTS / "test-gdpr", tmp_path / "src")
    with pytest.raises(ConfigError, match=r"has unknown fields \['lang'\]"):
        SphinxTestApp(
            "html",
            srcdir=tmp_path / "src",
            builddir=tmp_path / "build",
            confoverrides={"gdpr_url": "https://example.org/{lang}#{article}"},
        )


# -- The cited-provisions page -----------------------------------------------------


@pytest.mark.sphinx("html", testroot="gdpr", srcdir="gdpr-cited")
def test_cited_page_lists_provisions_in_article_order_with_backlinks(app):
    app.build()
    page = parse((app.outdir / "cited.html").read_text(encoding="utf-8"))
    assert [element_text(h1) for h1 in page.xpath("//h1")] == ["Henvisninger til databeskyttelsesforordningen"]
    headings = [visible(h) for h in rubrics(page)]
    assert headings == [
        "Artikel 4, nr. 11 – Definitioner",
        "Artikel 4, nr. 16, litra a – Definitioner",
        "Artikel 6, stk. 1 – Lovlig behandling",
        "Artikel 6, stk. 1, litra a – Lovlig behandling",
        "Artikel 7 – Betingelser for samtykke",
        "Artikel 13 – Oplysningspligt ved indsamling af personoplysninger hos den registrerede",
        "Artikel 15 – Den registreredes indsigtsret",
        "Artikel 16 – Ret til berigtigelse",
        "Artikel 17 – Ret til sletning (»retten til at blive glemt«)",
        "Artikel 18 – Ret til begrænsning af behandling",
        "Artikel 20 – Ret til dataportabilitet",
        "Artikel 21 – Ret til indsigelse",
        "Kilde til forordningens tekst",
    ]

    entries = cited_entries(page)
    # 6(1)(a) is cited twice, in two documents, each linked back to the citing link's own id.
    backlinks = links_in(entries["gdpr-6-1-a"], '[@class="reference internal"]')
    assert backlinks == [("forms.html#gdpr-forms-3", "Paragraphs and points"), ("rights.html#gdpr-rights-0", "Rights")]
    for href, _text in backlinks:
        target_page, anchor = href.split("#")
        assert parse((app.outdir / target_page).read_text(encoding="utf-8")).xpath(f'//*[@id="{anchor}"]'), href
    # Articles 15-18 are cited twice in one section; each of them lists both places.
    for article in ("15", "16", "17", "18"):
        assert [href for href, _text in links_in(entries[f"gdpr-{article}"])][:2] == [
            "forms.html#gdpr-forms-1",
            "forms.html#gdpr-forms-7",
        ]

    # The official text: a point after its lead-in, and nothing else of the paragraph.
    point = visible(*entries["gdpr-6-1-a"])
    assert point.startswith(
        "1. Behandling er kun lovlig, hvis og i det omfang mindst ét af følgende forhold gør sig gældende: "
        "a) Den registrerede har givet samtykke til behandling af sine personoplysninger til et eller flere "
        "specifikke formål. Henvisninger i privatlivspolitikken:"
    )
    assert "b) Behandling er nødvendig" not in point
    # A paragraph: its lead-in, all six points and its second subparagraph.
    paragraph = visible(*entries["gdpr-6-1"])
    assert "f) Behandling er nødvendig for, at den dataansvarlige" in paragraph
    assert "Første afsnit, litra f), gælder ikke for behandling, som offentlige myndigheder foretager" in paragraph
    assert "2. Medlemsstaterne" not in paragraph
    # A definition, and a point of a definition.
    assert "I denne forordning forstås ved: 11) »samtykke« fra den registrerede:" in visible(*entries["gdpr-4-11"])
    assert "16) »hovedvirksomhed«: a) for så vidt angår en dataansvarlig" in visible(*entries["gdpr-4-16-a"])
    assert "b) for så vidt angår en databehandler" not in visible(*entries["gdpr-4-16-a"])
    # A whole article: every paragraph, numbered.
    article = visible(*entries["gdpr-7"])
    for number in "1234":
        assert f" {number}. " in f" {article}", number
    assert (f"{ELI}/dan#art_7", "Artikel 7 på EUR-Lex") in links_in(entries["gdpr-7"])

    [credit] = [visible(div) for div in page.xpath(f"//div[{has_class('gdpr-credit')}]")]
    assert credit.startswith("Kilde til forordningens tekst Forordningens tekst er gengivet efter")
    assert "Den Europæiske Unions Publikationskontor" in credit
    assert "Kommissionens afgørelse 2011/833/EU" in credit
    assert "Kun den tekst, der er offentliggjort i Den Europæiske Unions Tidende, er autentisk." in credit


@pytest.mark.sphinx("html", testroot="gdpr", srcdir="gdpr-cited-en", confoverrides={"language": "en"})
def test_cited_page_in_english(app):
    app.build()
    page = (app.outdir / "cited.html").read_text(encoding="utf-8")
    assert "<h1>GDPR provisions cited in this policy" in page
    text = visible(parse(page))
    assert (
        "Article 6(1)(a) – Lawfulness of processing 1. Processing shall be lawful only if and to the extent that "
        "at least one of the following applies: (a) the data subject has given consent to the processing of his "
        "or her personal data for one or more specific purposes; Cited in this policy:"
    ) in text
    assert "Article 6 on EUR-Lex" in text
    assert "Source of the regulation's text The text of the regulation is quoted from" in text
    assert "Publications Office of the European Union" in text
    assert "Commission Decision 2011/833/EU" in text
    assert "Only the text published in the Official Journal of the European Union is authentic." in text


@pytest.mark.sphinx("singlehtml", testroot="gdpr", srcdir="gdpr-single")
def test_backlinks_work_on_a_single_page(app):
    app.build()
    page = parse((app.outdir / "index.html").read_text(encoding="utf-8"))
    targets = page.xpath('//a[@class="reference internal"][contains(@href, "#gdpr-")]/@href')
    assert targets
    ids = set(page.xpath("//@id"))
    for href in targets:
        assert href.count("#") == 1, href
        assert href.split("#")[1] in ids, href


def test_an_incremental_build_updates_the_cited_page(tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-gdpr", srcdir)

    def build() -> str:
        app = SphinxTestApp("html", srcdir=srcdir, builddir=tmp_path / "build")
        try:
            app.build()
        finally:
            app.cleanup()
        return (app.outdir / "cited.html").read_text(encoding="utf-8")

    assert 'href="rights.html#gdpr-rights-0">Rights</a>' in build()
    (srcdir / "rights.md").write_text("# Rights\n\nNow: {gdpr}`9(2)(a)`.\n", encoding="utf-8")
    page = build()
    assert 'id="gdpr-9-2-a"' in page
    entries = page.split('<h2 class="rubric"')
    assert next(entry for entry in entries if "rights.html#" in entry).startswith(' id="gdpr-9-2-a"')


# -- Invalid references: exact warnings in a strict build ---------------------------


def test_strict_build_names_file_and_line_of_each_bad_reference(tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-gdpr-invalid", srcdir)
    result = strict_build(srcdir, tmp_path / "out")
    assert result.returncode == 1
    index = srcdir / "index.md"
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert warnings == [
        f"{index}:3: WARNING: invalid GDPR reference '6(1)(g)': Article 6(1) has points a–f [gdpr.reference]",
        f"{index}:5: WARNING: invalid GDPR reference '6(5)': Article 6 has paragraphs 1–4 [gdpr.reference]",
        (f"{index}:7: WARNING: invalid GDPR reference '10(1)': Article 10 has no numbered paragraphs: "
        "cite it as 10 [gdpr.reference]"),
        (f"{index}:9: WARNING: invalid GDPR reference '100': Article 100 does not exist: "
        "the GDPR has Articles 1–99 [gdpr.reference]"),
        (f"{index}:11: WARNING: invalid GDPR reference '18-15': the range 18-15 is reversed: "
        "write 15-18 [gdpr.reference]"),
    ]
    # Each bad reference stays visible as a problematic node; the valid one is still a link and listed.
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert page.count('<span class="problematic">') == 5
    assert '<span class="problematic">:gdpr:`6(1)(g)`</span>' in page
    headings = [visible(h) for h in rubrics(parse(page))]
    assert headings == ["Artikel 6, stk. 1, litra a – Lovlig behandling", "Kilde til forordningens tekst"]


# -- Mistakes that MyST builds silently: exact warnings in a strict build -------------

LITERAL_ROLE_WARNINGS = [
    ":3: WARNING: role '{gdpr}``' is not read as a role, so readers see it as typed: "
    "a role's content goes between single backticks, as in {gdpr}`77` [gdpr.literal_role]",
    ":5: WARNING: role '{gdpr}' is inside a code span (`...`), so readers see it as typed: "
    "remove the backticks around it and write the role alone, as in {gdpr}`77` [gdpr.literal_role]",
    ":7: WARNING: role '{gdpr}`14`' is inside a code span (`...`), so readers see it as typed: "
    "remove the backticks around it and write the role alone, as in {gdpr}`77` [gdpr.literal_role]",
    # MyST's own, for a misspelt role name: not reported twice.
    ':9: WARNING: Unknown interpreted text role "gpdr". [myst.role_unknown]',
]
# MyST asks every domain for a missing label; the gdpr domain answers, so this is the only line.
MISSING_LABEL_WARNING = ":18: WARNING: 'myst' cross-reference target not found: 'findes-ikke' [myst.xref_missing]"


def strict_build_of(root: str, tmp_path: Path, language: str) -> tuple[int, Path, list[str]]:
    """A strict build of a copy of tests/roots/test-<root>/ in *language*: exit code, index.md, warnings."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / f"test-{root}", srcdir)
    (srcdir / "conf.py").write_text(
        (srcdir / "conf.py").read_text(encoding="utf-8") + f"language = {language!r}\n",
        encoding="utf-8",
    )
    result = strict_build(srcdir, tmp_path / "out")
    index = srcdir / "index.md"
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    line_number = re.compile(rf"^{re.escape(str(index))}:(\d+):")
    return result.returncode, index, sorted(warnings, key=lambda w: int(m[1]) if (m := line_number.match(w)) else 0)


def test_role_syntax_readers_would_see_and_a_doubled_name_fail_the_strict_build(tmp_path):
    returncode, index, warnings = strict_build_of("gdpr-mistakes", tmp_path, "da")
    assert returncode == 1
    assert warnings == [f"{index}{line}" for line in LITERAL_ROLE_WARNINGS] + [
        f"{index}:12: WARNING: 'databeskyttelsesforordningens' is typed before {{gdpr}}`77`, which writes the "
        "regulation's name itself, so readers see 'databeskyttelsesforordningens databeskyttelsesforordningens "
        "artikel 77': delete 'databeskyttelsesforordningens', or write {gdpr}`~77` to leave the name out of the "
        "role's text [gdpr.doubled_name]",
        f"{index}{MISSING_LABEL_WARNING}",
    ]


def test_the_name_typed_after_the_role_in_a_translation_names_the_catalog(tmp_path):
    returncode, index, warnings = strict_build_of("gdpr-mistakes", tmp_path, "en")
    assert returncode == 1
    assert warnings == [f"{index}{line}" for line in LITERAL_ROLE_WARNINGS] + [
        f"{index}:16: WARNING: in this paragraph's translation (locale/en/LC_MESSAGES/index.po): 'GDPR' is typed "
        "after {gdpr}`21`, which writes the regulation's name itself, so readers see 'Article 21 GDPR GDPR': "
        "delete 'GDPR', or write {gdpr}`~21` to leave the name out of the role's text [gdpr.doubled_name]",
        f"{index}{MISSING_LABEL_WARNING}",
    ]


@pytest.mark.parametrize(
    ("before", "citation", "after", "expected"),
    [
        ("jf. databeskyttelsesforordningens ", "databeskyttelsesforordningens artikel 77", ".", "databeskyttelsesforordningens"),
        ("jf. Databeskyttelsesforordningens\n", "databeskyttelsesforordningens artikel 77", "", "Databeskyttelsesforordningens"),
        ("jf. ", "databeskyttelsesforordningens artikel 77", "", None),
        ("databeskyttelsesforordningens ", "artikel 77", "", None),  # the ~ form
        ("forordningens ", "databeskyttelsesforordningens artikel 77", "", None),
        ("under ", "Article 77 GDPR", " GDPR.", "GDPR"),
        ("under ", "Article 77 GDPR", " GDPRs", None),
        ("under ", "Article 77", " GDPR", None),
    ],
)
def test_doubled_name_is_found_in_plain_text(before, citation, after, expected):
    from gdpr.checks import doubled_name

    name_before, name_after = ("", "GDPR") if citation.startswith("Article") else ("databeskyttelsesforordningens", "")
    assert doubled_name(before, citation, after, name_before=name_before, name_after=name_after) == expected


@pytest.mark.parametrize(
    ("text", "in_code", "expected"),
    [
        ("jf. {gdpr}`` og", False, ["{gdpr}``"]),
        ("{gdpr}`", False, ["{gdpr}`"]),
        ("{ref}`` and {gdpr}``", False, ["{ref}``", "{gdpr}``"]),
        ("a {placeholder} in text", False, []),
        ("{gdpr}", True, ["{gdpr}"]),
        (" {gdpr}`14` ", True, ["{gdpr}`14`"]),
        ("{language}/x", True, []),
    ],
)
def test_literal_role_syntax_is_found(text, in_code, expected):
    from gdpr.checks import literal_roles_in_code, literal_roles_in_text

    found = (literal_roles_in_code if in_code else literal_roles_in_text)(text)
    assert [role.text for role in found] == expected


# -- The message catalog ------------------------------------------------------------


def _code_messages() -> set[str]:
    from babel.messages.extract import extract_from_dir

    return {message for _file, _line, message, _comments, _context in extract_from_dir(str(PROJECT_ROOT / "_ext" / "gdpr"))}


@pytest.mark.parametrize("language", ["da", "en"])
def test_catalog_translates_every_message_the_code_uses(language):
    from babel.messages.pofile import read_po

    po_path = PROJECT_ROOT / "_ext" / "gdpr" / "locale" / language / "LC_MESSAGES" / "gdpr.po"
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file)
    messages = {message.id: message for message in catalog if message.id}
    assert set(messages) == _code_messages()
    for msgid, message in messages.items():
        assert message.string, msgid
        assert not message.fuzzy, msgid
        assert set(re.findall(r"\{\w+\}", message.string)) == set(re.findall(r"\{\w+\}", msgid)), msgid


def test_catalogs_compile_only_when_stale_and_outside_the_source(tmp_path):
    from message_catalogs import compile_catalogs

    locale = PROJECT_ROOT / "_ext" / "gdpr" / "locale"
    written = compile_catalogs(locale, "gdpr", tmp_path)
    assert sorted(path.relative_to(tmp_path).as_posix() for path in written) == [
        "da/LC_MESSAGES/gdpr.mo",
        "en/LC_MESSAGES/gdpr.mo",
    ]
    assert compile_catalogs(locale, "gdpr", tmp_path) == []
    assert not list(tmp_path.glob("**/.gdpr-*"))
