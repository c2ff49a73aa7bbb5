"""Vendor registry: who receives personal data and on what transfer basis.

Reads ``vendors_file`` (``policy/vendors.yaml``), checks it against the facts in
``data/`` when the build starts (every problem is a warning at
``file:line:column``, so a strict build fails), renders it wherever a page says
``{vendor-table}``, and writes it as ``vendors_json`` (``vendors.json``) into
HTML output. A service without a terms link is listed as a notice only.

Config values:

``vendors_file``
    Path of the registry, relative to the source directory.
``vendors_json``
    Name of the JSON copy in the HTML output directory; "" writes none.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.util import logging

from message_catalogs import add_extension_catalog

from .directive import MESSAGE_CATALOG, VendorTable
from .html import depart_entry, visit_entry
from .jurisdictions import Jurisdictions, load_jurisdictions
from .registry import Registry, cached_registry

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

__version__ = "1.0"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
STATIC_DIR = Path(__file__).resolve().parent / "static"


def registry_path(srcdir: str | Path, config: Config) -> Path:
    return Path(srcdir) / config.vendors_file


def location(path: Path, line: int, column: int) -> str:
    """``path:line:column`` as Sphinx prints a document's location, with the column when known."""
    return f"{path}:{line}:{column}" if column else f"{path}:{line}"


# -- Events ------------------------------------------------------------------


def check_config(app: Sphinx, config: Config) -> None:
    problems = []
    if not config.vendors_file or Path(config.vendors_file).is_absolute():
        problems.append(f"vendors_file must be a path relative to the source directory, not {config.vendors_file!r}")
    name = config.vendors_json
    if name and (Path(name).is_absolute() or ".." in Path(name).parts or not name.endswith(".json")):
        problems.append(f"vendors_json must be a file name ending in .json inside the output directory, not {name!r}")
    if problems:
        raise ConfigError("\n".join(problems))


def add_static_path(app: Sphinx) -> None:
    """Ship ``static/vendors.css`` with HTML output."""
    if app.builder.format == "html" and str(STATIC_DIR) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC_DIR))


def report_problems(app: Sphinx) -> None:
    """Check the registry once per build, before any page is read."""
    path = registry_path(app.srcdir, app.config)
    registry = cached_registry(path)
    for problem in registry.problems:
        if problem.code == "missing":
            logger.warning(
                "%s (vendors_file = %r)",
                problem.message,
                app.config.vendors_file,
                type="vendors",
                subtype=problem.code,
            )
            continue
        logger.warning(
            "%s",
            problem.message,
            location=location(path, problem.line, problem.column),
            type="vendors",
            subtype=problem.code,
        )
    for vendor, service in registry.services_without_terms():
        logger.info(
            "notice: no terms link for service %r of vendor %r yet; add 'terms' when the official address is known"
            " [vendors.terms]",
            service.name,
            vendor.name,
            location=location(path, service.line, service.column),
        )


def registry_json(registry: Registry, jurisdictions: Jurisdictions, vendors_file: str) -> str:
    """The registry as JSON: codes and source text, nothing localised."""
    data = {
        "source": vendors_file,
        "checked": {
            "eu_eea": jurisdictions.eu_eea_checked.isoformat(),
            "adequacy": jurisdictions.adequacy_checked.isoformat(),
        },
        "vendors": [
            {
                "name": vendor.name,
                "entity": vendor.entity,
                "country": vendor.country,
                "third_country": vendor.third_country,
                "transfer_basis": list(vendor.bases),
                "services": [
                    {"name": service.name, "description": service.description, "terms": service.terms or None}
                    for service in vendor.services
                ],
            }
            for vendor in registry.vendors
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_json(app: Sphinx, exception: BaseException | None) -> None:
    name = app.config.vendors_json
    if exception is not None or not name or app.builder.format != "html" or app.builder.name.startswith("epub"):
        return
    registry = cached_registry(registry_path(app.srcdir, app.config))
    if registry.unreadable:
        return
    target = Path(app.outdir) / name
    text = registry_json(registry, load_jurisdictions(), app.config.vendors_file)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


# -- Message catalog -----------------------------------------------------------


def init_catalog(app: Sphinx, config: Config) -> None:
    """Load the extension's message catalog for ``language`` (column headers, basis names)."""
    add_extension_catalog(app, MESSAGE_CATALOG, LOCALE_DIR)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("vendors_file", "vendors.yaml", "env", types=frozenset({str}))
    app.add_config_value("vendors_json", "vendors.json", "", types=frozenset({str}))
    app.add_directive("vendor-table", VendorTable)
    # Every table cell goes through it; only the vendor table's get a data-label.
    app.add_node(nodes.entry, override=True, html=(visit_entry, depart_entry))
    app.add_css_file("vendors.css")
    app.connect("config-inited", check_config)
    app.connect("config-inited", init_catalog)
    app.connect("builder-inited", add_static_path)
    app.connect("builder-inited", report_problems)
    app.connect("build-finished", write_json)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
