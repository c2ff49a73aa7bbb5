"""Transparency check: every element of GDPR Articles 13 and 14 computed from the text, and a first layer for readers.

Once every document is read, the build works out each element's status from
the anchored facts of ``processing_file`` (``policy/processing.yaml``, the
``processing`` extension), the ``{gdpr}`` citations in each section, the
vendors in ``vendors.yaml`` and the controller's contact data
(``reader_controller``). ``transparency_file`` (``policy/transparency.yaml``) is
the register of what a person decides: notes, ``not-applicable`` with its
reason, and optionally the status the editor expects. A problem in the
register, a status the evidence contradicts, or data the text contradicts is a
warning at ``file:line:column`` (type ``transparency``), so a strict build
fails; a gap, and a vendor the country rules disagree with, are notices only.
``{transparency-overview}`` renders the readers' first layer.

Modules: ``elements`` (the list, pure), ``register`` (the YAML, pure),
``evidence`` (the statuses from the facts, pure), ``rules`` (the checks and the
checklist, pure), ``collect`` (state across documents), ``source`` (the same
facts read from MyST source without a build, pure: ``make redline``'s base),
``overview`` (the directive). ``tools/editor/transparency.py`` (``make transparency``) prints the checklist.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.util import logging

from message_catalogs import add_extension_catalog
from processing import processing_path, read_data, source_texts

from .collect import TransparencyDomain, collect_facts, register_path
from .elements import elements_by_key
from .overview import MESSAGE_CATALOG, SinglePageLinks, TransparencyOverview
from .register import read_register
from .rules import Report, evaluate

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

__version__ = "1.0"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
STATIC_DIR = Path(__file__).resolve().parent / "static"


def location(path: Path, line: int, column: int) -> str:
    return f"{path}:{line}:{column}" if column else f"{path}:{line}"


def build_report(env: BuildEnvironment) -> Report:
    """The checklist and its problems, for a build whose documents have all been read."""
    elements = elements_by_key()
    texts, _sources = source_texts(env)
    contact = getattr(env.config, "reader_controller", None) or {}
    files = {"processing": env.config.processing_file, "vendors": env.config.vendors_file}
    return evaluate(elements, read_register(register_path(env), elements), collect_facts(env), read_data(env),
                    texts, contact, files=files)


def check_config(app: Sphinx, config: Config) -> None:
    if not config.transparency_file or Path(config.transparency_file).is_absolute():
        msg = f"transparency_file must be a path relative to the source directory, not {config.transparency_file!r}"
        raise ConfigError(msg)
    add_extension_catalog(app, MESSAGE_CATALOG, LOCALE_DIR)


def check_register(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: every problem a warning at the register's line; every gap a notice."""
    path = register_path(env)
    report = build_report(env)
    for problem in report.problems:
        where = {"location": location(path, problem.line, problem.column)} if problem.line else {}
        detail = f" (transparency_file = {app.config.transparency_file!r})" if problem.code == "missing" else ""
        logger.warning("%s%s", problem.message, detail, type="transparency", subtype=problem.code, **where)
    for found in report.elsewhere:
        where = Path(env.srcdir) / found.path
        logger.warning("%s", found.message, type="transparency", subtype=found.code,
                       location=location(where, found.line, found.column) if found.line else str(where))
    for found in report.notices:
        logger.info("notice: %s [transparency.%s]", found.message, found.code,
                    location=location(Path(env.srcdir) / found.path, found.line, found.column))
    for entry in report.gaps:
        also = [other.element.key for other in report.entries if other.element.counterpart == entry.element.key]
        name = f"{entry.element.name}{', also ' + ', '.join(also) if also else ''}"
        what = {"partial": "is only partly provided", "gap": "is a gap"}[entry.status]
        missing = entry.evidence.missing if entry.evidence else ()
        fact = next((part.fact for part in missing if part.fact is not None), None)
        detail = "; ".join(f"{part.name}: {part.note}" for part in missing) or entry.note
        logger.info(
            "notice: %s (%s) %s: %s [transparency.%s]", entry.element.key, name, what, detail, entry.status,
            location=location(processing_path(env), fact.line, fact.column) if fact else str(path),
        )


def add_static_path(app: Sphinx) -> None:
    if app.builder.format == "html" and str(STATIC_DIR) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC_DIR))


def add_overview_css(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    """``html-page-context``: only a page showing the overview links its stylesheet."""
    if doctree is not None and any(
        "transparency-overview" in node["classes"] for node in doctree.findall(nodes.definition_list)
    ):
        app.add_css_file("transparency.css")
    

def rewrite_overview_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: a citation changed anywhere changes the overview, so always rewrite it."""
    domain: TransparencyDomain = env.domains["transparency"]  # type: ignore[assignment]
    return sorted(domain.overview_pages)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("gdpr")
    app.setup_extension("vendors")
    app.setup_extension("processing")
    app.add_config_value("transparency_file", "transparency.yaml", "env", types=frozenset({str}))
    app.connect("config-inited", check_config)
    app.add_domain(TransparencyDomain)
    app.add_directive("transparency-overview", TransparencyOverview)
    app.add_post_transform(SinglePageLinks)
    app.connect("builder-inited", add_static_path)
    app.connect("env-check-consistency", check_register)
    app.connect("env-get-updated", rewrite_overview_pages)
    app.connect("html-page-context", add_overview_css)
    return {
        "version": __version__,
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
