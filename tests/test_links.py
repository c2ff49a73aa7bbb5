"""Every internal link of ``make html``'s output resolves: both languages, laid out as published.

(The dated site, ``make site``, is crawled the same way in tests/test_site.py.)
"""

from __future__ import annotations

from tests.support.links import crawl
from tests.support.readersite import site_root


def test_every_internal_link_of_make_html_resolves(policy_build, tmp_path) -> None:
    root = site_root(tmp_path / "html", {
        "da": policy_build("html").outdir,
        "en": policy_build("html", language="en").outdir,
    })
    result = crawl(root)
    print(f"make html: {result.summary()}")
    assert result.pages >= 20
    assert result.internal > 900
    assert result.broken == []
