"""Say, at the end of a translated build, how many paragraphs fell back to the source text.

A paragraph, heading or list item whose translation is missing or fuzzy is
published in the source language (Danish): ``gettext_allow_fuzzy_translations``
stays off, so an unreviewed translation never reaches readers. This extension
counts those fallbacks per document and logs one line when the build finishes,
e.g.::

    translation (en): 2 of 74 paragraphs fell back to Danish (untranslated or fuzzy): policy/klage (2)

It counts with the ``translation_progress`` that Sphinx's
``TranslationProgressTotaliser`` stores on each doctree; a document with no
catalog at all counts every translatable message as a fallback. A build in the
source language (``translation_report_source_language``, default ``"en"`` like
Sphinx's ``language``) logs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging
from sphinx.util.nodes import extract_messages

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)


def fallbacks(progress: dict[str, int] | None, messages: int) -> tuple[int, int]:
    """``(total, fell_back)`` for one document.

    *progress* is Sphinx's ``{"total": ..., "translated": ...}``; *messages* the
    number of translatable messages, used when the document had no catalog
    (then Sphinx marks nothing and the total is 0).
    """
    if progress and progress.get("total"):
        return progress["total"], progress["total"] - progress.get("translated", 0)
    return messages, messages


def language_name(code: str) -> str:
    """The English name of a language code ("da" -> "Danish"), or the code itself."""
    try:
        return Locale.parse(code).english_name or code
    except (ValueError, UnknownLocaleError):
        return code


def summary(counts: dict[str, tuple[int, int]], source_language: str) -> str:
    """The build-finished line: totals, then the documents with fallbacks."""
    total = sum(t for t, _ in counts.values())
    fell_back = sum(f for _, f in counts.values())
    where = ", ".join(f"{docname} ({f})" for docname, (_, f) in sorted(counts.items()) if f)
    line = f"{fell_back} of {total} paragraphs fell back to {language_name(source_language)} (untranslated or fuzzy)"
    return f"{line}: {where}" if where else line


def is_translated_build(app: Sphinx) -> bool:
    return app.config.language != app.config.translation_report_source_language


class TranslationFallbackCollector(EnvironmentCollector):
    """Stores ``(total, fell_back)`` per document in ``env.translation_fallbacks``."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        env.translation_fallbacks.pop(docname, None)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
        for docname in docnames:
            if docname in other.translation_fallbacks:
                env.translation_fallbacks[docname] = other.translation_fallbacks[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        if not is_translated_build(app):
            return
        progress = doctree.get("translation_progress")
        messages = 0 if progress and progress.get("total") else sum(1 for _ in extract_messages(doctree))
        app.env.translation_fallbacks[app.env.current_document.docname] = fallbacks(progress, messages)


def init_env(app: Sphinx) -> None:
    if not hasattr(app.env, "translation_fallbacks"):
        app.env.translation_fallbacks = {}


def report(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.format != "html" or not is_translated_build(app):
        return
    counts = {d: c for d, c in app.env.translation_fallbacks.items() if d in app.env.found_docs}
    logger.info(
        "translation (%s): %s", app.config.language, summary(counts, app.config.translation_report_source_language)
    )


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("translation_report_source_language", "en", "env", types=frozenset({str}))
    app.connect("builder-inited", init_env)
    app.add_env_collector(TranslationFallbackCollector)
    app.connect("build-finished", report)
    return {"version": "1.0", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
