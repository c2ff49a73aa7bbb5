"""The ``vendor-table`` directive: the vendor registry as a docutils table."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from babel import Locale, UnknownLocaleError
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .registry import BASES, cached_registry
from .table import COLUMNS, ROWS, Labels, build_table, parse_columns, select_vendors

logger = logging.getLogger(__name__)

MESSAGE_CATALOG = "vendors"
_ = get_translation(MESSAGE_CATALOG)


def _headers() -> dict[str, str]:
    return {
        "entity": _("Company"),
        "country": _("Country"),
        "service": _("Service"),
        "description": _("Description"),
        "basis": _("Transfer basis"),
        "terms": _("Terms"),
    }


def _bases() -> dict[str, str]:
    names = {
        "scc": _("The European Commission's standard contractual clauses (SCCs) with supplementary measures"),
        "dpf": _("EU-U.S. Data Privacy Framework"),
        "adequacy": _("The European Commission's adequacy decision for the country"),
        "bcr": _("Binding corporate rules"),
        "art49": _("Derogation for a specific situation (GDPR Article 49)"),
    }
    assert names.keys() == set(BASES)
    return names


def babel_locale(language: str | None) -> Locale:
    """Babel's locale for Sphinx's ``language`` ("da", "en", "pt_BR", ...); English if Babel has none."""
    try:
        return Locale.parse((language or "en").replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


def labels_for(language: str | None, basis_quotes: dict[str, str] | None = None) -> Labels:
    headers, bases = _headers(), _bases()
    territories = babel_locale(language).territories
    quotes = basis_quotes or {}
    return Labels(
        header=lambda column: str(headers[column]),
        country=lambda code: territories.get(code, code),
        basis=lambda basis: str(bases[basis]),
        no_transfer=str(_("No transfer outside the EU/EEA")),
        # Translators: {service} is the name of a service, e.g. LinkedIn.
        terms_link=lambda service: str(_("Terms for {service}")).format(service=service),
        basis_quote=lambda basis: quotes.get(basis, ""),
    )


def safeguard_quotes(srcdir: str | Path, processing_file: str) -> dict[str, str]:
    """Each transfer basis's words in section 4.1, from the processing data's quoted safeguards ({} without it).

    The data is checked against the text by the ``processing`` extension, so the
    table shows what the text states, never a second wording of it.
    """
    path = Path(srcdir) / processing_file if processing_file else None
    if path is None or not path.is_file():
        return {}
    from processing.facts import cached_processing  # only a project with processing data needs it

    general = cached_processing(path).general
    if general is None:
        return {}
    return {fact.point: " ".join(fact.quote.split()) for fact in general.safeguards if fact.quote}


def _rows(argument: str | None) -> str:
    return directives.choice(argument, ROWS)


class VendorTable(SphinxDirective):
    """Render ``vendors_file`` as a table.

    Options: ``:rows:`` (all, third-country or eu-eea), ``:vendors:`` (names,
    comma-separated), ``:group-by-vendor:`` (vendor cells span their services),
    ``:columns:`` (any of entity, country, service, description, basis, terms),
    ``:name:`` and ``:class:``. An optional argument is the table's title.
    """

    has_content = False
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar = {
        "rows": _rows,
        "vendors": directives.unchanged_required,
        "group-by-vendor": directives.flag,
        "columns": parse_columns,
        "name": directives.unchanged,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir) / self.config.vendors_file
        self.env.note_dependency(path)
        registry = cached_registry(path)
        if registry.unreadable:
            return []  # already reported, with file and line, when the build started
        vendors = select_vendors(registry.vendors, self.options.get("rows", "all"))
        if "vendors" in self.options:
            chosen = []
            for name in (part.strip() for part in self.options["vendors"].split(",")):
                vendor = registry.vendor(name)
                if vendor is None:
                    logger.warning(
                        "vendor-table: no vendor named %r in %s",
                        name,
                        self.config.vendors_file,
                        location=self.get_location(),
                        type="vendors",
                        subtype="directive",
                    )
                elif vendor in vendors:
                    chosen.append(vendor)
            vendors = chosen
        vendors = [vendor for vendor in vendors if vendor.services]
        if not vendors:
            logger.warning(
                "vendor-table: no vendor in %s matches the options",
                self.config.vendors_file,
                location=self.get_location(),
                type="vendors",
                subtype="directive",
            )
            return []
        source, line = self.get_source_info()
        processing_file = getattr(self.config, "processing_file", "")
        if processing_file:
            self.env.note_dependency(Path(self.env.srcdir) / processing_file)
        table = build_table(
            vendors,
            self.options.get("columns", tuple(COLUMNS)),
            labels_for(self.config.language, safeguard_quotes(self.env.srcdir, processing_file)),
            grouped="group-by-vendor" in self.options,
            source=source,
            line=line,
        )
        table["classes"] += self.options.get("class", [])
        if self.arguments:
            title_text = self.arguments[0]
            title, messages = self.parse_inline(title_text, lineno=self.lineno)
            table.insert(0, self._title(title_text, title))
            self.add_name(table)
            return [table, *messages]
        self.add_name(table)
        return [table]

    def _title(self, rawsource: str, children: list[nodes.Node]) -> nodes.title:
        title = nodes.title(rawsource, "", *children)
        title.source, title.line = self.get_source_info()
        return title
