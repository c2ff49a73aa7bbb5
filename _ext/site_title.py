"""The site's title (browser tab, sidebar) is the front page's heading, in every language.

``html_title`` is a config value, so the ``.po`` files cannot translate it and the
English build would show the Danish "WEXOs privatlivspolitik". The front page's
heading (``# WEXOs privatlivspolitik`` in ``index.md``) says the same and *is*
translated, so every page uses that heading, as Sphinx has read it in the language
being built, as its ``docstitle``. ``html_title`` stays the fallback for a root
document without a title.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def root_title(titles: dict[str, Any], root_doc: str) -> str | None:
    """The plain text of the root document's title, or ``None`` if it has none."""
    title = titles.get(root_doc)
    text = title.astext().strip() if title is not None else ""
    return text or None


def set_docstitle(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    title = root_title(app.env.titles, app.config.root_doc)
    if title is not None:
        context["docstitle"] = title


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("html-page-context", set_docstitle)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
