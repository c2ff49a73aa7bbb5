"""The machine-readable notice: ``notice.jsonld`` (W3C DPV 2.3, JSON-LD) in each language's HTML output.

Built from the processing facts (``processing_file``), the vendors
(``vendors_file``), the ``{gdpr}`` citations of the Danish source text, the
controller (``reader_controller``) and the DPV mapping (``notice_mapping_file``,
``policy/dpv.yaml``), by the pure generator in :mod:`notice.generator`, the same
one ``make site`` runs for every dated version. Every page links it in its head
(``<link rel="alternate" type="application/ld+json">``, ``_templates/base.html``).

Checks, each a warning at ``file:line:column`` (type ``notice``), so ``make check``
fails: a problem in the mapping (an unknown concept names the closest one), and
a quote of the processing data that no term of the mapping covers. The front
page's overview links the notice in one sentence (:mod:`notice.overview`).

Config values:

``notice_mapping_file``
    Path of the DPV mapping, relative to the source directory.
``notice_file``
    Name of the notice in the HTML output directory; "" writes none and links none.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError
from sphinx.util import logging

from message_catalogs import add_extension_catalog
from processing import read_data
from processing.facts import Processing

from .generator import NOTICE_FILE, Controller, Edition, notice_document, serialise, unmapped_words
from .mapping import Mapping, read_mapping
from .overview import MESSAGE_CATALOG, LinkFromOverview
from .text import POLICY_GLOB, QUOTES_CATALOG, policy_text, quote_translations

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

__version__ = "1.0"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def mapping_path(app: Sphinx) -> Path:
    return Path(app.srcdir) / app.config.notice_mapping_file


def location(path: Path, line: int, column: int) -> dict[str, str]:
    if not line:
        return {}
    return {"location": f"{path}:{line}:{column}" if column else f"{path}:{line}"}


def check_config(app: Sphinx, config: Config) -> None:
    problems = []
    if not config.notice_mapping_file or Path(config.notice_mapping_file).is_absolute():
        problems.append("notice_mapping_file must be a path relative to the source directory, "
                        f"not {config.notice_mapping_file!r}")
    name = config.notice_file
    if name and (Path(name).is_absolute() or ".." in Path(name).parts or not name.endswith(".jsonld")):
        problems.append(f"notice_file must be a file name ending in .jsonld inside the output directory, not {name!r}")
    if problems:
        raise ConfigError("\n".join(problems))
    add_extension_catalog(app, MESSAGE_CATALOG, LOCALE_DIR)


def read_sources(app: Sphinx) -> tuple[Processing, Mapping]:
    return read_data(app.env), read_mapping(mapping_path(app))


def check_mapping(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: the mapping's problems, and each quote no term of it covers."""
    processing, mapping = read_sources(app)
    path = mapping_path(app)
    for problem in mapping.problems:
        logger.warning("%s", problem.message, type="notice", subtype=problem.code,
                       **location(path, problem.line, problem.column))
    if processing.unreadable or mapping.unreadable:
        return  # the processing extension reports an unreadable data file
    facts_path = Path(app.srcdir) / app.config.processing_file
    for fact, kind in unmapped_words(processing, mapping):
        what = "the activity's purposes" if kind == "purposes" else f"the {fact.kind} quote \"{fact.quote}\""
        logger.warning("%s has no DPV concept in %s (add a term to '%s', with its concept or no_concept)",
                       what, app.config.notice_mapping_file, kind, type="notice", subtype="unmapped",
                       **location(facts_path, fact.line, fact.column))


def add_link(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
             doctree: nodes.document | None) -> None:
    """``html-page-context``: the name the head's ``rel="alternate"`` link points to (``_templates/base.html``)."""
    if app.builder.name == "html" and app.config.notice_file:
        context["notice_jsonld"] = app.config.notice_file


def write_notice(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: ``notice.jsonld`` for the working tree, in the language built."""
    name = app.config.notice_file
    if exception is not None or not name or app.builder.name != "html":
        return
    from vendors import registry_path
    from vendors.registry import cached_registry

    processing, mapping = read_sources(app)
    if processing.unreadable or mapping.unreadable:
        return
    srcdir = Path(app.srcdir)
    files = {path.relative_to(srcdir).as_posix(): path.read_text(encoding="utf-8")
             for path in sorted(srcdir.glob(POLICY_GLOB))}
    source_language = app.config.site_languages[0]
    language = app.config.language or source_language
    switch_root = app.config.language_switch_root
    edition = Edition(
        version="",  # the working tree; make site writes each version's own notice
        language=language,
        source_language=source_language,
        html=app.builder.get_target_uri(app.config.root_doc),
        source_notice=switch_root.format(language=source_language) + name if language != source_language else None,
    )
    catalog = srcdir / QUOTES_CATALOG.format(language=language)
    translations = quote_translations(catalog.read_text(encoding="utf-8")) if catalog.is_file() else {}
    document = notice_document(
        processing=processing, mapping=mapping, vendors=cached_registry(registry_path(srcdir, app.config)),
        text=policy_text(files), controller=Controller.from_config(app.config.reader_controller), edition=edition,
        translate=translations.get,
    )
    target = Path(app.outdir) / name
    text = serialise(document)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("processing")
    app.setup_extension("vendors")
    app.setup_extension("reader_contact")
    app.setup_extension("language_switch")
    app.add_config_value("notice_mapping_file", "dpv.yaml", "env", types=frozenset({str}))
    app.add_config_value("notice_file", NOTICE_FILE, "html", types=frozenset({str}))
    app.connect("config-inited", check_config)
    app.add_post_transform(LinkFromOverview)
    app.connect("env-check-consistency", check_mapping)
    app.connect("html-page-context", add_link)
    app.connect("build-finished", write_notice)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
