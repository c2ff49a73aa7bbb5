"""The {gdpr} role's parser and validator, as pure functions: what is valid, and what editors are told."""

from __future__ import annotations

import pytest

from gdpr.citations import EURLEX_LANGUAGES, url_problems
from gdpr.references import GDPRReferenceError, Kind, Provision, parse_reference
from gdpr.regulation import data_language, data_languages, load_structure, load_text

STRUCTURE = load_structure()
FORMS = (
    "write an article such as 13, a range such as 15-18, a paragraph such as 6(1), "
    "a point such as 6(1)(a) or a definition such as 4(11)"
)


@pytest.mark.parametrize(
    ("text", "canonical", "kind", "short", "provisions"),
    [
        ("13", "13", Kind.ARTICLE, False, ["13"]),
        ("1", "1", Kind.ARTICLE, False, ["1"]),
        ("99", "99", Kind.ARTICLE, False, ["99"]),
        ("4", "4", Kind.ARTICLE, False, ["4"]),
        ("10", "10", Kind.ARTICLE, False, ["10"]),
        ("15-18", "15-18", Kind.RANGE, False, ["15", "16", "17", "18"]),
        ("15–18", "15-18", Kind.RANGE, False, ["15", "16", "17", "18"]),
        (" 20 - 21 ", "20-21", Kind.RANGE, False, ["20", "21"]),
        ("~20-21", "20-21", Kind.RANGE, True, ["20", "21"]),
        ("6(1)", "6(1)", Kind.PARAGRAPH, False, ["6(1)"]),
        ("21(6)", "21(6)", Kind.PARAGRAPH, False, ["21(6)"]),
        ("6(1)(a)", "6(1)(a)", Kind.POINT, False, ["6(1)(a)"]),
        ("6(1)(f)", "6(1)(f)", Kind.POINT, False, ["6(1)(f)"]),
        ("~6(1)(f)", "6(1)(f)", Kind.POINT, True, ["6(1)(f)"]),
        ("9(2)(j)", "9(2)(j)", Kind.POINT, False, ["9(2)(j)"]),
        ("14(2)(g)", "14(2)(g)", Kind.POINT, False, ["14(2)(g)"]),
        ("49(1)(g)", "49(1)(g)", Kind.POINT, False, ["49(1)(g)"]),
        ("4(11)", "4(11)", Kind.DEFINITION, False, ["4(11)"]),
        ("4(26)", "4(26)", Kind.DEFINITION, False, ["4(26)"]),
        ("4(16)(a)", "4(16)(a)", Kind.DEFINITION_POINT, False, ["4(16)(a)"]),
        ("4(22)(c)", "4(22)(c)", Kind.DEFINITION_POINT, False, ["4(22)(c)"]),
    ],
)
def test_valid_references(text, canonical, kind, short, provisions):
    reference = parse_reference(text, STRUCTURE)
    assert reference.canonical == canonical
    assert reference.kind is kind
    assert reference.short is short
    assert [provision.canonical for provision in reference.provisions] == provisions


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", f"the reference is empty: {FORMS}"),
        ("~", f"the reference is empty: {FORMS}"),
        ("Art. 6", f"cannot read 'Art. 6': {FORMS}"),
        ("06", f"cannot read '06': {FORMS}"),
        ("6 (1)", f"cannot read '6 (1)': {FORMS}"),
        ("6(1", f"cannot read '6(1': {FORMS}"),
        ("0", "Article 0 does not exist: the GDPR has Articles 1–99"),
        ("100", "Article 100 does not exist: the GDPR has Articles 1–99"),
        ("15-100", "Article 100 does not exist: the GDPR has Articles 1–99"),
        ("18-15", "the range 18-15 is reversed: write 15-18"),
        ("15-15", "the range 15-15 names one article: write 15"),
        ("6(1)-7", "'6(1)-7': a range names whole articles, such as 15-18; cite a paragraph or point on its own"),
        ("6(5)", "Article 6 has paragraphs 1–4"),
        ("21(7)", "Article 21 has paragraphs 1–6"),
        ("6(1)(g)", "Article 6(1) has points a–f"),
        ("15(1)(i)", "Article 15(1) has points a–h"),
        ("6(1)(A)", "Article 6(1) has points a–f; labels are lower-case: write (a)"),
        ("6(2)(a)", "Article 6(2) has no points"),
        ("21(1)(a)", "Article 21(1) has no points"),
        ("6(a)", "Article 6 has numbered paragraphs 1–4: a point needs its paragraph, such as 6(1)(a)"),
        ("6(1)(a)(i)", "Article 6(1)(a) has no sub-points"),
        ("10(1)", "Article 10 has no numbered paragraphs: cite it as 10"),
        ("16(1)", "Article 16 has no numbered paragraphs: cite it as 16"),
        ("4(27)", "Article 4 has definitions 1–26, cited as 4(11); it has no numbered paragraphs"),
        ("4(a)", "Article 4 has definitions 1–26, cited as 4(11); it has no numbered paragraphs"),
        ("4(11)(a)", "Article 4(11) has no points"),
        ("4(16)(c)", "Article 4(16) has points a–b"),
        ("4(16)(a)(i)", "Article 4(16)(a) has no sub-points"),
    ],
)
def test_invalid_references_say_what_is_wrong(text, message):
    with pytest.raises(GDPRReferenceError) as caught:
        parse_reference(text, STRUCTURE)
    assert str(caught.value) == message


