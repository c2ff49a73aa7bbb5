"""A translation says what it is: every English page says the Danish text prevails and links it."""

from __future__ import annotations

import lxml.html

import translation_notice
from tests.support.published import PAGES_IN_ORDER


def notices(html: str) -> list[lxml.html.HtmlElement]:
    return lxml.html.document_fromstring(html).xpath('//aside[@class="translation-notice"]')


def test_every_english_page_says_the_danish_prevails_and_links_the_same_page(policy_build):
    english = policy_build("html", language="en")
    for page in [*PAGES_IN_ORDER, "search.html", "genindex.html"]:
        [notice] = notices(english.read(page))
        up = "../" * page.count("/")
        assert notice.get("role") == "note"
        assert notice.text_content().split() == (
            "This is a translation. The Danish text prevails, and the statuses and dates shown apply to it. "
            "Read this page in Danish."
        ).split(), page
        [link] = notice.xpath(".//a")
        assert (link.get("href"), link.get("hreflang")) == (f"{up}../da/{page}", "da"), page
        # It comes first in the article, before the page's heading.
        article = lxml.html.document_fromstring(english.read(page)).xpath('//article[@role="main"]')[0]
        assert article.xpath("./*[1]")[0].get("class") == "translation-notice", page
    assert 'href="_static/translation-notice.css' in english.read("index.html")


def test_the_source_language_says_nothing(policy_build):
    danish = policy_build("html")
    for page in PAGES_IN_ORDER:
        assert notices(danish.read(page)) == [], page
    assert "translation-notice.css" not in danish.read("index.html")


def test_the_sentence_names_the_source_language_in_the_readers_language():
    danish_source = translation_notice.translation_notice("de", "da", "../{language}/", "policy/klage.html", str)
    assert danish_source is not None
    assert danish_source.text == (
        "This is a translation. The Dänisch text prevails, and the statuses and dates shown apply to it."
    )  # no German catalog yet: the English sentence, with the language's German name
    assert (danish_source.href, danish_source.language) == ("../../da/policy/klage.html", "da")
    assert translation_notice.translation_notice("da", "da", "../{language}/", "index.html") is None
    assert translation_notice.translation_notice("en_GB", "en", "../{language}/", "index.html") is None
