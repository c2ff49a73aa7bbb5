"""Reader language: a passage that is not in the page's language says so.

The policy is written in ``translation_report_source_language`` (Danish; the
setting belongs to ``translation_report``, which counts the same passages). A build in another
language shows a paragraph, heading or list item in the source language until
it is translated; WCAG 2.1 (3.1.2, language of parts) asks that such a passage
carry its own ``lang``, so that a screen reader pronounces it as Danish.

Sphinx's ``Locale`` transform marks every translatable node it handled with
``translated``; a build without any catalog marks nothing, and then every
passage is still in the source language. This post-transform gives each
untranslated passage the class ``language-<code>``, which docutils' HTML writer
turns into ``lang="<code>"``.
(The site title needs no mark: ``site_title`` takes it from the translated
front page.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import extract_messages

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata


def primary_language(tag: str | None) -> str:
    """"en" for "en", "en_GB" and "en-GB"."""
    return (tag or "").replace("_", "-").split("-", 1)[0].lower()


def same_language(a: str | None, b: str | None) -> bool:
    """Whether two language tags name the same primary language ("en", "en_GB", "en-GB")."""
    return bool(primary_language(a)) and primary_language(a) == primary_language(b)


def untranslated_passages(doctree: nodes.Node) -> list[nodes.Element]:
    """Translatable nodes that still hold source-language text."""
    return [node for node, _message in extract_messages(doctree) if not node.get("translated")]


def mark_language(node: nodes.Element, language: str) -> None:
    if not any(cls.startswith("language-") for cls in node["classes"]):
        node["classes"].append(f"language-{language.replace('_', '-')}")


class MarkUntranslatedPassages(SphinxPostTransform):
    """Give untranslated passages on a translated page the source language's ``lang``."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        source = self.config.translation_report_source_language
        if same_language(self.config.language, source):
            return
        for node in untranslated_passages(self.document):
            mark_language(node, source)


def is_language_tag(tag: object) -> bool:
    return isinstance(tag, str) and bool(tag) and all(part.isalnum() for part in tag.replace("_", "-").split("-"))


def validate_config(app: Sphinx, config: Config) -> None:
    tag = config.translation_report_source_language
    if not is_language_tag(tag):
        raise ConfigError(f"translation_report_source_language: {tag!r} is not a language tag such as 'da'")


def setup(app: Sphinx) -> ExtensionMetadata:
    # One source-language setting for both: the passages it marks are those translation_report counts.
    app.setup_extension("translation_report")
    app.add_post_transform(MarkUntranslatedPassages)
    app.connect("config-inited", validate_config)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
