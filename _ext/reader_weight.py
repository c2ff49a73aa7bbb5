"""Reader weight: a page loads only the stylesheets and scripts it uses.

Furo and Sphinx put the same assets on every page. A policy page has no code,
no search box results and no sphinx-design widgets, so on ``html-page-context``
this extension takes off each page what that page does not use:

* ``reader_search_assets`` stay only on the search page (Sphinx's search needs
  them; nothing else does);
* ``reader_code_assets`` stay only on pages with a code block;
* ``reader_unused_assets`` go from every page.

Sphinx still copies the files into ``_static/``; they are simply not linked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

SEARCH_PAGE = "search"


def asset_name(asset: object) -> str:
    """The ``_static/...`` path of a Sphinx asset (its ``filename``, or the string itself)."""
    return str(getattr(asset, "filename", asset)).split("?", 1)[0]


def assets_to_drop(
    pagename: str,
    has_code: bool,
    *,
    search_assets: Iterable[str],
    code_assets: Iterable[str],
    unused_assets: Iterable[str],
) -> frozenset[str]:
    """Which asset paths a page does not use."""
    drop = set(unused_assets)
    if pagename != SEARCH_PAGE:
        drop.update(search_assets)
    if not has_code:
        drop.update(code_assets)
    return frozenset(drop)


def without(assets: Sequence[Any], drop: frozenset[str]) -> list[Any]:
    return [asset for asset in assets if asset_name(asset) not in drop]


def has_code_block(doctree: nodes.document | None) -> bool:
    return doctree is not None and next(doctree.findall(nodes.literal_block), None) is not None


def prune_page_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    config = app.config
    drop = assets_to_drop(
        pagename,
        has_code_block(doctree),
        search_assets=config.reader_search_assets,
        code_assets=config.reader_code_assets,
        unused_assets=config.reader_unused_assets,
    )
    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = without(context[key], drop)


def setup(app: Sphinx) -> ExtensionMetadata:
    types = frozenset({list, tuple})
    app.add_config_value(
        "reader_search_assets",
        ["_static/documentation_options.js", "_static/doctools.js", "_static/translations.js"],
        "html",
        types=types,
    )
    app.add_config_value("reader_code_assets", ["_static/pygments.css"], "html", types=types)
    # sphinx_highlight.js reads search words back from localStorage on the page a
    # search result leads to; the search page is told not to store them
    # (_static/reader-search.js), so it has nothing to do anywhere.
    app.add_config_value(
        "reader_unused_assets",
        ["_static/sphinx_highlight.js", "_static/styles/furo-extensions.css", "_static/scripts/furo-extensions.js"],
        "html",
        types=types,
    )
    # Run after themes and extensions have added their assets.
    app.connect("html-page-context", prune_page_assets, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
