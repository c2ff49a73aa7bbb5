"""Building the vendor table as docutils nodes (never as markup to be parsed again).

Reader-visible words come in through :class:`Labels`, so this module knows
nothing about languages; the directive fills the labels from the extension's
message catalog and Babel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from docutils import nodes

from .registry import Service, Vendor

#: Every column, in the default order: key -> is it about the vendor (True) or the service?
COLUMNS = {
    "entity": True,
    "country": True,
    "service": False,
    "description": False,
    "basis": True,
    "terms": False,
}

#: Row selections for the ``:rows:`` option.
ROWS = ("all", "third-country", "eu-eea")


@dataclass(frozen=True)
class Labels:
    header: Callable[[str], str]
    country: Callable[[str], str]
    basis: Callable[[str], str]
    no_transfer: str
    terms_link: Callable[[str], str]
    #: The policy's own words for a transfer basis (section 4.1's quote), when the data has them:
    #: shown instead of ``basis`` and translated with the page, as a description is.
    basis_quote: Callable[[str], str] = lambda basis: ""


def parse_columns(argument: str | None) -> tuple[str, ...]:
    """The ``:columns:`` option: column keys separated by commas or spaces."""
    if argument is None or not argument.strip():
        raise ValueError(f"list at least one column of: {', '.join(COLUMNS)}")
    columns = tuple(argument.replace(",", " ").split())
    for column in columns:
        if column not in COLUMNS:
            raise ValueError(f"unknown column '{column}'; choose from: {', '.join(COLUMNS)}")
    if len(set(columns)) != len(columns):
        raise ValueError("a column is listed twice")
    return columns


def select_vendors(vendors: Sequence[Vendor], rows: str) -> list[Vendor]:
    """The vendors a ``:rows:`` selection keeps, in registry order."""
    if rows == "third-country":
        return [vendor for vendor in vendors if vendor.third_country]
    if rows == "eu-eea":
        return [vendor for vendor in vendors if vendor.country and not vendor.third_country]
    return list(vendors)


def build_table(
    vendors: Sequence[Vendor],
    columns: Sequence[str],
    labels: Labels,
    *,
    grouped: bool,
    source: str,
    line: int,
) -> nodes.table:
    """One row per service; with *grouped*, a vendor's own cells span its services' rows.

    When *columns* holds only vendor columns (entity, country, basis), each
    vendor gets a single row instead.

    Descriptions become paragraphs with *source* and *line* set, so Sphinx's
    gettext builder extracts them and its Locale transform translates them.
    Everything else is either a proper name or already translated in *labels*,
    so it carries no source and gettext leaves it alone.
    """
    table = nodes.table(classes=["vendor-table", "colwidths-auto"])
    table.source, table.line = source, line
    group = nodes.tgroup(cols=len(columns))
    table += group
    for _column in columns:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    head += _row(nodes.entry("", nodes.paragraph("", labels.header(column))) for column in columns)
    group += head
    body = nodes.tbody()
    group += body
    per_service = not all(COLUMNS[column] for column in columns)

    def entry(column: str, vendor: Vendor, service: Service) -> nodes.entry:
        return _entry(column, _cell(column, vendor, service, labels, source, line), labels.header(column))

    for vendor in vendors:
        if not per_service:
            # Only vendor columns: one row per vendor, described by its first service.
            body += _row(entry(column, vendor, vendor.services[0]) for column in columns)
            continue
        for index, service in enumerate(vendor.services):
            entries = []
            for column in columns:
                if COLUMNS[column] and grouped:
                    if index:
                        continue  # covered by the first row's cell
                    cell = entry(column, vendor, service)
                    if len(vendor.services) > 1:
                        cell["morerows"] = len(vendor.services) - 1
                else:
                    cell = entry(column, vendor, service)
                entries.append(cell)
            body += _row(entries)
    return table


def _row(entries) -> nodes.row:
    row = nodes.row()
    row.extend(entries)
    return row


def _entry(column: str, children: list[nodes.Node], label: str) -> nodes.entry:
    """A body cell that knows its column's header (*label*), for the table read cell by cell on a phone.

    A vendor's own cells (company, country, basis) have the class ``vendor-own``:
    stacked, they come first, as in the PDF.
    """
    entry = nodes.entry(column_label=label)
    if COLUMNS[column]:
        entry["classes"].append("vendor-own")
    entry.extend(children)
    return entry


def _cell(column: str, vendor: Vendor, service: Service, labels: Labels, source: str, line: int) -> list[nodes.Node]:
    if column == "entity":
        return [nodes.paragraph("", vendor.entity)]
    if column == "country":
        return [nodes.paragraph("", labels.country(vendor.country))] if vendor.country else []
    if column == "service":
        return [nodes.paragraph("", service.name)]
    if column == "description":
        paragraph = nodes.paragraph(service.description, service.description)
        paragraph.source, paragraph.line = source, line
        return [paragraph]
    if column == "basis":
        if not vendor.third_country:
            return [nodes.paragraph("", labels.no_transfer)] if vendor.country else []
        cells = []
        for basis in vendor.bases:
            quote = labels.basis_quote(basis)
            if quote:
                paragraph = nodes.paragraph(quote, quote, classes=["vendor-basis-quote"])
                paragraph.source, paragraph.line = source, line
            else:
                paragraph = nodes.paragraph("", labels.basis(basis))
            cells.append(paragraph)
        return cells
    if column == "terms":
        if not service.terms:
            return []
        link = nodes.reference("", labels.terms_link(service.name), refuri=service.terms, internal=False)
        return [nodes.paragraph("", "", link)]
    raise ValueError(column)
