"""Reader experience in the built HTML: privacy meta, link rel, language of parts, lean pages, contact."""

from __future__ import annotations

import itertools
import re

import pytest


from reader_contact import controller_problems
from reader_language import same_language
from reader_privacy import DEFAULT_CSP, csp_problems, is_other_host, validate_config, with_script_hashes
from reader_weight import assets_to_drop

LANGUAGES = (None, "en")  # None: the Danish source build


def built_pages(build):
    return sorted(build.outdir.rglob("*.html"))


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
        head = path.read_text(encoding="utf-8").split("</head>")[0]
        assert '<meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;;' in head, path
        # No inline script is allowed, by hash or otherwise (only make preview allows its reload script).
        assert "script-src" not in head and "sha256-" not in head, path
        assert '<meta name="referrer" content="no-referrer">' in head, path
        # Nothing inline for the CSP to block.
        assert "<style" not in head and not re.search(r"<script>(?!</script>)", path.read_text(encoding="utf-8")), path
        assert ' style="' not in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_link_to_another_host_has_noopener_noreferrer(policy_build, language):
    links = []
    for path in built_pages(policy_build("html", language=language)):
        links += re.findall(r'<a\b[^>]*href="(?:https?:)?//[^"]*"[^>]*>', path.read_text(encoding="utf-8"))
    assert len(links) >= 3
    assert [link for link in links if 'rel="noopener noreferrer"' not in link] == []


@pytest.mark.sphinx("html", testroot="reader-language")
def test_untranslated_passages_keep_the_source_language(app):
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in html
    assert re.search(r"<h1>Privacy policy", html)
    assert re.search(r"<p>We take care of your data.</p>", html)
    assert re.search(r'<p lang="da">Du har ret til at klage.</p>', html)


@pytest.mark.sphinx("html", testroot="reader-language", confoverrides={"language": "da"})
def test_a_source_language_build_marks_nothing(app):
    app.build()
    assert 'lang="da"' not in (app.outdir / "index.html").read_text(encoding="utf-8").split("<body")[1]


def test_the_english_site_marks_each_untranslated_passage(policy_build):
    """However far the translation has come, every Danish paragraph on an English page says so."""
    article = policy_build("html", language="en").read("policy/klage.html").split('id="furo-main-content">')[1]
    danish = "Du har ret til at indgive en klage"
    if danish in article:
        assert re.search(r'<p [^>]*lang="da"[^>]*>' + danish, article)
    else:
        assert not re.search(r'\slang="da"', article.split("</article>")[0])  # hreflang="da" may link Danish


def test_danish_pages_mark_no_passage(policy_build):
    for path in built_pages(policy_build("html")):
        assert 'lang="da"' in path.read_text(encoding="utf-8").split("<body")[0], path
        assert 'class="language-' not in path.read_text(encoding="utf-8"), path


def test_policy_pages_load_only_what_they_use(policy_build):
    html = policy_build("html").read("policy/rettigheder.html")
    assets = re.findall(r'<(?:link rel="stylesheet"[^>]*href|script src)="([^"?]+)', html)
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
        html = path.read_text(encoding="utf-8")
        footer = html.split("<footer>")[1] if "<footer>" in html else ""
        assert "WEXO A/S, Gøteborgvej 16, 9200 Aalborg SV" in footer, path
        assert 'href="mailto:kontakt@wexo.dk"' in footer and 'href="tel:+4571994816"' in footer, path
        assert re.search(r'href="(?:[^"]*privatlivspolitik\.html)?#dataansvarlig"', footer), path
    policy = (build.srcdir / "policy" / "privatlivspolitik.md").read_text(encoding="utf-8")
    for detail in ("WEXO A/S", "Gøteborgvej 16", "9200 Aalborg SV", "+45 71 99 48 16", "kontakt@wexo.dk"):
        assert detail in policy, detail


@pytest.mark.parametrize("language", LANGUAGES)
def test_headings_are_in_order(policy_build, language):
    for path in built_pages(policy_build("html", language=language)):
        article = path.read_text(encoding="utf-8").split('id="furo-main-content">')[1].split("</article>")[0]
        levels = [int(level) for level in re.findall(r"<h([1-6])\b", article)]
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