def test_provisions_sort_in_article_order():
    texts = ["7", "6(1)(b)", "4(11)", "6(1)", "4(2)", "6", "6(1)(a)", "4(16)(a)", "4(16)", "6(2)", "4"]
    provisions = [parse_reference(text, STRUCTURE).first for text in texts]
    ordered = sorted(provisions, key=lambda provision: provision.sort_key)
    assert [p.canonical for p in ordered] == [
        "4", "4(2)", "4(11)", "4(16)", "4(16)(a)", "6", "6(1)", "6(1)(a)", "6(1)(b)", "6(2)", "7",
    ]  # fmt: skip


def test_the_structure_matches_the_checked_samples():
    """The samples ../shared/gdpr/README.md says were checked by hand, read from the copied data."""
    expected = {
        (6, 1): "abcdef", (6, 3): "ab", (6, 4): "abcde", (9, 2): "abcdefghij", (13, 1): "abcdef",
        (13, 2): "abcdef", (14, 1): "abcdef", (14, 2): "abcdefg", (14, 3): "abc", (14, 5): "abcd",
        (15, 1): "abcdefgh", (17, 1): "abcdef", (18, 1): "abcd", (20, 1): "ab", (28, 3): "abcdefgh",
        (49, 1): "abcdefg",
    }  # fmt: skip
    for (article, paragraph), letters in expected.items():
        assert "".join(STRUCTURE.articles[article].paragraphs[paragraph]) == letters, (article, paragraph)
    assert len(STRUCTURE.articles[21].paragraphs) == 6
    assert not any(STRUCTURE.articles[21].paragraphs.values())
    unnumbered = sorted(number for number, article in STRUCTURE.articles.items() if not article.numbered_paragraphs)
    assert unnumbered == [4, 10, 16, 19, 29, 31, 44, 48, 50, 59, 63, 67, 86, 87, 95, 96, 98]
    assert STRUCTURE.articles[6].titles == {"en": "Lawfulness of processing", "da": "Lovlig behandling"}


def test_a_provision_is_a_value():
    assert parse_reference("6(1)(a)", STRUCTURE).first == Provision(6, 1, "a")
    assert parse_reference("~6(1)(a)", STRUCTURE).first == Provision(6, 1, "a")


@pytest.mark.parametrize(
    ("language", "data"),
    [("da", "da"), ("en", "en"), ("en_GB", "en"), ("da-DK", "da"), ("de", "en"), (None, "en")],
)
def test_data_language(language, data):
    assert data_language(language) == data


@pytest.mark.parametrize(
    ("pattern", "problems"),
    [
        ("https://eur-lex.europa.eu/eli/reg/2016/679/oj/{language}#art_{article}", []),
        ("https://example.org/gdpr/{article}", []),
        ("https://example.org/{lang}/{article}", ["gdpr_url 'https://example.org/{lang}/{article}' has unknown fields ['lang']: use {language} and {article}"]),
        ("https://example.org/{language}", ["gdpr_url 'https://example.org/{language}' has no {article} field"]),
        ("https://example.org/{article", ["gdpr_url 'https://example.org/{article' is not a valid format string: expected '}' before end of string"]),
        (42, ["gdpr_url must be a string, not int"]),
    ],
)  # fmt: skip
def test_url_pattern_problems(pattern, problems):
    assert url_problems(pattern) == problems


def test_every_language_has_text_titles_and_an_eurlex_code():
    assert data_languages() == ("da", "en")
    assert set(data_languages()) <= set(EURLEX_LANGUAGES)
    for language in data_languages():
        text = load_text(language)
        assert sorted(text) == list(range(1, 100))
        for number, article in STRUCTURE.articles.items():
            assert text[number].title == article.titles[language]
            assert sorted(text[number].paragraphs) == sorted(article.paragraphs)
