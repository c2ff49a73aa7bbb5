"""Reading built HTML as a reader sees it: the parsed page, an element's text, the visible text of the article."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import lxml.html

# Elements whose boundaries separate words, so "<p>a</p><p>b</p>" reads "a b".
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td "
    "tfoot th thead tr ul caption".split()
)
_SKIPPED_TAGS = frozenset({"script", "style", "template"})


class _ArticleText(HTMLParser):
    """Collects the text inside ``<article role="main">`` (Furo's content area)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._article_depth = 0
        self._skip_depth = 0
        self._in_headerlink = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            if self._article_depth or dict(attrs).get("role") == "main":
                self._article_depth += 1
        if tag in _SKIPPED_TAGS:
            self._skip_depth += 1
        # Sphinx's "¶" permalinks are chrome, not text.
        if tag == "a" and "headerlink" in (dict(attrs).get("class") or ""):
            self._skip_depth += 1
            self._in_headerlink = True
        if tag in _BLOCK_TAGS:
            self.chunks.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self._article_depth:
            self._article_depth -= 1
        if tag in _SKIPPED_TAGS and self._skip_depth:
            self._skip_depth -= 1
        if tag == "a" and self._in_headerlink:
            self._skip_depth -= 1
            self._in_headerlink = False
        if tag in _BLOCK_TAGS:
            self.chunks.append(" ")

    def handle_data(self, data: str) -> None:
        if self._article_depth and not self._skip_depth:
            self.chunks.append(data)


def normalise_space(text: str) -> str:
    """*text* as it reads: runs of white space as one space, without the soft hyphens of long words."""
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def article_text(html: str) -> str:
    """The visible text of a Sphinx/Furo page's main article, whitespace-normalised."""
    parser = _ArticleText()
    parser.feed(html)
    return normalise_space("".join(parser.chunks))


def parse(html: str) -> lxml.html.HtmlElement:
    """A built page (or a fragment of one) as an lxml tree, to query with XPath or CSS classes."""
    return lxml.html.document_fromstring(html)


def element_text(element: lxml.html.HtmlElement) -> str:
    """An element's text as read, whitespace-normalised, without Sphinx's "¶" permalinks."""
    return normalise_space(element.text_content().replace("¶", ""))


def has_class(name: str) -> str:
    """An XPath condition: the element's class attribute contains *name* as a whole word."""
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'
