"""YAML composed into nodes that keep their line and column: pure functions, no Sphinx.

Shared by the files the build and the tools check (``vendors.registry``,
``transparency.register``, ``tools.sitebuild.ledger``). The text is composed with PyYAML's safe loader into
a node graph and never constructed into Python objects, so every value keeps its
position for error messages, no YAML tag can run code, and every scalar stays
text (``country: NO`` is Norway, not ``False``). :class:`Checker` holds what
their checkers share: fields that are unknown, given twice or missing, and a
quoted value that runs on past its line. :func:`read_text` and
:func:`compose_checked` are their common opening: a file that cannot be read or
composed is one :class:`Problem`, never an exception; :func:`per_file_version`
lets the extensions of one build share one reading of a data file.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache, wraps
from pathlib import Path
from typing import TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

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

    def __init__(self, line: int, column: int, message: str, code: str = "syntax") -> None:
        super().__init__(message)
        self.line, self.column, self.message, self.code = line, column, message, code

    @property
    def problem(self) -> Problem:
        return Problem(self.line, self.column, self.code, self.message)


def decode(data: bytes) -> str:
    """*data* as UTF-8 text; :class:`YAMLPositionError` (code ``encoding``) at the first byte that is not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"not valid UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded"
        raise YAMLPositionError(line, column, message, "encoding") from None


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


def read_text(path: Path, what: str) -> str | Problem:
    """The text of *path*, or the one :class:`Problem` that stops it being read: the file cannot be
    read (code ``missing``, naming *what*: "the vendor registry"), or it is not UTF-8 (``encoding``)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Problem(0, 0, "missing", f"cannot read {what} {path}: {exc.strerror}")
    try:
        return decode(data)
    except YAMLPositionError as exc:
        return exc.problem


T = TypeVar("T")


def per_file_version(read: Callable[[Path], T]) -> Callable[[Path], T]:
    """*read*, its result kept once per version of the file (modification time and size) and per process:
    each extension of a build that needs the data shares one parse; an edited file is read again."""

    @lru_cache(maxsize=8)
    def read_version(path: Path, stamp: tuple[int, int]) -> T:
        del stamp  # only part of the cache key
        return read(path)

    @wraps(read)
    def cached(path: Path) -> T:
        try:
            stat = path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            stamp = (0, 0)
        return read_version(path, stamp)

    return cached


def compose_checked(text: str) -> Node | Problem | None:
    """:func:`compose`, its error as the :class:`Problem` a checked file reports instead of raising."""
    try:
        return compose(text)
    except YAMLPositionError as exc:
        return exc.problem


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


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to a misspelt *word*, if one is close enough."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


@dataclass
class Checker:
    """Collects :class:`Problem` objects at the nodes they concern; the checks every file shares."""

    problems: list[Problem] = field(default_factory=list, kw_only=True)
    #: The class of the problems reported (a file may format its own).
    problem_type = Problem

    def report(self, node: Node, code: str, message: str) -> None:
        self.problems.append(self.problem_type(*position(node), code, message))

    def fields(
        self, node: Node, allowed: Mapping[str, bool], what: str
    ) -> tuple[dict[str, Node], dict[str, Node]] | None:
        """``(values, keys)`` of the mapping *node* by field name, or None if it is no mapping.

        *allowed* maps each field name to whether it is required. Unknown fields,
        fields given twice and missing required fields are reported.
        """
        if not isinstance(node, MappingNode):
            self.report(node, "type", f"{what} must be a mapping of fields ({', '.join(allowed)})")
            return None
        values: dict[str, Node] = {}
        keys: dict[str, Node] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, ScalarNode) else None
            if name is None:
                self.report(key, "type", f"a field name in {what} must be text")
            elif name in keys:
                first = position(keys[name])[0]
                self.report(key, "duplicate_field", f"field '{name}' is given twice in {what} (first at line {first})")
            elif name not in allowed:
                hint = suggest(name, allowed)
                detail = f"did you mean '{hint}'?" if hint else f"allowed: {', '.join(allowed)}"
                self.report(key, "unknown_field", f"unknown field '{name}' in {what} ({detail})")
            else:
                keys[name] = key
                values[name] = value
        # A value whose quote runs on over the next lines swallows the fields there:
        # report the quote, not the fields it hides, nor the value it took in.
        runaway = [name for name, value in values.items() if self.runaway_quote(value)]
        for name in runaway:
            del values[name]
        for name, required in allowed.items():
            if required and name not in values and not runaway:
                self.report(node, "missing_field", f"missing required field '{name}' in {what}")
        return values, keys

    def text(self, node: Node | None, name: str, what: str, *, required: bool = False, fold: bool = False) -> str:
        """The text of field *name* in *what*: "" when absent or null, or not text (reported).

        *required*: an empty value is reported too. *fold*: runs of white space
        become one space (a value written over several lines).
        """
        if node is None:
            return ""
        if not isinstance(node, ScalarNode):
            self.report(node, "type", f"field '{name}' in {what} must be text, not {kind(node)}")
            return ""
        value = "" if node.tag == NULL_TAG else " ".join(node.value.split()) if fold else node.value.strip()
        if required and not value:
            self.report(node, "missing_field", f"field '{name}' in {what} is empty")
        return value

    def runaway_quote(self, node: Node) -> bool:
        """Report a quoted value that goes on past its line (a missing closing quote, usually)."""
        if not (isinstance(node, ScalarNode) and node.style in ('"', "'")):
            return False
        opened, closed = node.start_mark, node.end_mark
        if opened.line == closed.line:
            return False
        self.report(
            node,
            "quote",
            f"the quote {node.style} opened here is closed only at line {closed.line + 1}, column {closed.column}, "
            f"and the value takes in everything up to there; close it on line {opened.line + 1}",
        )
        return True
