"""Shared by the vendor registry's tests: reads warnings and table grids."""

from __future__ import annotations

import lxml.html
from sphinx.util.console import strip_colors

from tests.support.htmltext import normalise_space

# The test roots' conf.py loads the "vendors" extension from the project's _ext/.


def warning_lines(app) -> list[str]:
    """The app's warnings, one per line, without colours."""
    return [line for line in strip_colors(app.warning.getvalue()).splitlines() if line.strip()]


def table_grid(table: lxml.html.HtmlElement) -> list[list[dict[str, str]]]:
    """A rendered table's rows with rowspans expanded: each cell is {"text", "href"}.

    A cell that spans rows appears in every row it covers, so each row has all
    of the table's columns.
    """
    grid: list[list[dict[str, str]]] = []
    pending: dict[int, tuple[int, dict[str, str]]] = {}  # column -> (rows still covered, cell)
    for tr in table.iter("tr"):
        row: list[dict[str, str]] = []
        column = 0
        for element in tr.xpath("./th|./td"):
            while column in pending:
                row.append(_take(pending, column))
                column += 1
            hrefs = element.xpath(".//@href")
            cell = {"text": normalise_space(" ".join(element.itertext())), "href": hrefs[0] if hrefs else ""}
            span = int(element.get("rowspan", "1"))
            if span > 1:
                pending[column] = (span - 1, cell)
            row.append(cell)
            column += 1
        while column in pending:
            row.append(_take(pending, column))
            column += 1
        grid.append(row)
    return grid


def _take(pending: dict, column: int) -> dict[str, str]:
    remaining, cell = pending[column]
    if remaining == 1:
        del pending[column]
    else:
        pending[column] = (remaining - 1, cell)
    return cell
