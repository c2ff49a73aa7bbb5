"""Shared by the vendor registry's tests: reads warnings and table grids."""

from __future__ import annotations


from sphinx.util.console import strip_colors

# The test roots' conf.py loads the "vendors" extension from the project's _ext/.


def warning_lines(app) -> list[str]:
    """The app's warnings, one per line, without colours."""
    return [line for line in strip_colors(app.warning.getvalue()).splitlines() if line.strip()]


def table_grid(table_html: str) -> list[list[dict[str, str]]]:
    """A rendered table's rows with rowspans expanded: each cell is {"text", "href"}.

    A cell that spans rows appears in every row it covers, so each row has all
    of the table's columns.
    """
    import re

    from tests.support.htmltext import normalise_space

    grid: list[list[dict[str, str]]] = []
    pending: dict[int, tuple[int, dict[str, str]]] = {}  # column -> (rows still covered, cell)
    for row_html in re.findall(r"<tr\b.*?</tr>", table_html, re.DOTALL):
        row: list[dict[str, str]] = []
        cells = re.findall(r"<t([hd])\b([^>]*)>(.*?)</t\1>", row_html, re.DOTALL)
        column = 0
        for _tag, attributes, inner in cells:
            while column in pending:
                row.append(_take(pending, column))
                column += 1
            href = re.search(r'href="([^"]*)"', inner)
            cell = {"text": normalise_space(re.sub(r"<[^>]+>", " ", inner)), "href": href.group(1) if href else ""}
            span = re.search(r'rowspan="(\d+)"', attributes)
            if span and int(span.group(1)) > 1:
                pending[column] = (int(span.group(1)) - 1, cell)
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
