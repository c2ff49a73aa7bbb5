"""YAML composed into nodes that keep their line and column: pure functions, no Sphinx.

Shared by the registers the build checks (``vendors.registry``,
``transparency.register``). The text is composed with PyYAML's safe loader into
a node graph and never constructed into Python objects, so every value keeps its
position for error messages, no YAML tag can run code, and every scalar stays
text (``country: NO`` is Norway, not ``False``).
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

NULL_TAG = "tag:yaml.org,2002:null"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a checked YAML file, at a 1-based line and column (0: the whole file)."""

    line: int
    column: int
    code: str
    message: str

    def format(self, path: str, namespace: str) -> str:
        """``path:line:column: message [namespace.code]``, the form Sphinx's warnings have."""
        where = f"{path}:{self.line}:{self.column}" if self.line else path
        return f"{where}: {self.message} [{namespace}.{self.code}]"


class YAMLPositionError(ValueError):
    """The text is not YAML; *line* and *column* are 1-based (0 when unknown)."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def compose(text: str) -> Node | None:
    """The YAML *text* as a node graph (``None`` for an empty file); :class:`YAMLPositionError` if it is not YAML."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        if unclosed := _unclosed_quote(text, exc):
            raise unclosed from None
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = f"YAML syntax error: {exc.problem or exc.context}"
        if exc.context and exc.problem:
            context = exc.context
            start = exc.context_mark
            if start and mark and start.line != mark.line:
                context += f" started at line {start.line + 1}"
            message += f" ({context})"
        raise YAMLPositionError(line, column, message) from None
    except yaml.YAMLError as exc:  # e.g. ReaderError: a control character in the text
        position = getattr(exc, "position", 0)
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        raise YAMLPositionError(line, column, f"YAML syntax error: {exc}".splitlines()[0]) from None


def _unclosed_quote(text: str, error: yaml.MarkedYAMLError) -> YAMLPositionError | None:
    """The syntax *error* as a quote left open, at the line and column where it opened; None if it is not one.

    YAML lets a quoted value run over several lines, so a missing closing quote is
    only noticed where the next quote closes it, often many lines further down.
    """
    if error.context == "while scanning a quoted scalar" and error.context_mark:
        opened = error.context_mark
        return YAMLPositionError(
            opened.line + 1,
            opened.column + 1,
            f"YAML syntax error: the quote {text[opened.index]} opened here is never closed; "
            f"close it on line {opened.line + 1}",
        )
    failed = error.problem_mark
    if failed is None:
        return None
    quoted = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= failed.index:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                quoted = token
    except yaml.YAMLError:
        pass  # the scanner stops at its own error; the tokens before it are enough
    if quoted is None or quoted.start_mark.line == quoted.end_mark.line or quoted.end_mark.line != failed.line:
        return None
    opened, closed = quoted.start_mark, quoted.end_mark
    quote = text[opened.index]
    return YAMLPositionError(
        opened.line + 1,
        opened.column + 1,
        f"YAML syntax error: the quote {quote} opened here is not closed on its line, so the value runs on "
        f"to the next {quote} at line {closed.line + 1}, column {closed.column}; close it on line {opened.line + 1}",
    )


def position(node: Node) -> tuple[int, int]:
    """The node's 1-based line and column."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def kind(node: Node) -> str:
    """"a mapping", "a list" or "text", for messages."""
    return {MappingNode: "a mapping", SequenceNode: "a list"}.get(type(node), "text")
