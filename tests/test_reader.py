"""Reader experience in the built HTML: privacy meta, link rel, language of parts, lean pages, contact."""

from __future__ import annotations

import itertools
import re

import lxml.html
import pytest

from reader_contact import controller_problems
from reader_language import same_language
from reader_privacy import DEFAULT_CSP, csp_problems, is_other_host, validate_config, with_script_hashes
from reader_weight import assets_to_drop
from tests.support.htmltext import element_text, normalise_space, parse

LANGUAGES = (None, "en")  # None: the Danish source build


def built_pages(build):
    return sorted(build.outdir.rglob("*.html"))


def parsed(path) -> lxml.html.HtmlElement:
    return parse(path.read_text(encoding="utf-8"))


def main_article(page: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """Furo's content area, where the policy's own text is."""
    [article] = page.xpath('//*[@id="furo-main-content"]')
    return article


# -- Pure functions -----------------------------------------------------------------


def test_default_csp_allows_only_the_site_itself():
    assert csp_problems(DEFAULT_CSP) == []


@pytest.mark.parametrize(
    ("policy", "problem"),
    [
        ("default-src *", "default-src must be exactly 'self'"),
        ("default-src 'self'; script-src 'self' 'unsafe-inline'", "script-src allows 'unsafe-inline'"),
        ("default-src 'self'; img-src https://cdn.example", "img-src allows https://cdn.example"),
        ("default-src 'self'; font-src https:", "font-src allows https:"),
    ],
)
def test_csp_problems_name_what_reaches_beyond_the_site(policy, problem):
    assert any(problem in found for found in csp_problems(policy))


def test_script_hashes_allow_those_scripts_only():
    policy = with_script_hashes(DEFAULT_CSP, "'sha256-jIdVQjHOfPwye4PhmFJc+8DPZlzEE/divx3Ct5F/630='")
    assert policy == DEFAULT_CSP + "; script-src 'self' 'sha256-jIdVQjHOfPwye4PhmFJc+8DPZlzEE/divx3Ct5F/630='"
    assert csp_problems(policy) == []
    assert with_script_hashes(DEFAULT_CSP, "") == DEFAULT_CSP


@pytest.mark.parametrize("hashes", ["'unsafe-inline'", "sha256-abc=", "'sha1-abc='"])
def test_only_hash_sources_are_accepted_as_script_hashes(hashes):
    from types import SimpleNamespace

    from sphinx.errors import ConfigError

    config = SimpleNamespace(reader_csp=DEFAULT_CSP, reader_referrer_policy="no-referrer", reader_csp_script_hashes=hashes)
    with pytest.raises(ConfigError, match=r"reader_csp_script_hashes: .* is not a hash source"):
        validate_config(None, config)


@pytest.mark.parametrize(
    ("uri", "other"),
    [
        ("https://www.datatilsynet.dk", True),
        ("//cdn.example/x.js", True),
        ("mailto:kontakt@wexo.dk", False),
        ("tel:+4571994816", False),
        ("rettigheder.html#sletning", False),
    ],
)
def test_is_other_host(uri, other):
    assert is_other_host(uri) is other


def test_same_language_compares_primary_tags():
    assert same_language("en", "en_GB") and same_language("da-DK", "da")
    assert not same_language("en", "da") and not same_language(None, "da")


def test_search_assets_stay_only_on_the_search_page():
    kwargs = {"search_assets": ["_static/doctools.js"], "code_assets": ["_static/pygments.css"], "unused_assets": []}
    assert "_static/doctools.js" in assets_to_drop("policy/klage", False, **kwargs)
    assert "_static/doctools.js" not in assets_to_drop("search", False, **kwargs)
    assert "_static/pygments.css" not in assets_to_drop("policy/klage", True, **kwargs)


def test_controller_problems():
    assert controller_problems({"name": "WEXO A/S"}) == [
        "'address' must be a non-empty string",
        "'email' must be a non-empty string",
        "'phone' must be a non-empty string",
        "'phone_uri' must be a non-empty string",
    ]


# -- The real build -------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_the_csp_and_referrer_meta(policy_build, language):
    for path in built_pages(policy_build("html", language=language)):
        page = parsed(path)
        [csp] = page.xpath('/html/head/meta[@http-equiv="Content-Security-Policy"]/@content')
        assert csp.startswith("default-src 'self';"), path
        # No inline script is allowed, by hash or otherwise (only make preview allows its reload script).
        assert "script-src" not in csp and "sha256-" not in csp, path
        assert page.xpath('/html/head/meta[@name="referrer"]/@content') == ["no-referrer"], path
        # Nothing inline for the CSP to block.
        assert page.xpath("/html/head//style") == [], path
        assert [script.text for script in page.xpath("//script[not(@src)]") if script.text] == [], path
        assert page.xpath("//@style") == [], path


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_link_to_another_host_has_noopener_noreferrer(policy_build, language):
    links = []
    for path in built_pages(policy_build("html", language=language)):
        links += [link for link in parsed(path).xpath("//a[@href]") if re.match(r"(?:https?:)?//", link.get("href"))]
    assert len(links) >= 3
    assert [link.get("href") for link in links if link.get("rel") != "noopener noreferrer"] == []


@pytest.mark.sphinx("html", testroot="reader-language")
def test_untranslated_passages_keep_the_source_language(app):
    app.build()
    page = parse((app.outdir / "index.html").read_text(encoding="utf-8"))
    assert page.get("lang") == "en"
    assert [element_text(h1) for h1 in page.xpath("//h1")] == ["Privacy policy"]
    paragraphs = {p.text_content(): dict(p.attrib) for p in page.xpath("//p")}
    assert paragraphs["We take care of your data."] == {}
    assert paragraphs["Du har ret til at klage."] == {"lang": "da"}


@pytest.mark.sphinx("html", testroot="reader-language", confoverrides={"language": "da"})
def test_a_source_language_build_marks_nothing(app):
    app.build()
    page = parse((app.outdir / "index.html").read_text(encoding="utf-8"))
    assert page.get("lang") == "da"
    assert page.xpath("//body//*[@lang]") == []


def test_the_english_site_marks_each_untranslated_passage(policy_build):
    """However far the translation has come, every Danish paragraph on an English page says so."""
    article = main_article(parse(policy_build("html", language="en").read("policy/klage.html")))
    danish = "Du har ret til at indgive en klage"
    if danish in article.text_content():
        assert [p.get("lang") for p in article.iter("p") if p.text_content().startswith(danish)] == ["da"]
    else:
        assert article.xpath('.//*[@lang="da"]') == []


def test_danish_pages_mark_no_passage(policy_build):
    for path in built_pages(policy_build("html")):
        page = parsed(path)
        assert page.get("lang") == "da", path
        assert page.xpath('//*[starts-with(@class, "language-")]') == [], path


def test_policy_pages_load_only_what_they_use(policy_build):
    page = parse(policy_build("html").read("policy/rettigheder.html"))
    assets = [address.split("?")[0] for address in page.xpath('//link[@rel="stylesheet"]/@href|//script/@src')]
    assert [asset.removeprefix("../") for asset in assets] == [
        "_static/styles/furo.css",
        "_static/vendors.css",
        "_static/language-switch.css",
        "_static/reader.css",
        "_static/reader-theme.js",
        "_static/scripts/furo.js",
    ]
    search = policy_build("html").read("search.html")
    for needed in ("reader-search.js", "doctools.js", "reader-plural.js", "searchtools.js", "language_data.js"):
        assert needed in search, needed


def test_search_uses_the_danish_and_the_english_stemmer(policy_build):
    assert "DanishStemmer" in (policy_build("html").outdir / "_static" / "language_data.js").read_text(encoding="utf-8")
    english = (policy_build("html", language="en").outdir / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert "EnglishStemmer" in english


@pytest.mark.parametrize("language", LANGUAGES)
def test_controller_contact_in_every_footer_matches_the_policy(policy_build, language):
    build = policy_build("html", language=language)
    for path in built_pages(build):
        [footer] = parsed(path).xpath("//footer")
        assert "WEXO A/S, Gøteborgvej 16, 9200 Aalborg SV" in normalise_space(footer.text_content()), path
        hrefs = footer.xpath(".//a/@href")
        assert "mailto:kontakt@wexo.dk" in hrefs and "tel:+4571994816" in hrefs, path
        assert [href for href in hrefs if re.fullmatch(r"(?:.*privatlivspolitik\.html)?#dataansvarlig", href)], path
    policy = (build.srcdir / "policy" / "privatlivspolitik.md").read_text(encoding="utf-8")
    for detail in ("WEXO A/S", "Gøteborgvej 16", "9200 Aalborg SV", "+45 71 99 48 16", "kontakt@wexo.dk"):
        assert detail in policy, detail


@pytest.mark.parametrize("language", LANGUAGES)
def test_headings_are_in_order(policy_build, language):
    for path in built_pages(policy_build("html", language=language)):
        article = main_article(parsed(path))
        levels = [int(heading.tag[1]) for heading in article.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        if not levels:
            continue
        assert levels[0] == 1 and levels.count(1) == 1, path
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (path, levels)


# Words of the page's own furniture that Furo and Sphinx write in English.
ENGLISH_CHROME = (
    "Skip to content",
    "Back to top",
    "Toggle",
    "Made with",
    "On this page",
    "Link to this heading",
    "<title>Contents</title>",
    "Light mode",
    ">Previous<",
    ">Next<",
)


def test_danish_pages_have_no_english_furniture(policy_build):
    for path in built_pages(policy_build("html")):
        html = path.read_text(encoding="utf-8")
        assert [words for words in ENGLISH_CHROME if words in html] == [], path


def test_the_site_title_is_in_the_page_language(policy_build):
    english = policy_build("html", language="en").read("policy/klage.html")
    assert '<div class="brand">WEXO’s privacy policy</div>' in english
    assert '<span class="sidebar-brand-text">WEXO’s privacy policy</span>' in english
    danish = policy_build("html").read("policy/klage.html")
    assert '<div class="brand">WEXOs privatlivspolitik</div>' in danish
