"""The policy's processing as data that quotes the text (``processing_file``, ``policy/processing.yaml``).

Once every document is read, the build checks the data (every mistake a
warning at ``file:line:column``, type ``processing``) and anchors each quote in
the Danish source text of its section: a quote the text no longer contains is a
warning at the quote's line naming the section's file and the closest text now
there, so a strict build (``make check``) fails. The transparency extension
derives the Art. 13/14 statuses and the overview from the same data.

Modules: ``facts`` (the YAML, pure: frozen dataclasses, every problem at
file:line:column), ``anchors`` (quotes matched against a section's text, pure).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.errors import ConfigError
from sphinx.util import logging

from .anchors import policy_texts
from .facts import Processing, cached_processing, check_quotes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

__version__ = "1.0"


def processing_path(env: BuildEnvironment) -> Path:
    return Path(env.srcdir) / env.config.processing_file


def source_texts(env: BuildEnvironment) -> tuple[dict[str, str], dict[str, str]]:
    """``(texts, sources)``: every label's plain text in the source language, and its file (relative)."""
    files = {}
    for docname in sorted(env.found_docs):
        path = env.doc2path(docname)
        if path.suffix == ".md":
            files[path.relative_to(env.srcdir).as_posix()] = path.read_text(encoding="utf-8")
    return policy_texts(files)


def read_data(env: BuildEnvironment) -> Processing:
    return cached_processing(processing_path(env))


def check_config(app: Sphinx, config: Config) -> None:
    if not config.processing_file or Path(config.processing_file).is_absolute():
        msg = f"processing_file must be a path relative to the source directory, not {config.processing_file!r}"
        raise ConfigError(msg)


def note_dependency(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: the root document depends on the data, so an edit to it starts a check."""
    if docname == app.config.root_doc:
        app.env.note_dependency(processing_path(app.env))


def check_processing(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: the data's problems and every lost quote, at the data file's line."""
    path = processing_path(env)
    processing = read_data(env)
    problems = list(processing.problems)
    if not processing.unreadable:
        problems += check_quotes(processing, *source_texts(env))
    for problem in problems:
        where = {"location": f"{path}:{problem.line}:{problem.column}"} if problem.line else {}
        detail = f" (processing_file = {app.config.processing_file!r})" if problem.code == "missing" else ""
        logger.warning("%s%s", problem.message, detail, type="processing", subtype=problem.code, **where)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("processing_file", "processing.yaml", "env", types=frozenset({str}))
    app.connect("config-inited", check_config)
    app.connect("source-read", note_dependency)
    app.connect("env-check-consistency", check_processing)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
