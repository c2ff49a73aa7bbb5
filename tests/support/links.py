"""Every internal link of a built site, checked: the file exists, and so does the fragment's id.

A crawl of every HTML file under a root (lxml): each ``href`` and ``src``
(and a meta refresh's URL) that stays on the site must name a file under the
root (a directory means its ``index.html``) and, with a ``#fragment``, an
element with that ``id`` (or ``name``) in that file. Links to other hosts,
``mailto:``, ``tel:`` and ``data:`` are counted apart and not followed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html

_REFRESH = re.compile(r"url=(.+)$", re.IGNORECASE)


@dataclass
class Crawl:
    pages: int = 0
    internal: int = 0
    external: int = 0
    broken: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.pages} pages, {self.internal} internal links, {len(self.broken)} broken, "
                f"{self.external} to other hosts (not followed)")


@cache
def _ids(path: Path) -> frozenset[str]:
    document = lxml.html.parse(str(path)).getroot()
    return frozenset(document.xpath("//@id") + document.xpath("//a/@name"))


def _targets(document: lxml.html.HtmlElement) -> list[str]:
    urls = [value for value in document.xpath("//@href | //@src")]
    for content in document.xpath('//meta[@http-equiv="refresh"]/@content'):
        match = _REFRESH.search(content)
        if match:
            urls.append(match[1].strip())
    return urls


def crawl(root: Path) -> Crawl:
    """Check every link of every ``*.html`` under *root* (symlinked directories followed)."""
    root = root.resolve()
    result = Crawl()
    _ids.cache_clear()
    pages = sorted(
        Path(directory) / name
        for directory, _dirs, files in os.walk(root, followlinks=True)
        for name in files
        if name.endswith(".html")
    )
    for page in pages:
        result.pages += 1
        document = lxml.html.parse(str(page)).getroot()
        relpage = page.relative_to(root).as_posix()
        for url in _targets(document):
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                result.external += 1
                continue
            result.internal += 1
            # Lexically, as a browser does: ".." must not follow a symlinked directory back out.
            target = Path(os.path.normpath(page.parent / unquote(parts.path))) if parts.path else page
            if not target.is_relative_to(root):
                result.broken.append(f"{relpage}: {url} (outside the site)")
                continue
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                result.broken.append(f"{relpage}: {url} (no file)")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in _ids(target):
                result.broken.append(f"{relpage}: {url} (no id {fragment!r})")
    return result
