"""The site's languages, read from a source tree's ``conf.py`` through Sphinx's own config reader.

``site_languages`` in ``conf.py`` is the one list: source language first, then
the translations. The Makefile (``python -m tools.languages``), the site builder
and the editor's tools all ask this module, never a list of their own. Trees
from before ``site_languages`` existed name the list ``language_switch_languages``.

Every code must be one Babel knows (``de``, ``pt_BR``): the dates, the language
names and the catalogs depend on it. An unknown one is refused at its place in
``conf.py`` (``conf.py:60:29: error: 'xx' is not a language code … [language.unknown]``).
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Sequence
from pathlib import Path

from babel import Locale, UnknownLocaleError
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util.tags import Tags

from tools.diagnostics import Diagnostic, exception_diagnostic
from tools.project import REPO_ROOT

SETTING = "site_languages"
#: What older trees called the same list.
EARLIER_SETTING = "language_switch_languages"


class LanguageError(ConfigError):
    """A language list that cannot be used: one diagnostic per fault, at its place in ``conf.py``."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(map(str, diagnostics)))
        self.diagnostics = diagnostics


def shown(path: Path) -> str:
    """*path* relative to the working directory when it is under it (as make shows paths)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def written_at(conf: Path) -> tuple[tuple[int, int], dict[str, list[tuple[int, int]]]]:
    """Where ``conf.py`` sets the list: ``((line, column) of the setting, {code: [(line, column), ...]})``.

    ``(0, 0)`` and ``{}`` when it is not written as a literal list (or the file cannot be parsed).
    """
    try:
        tree = ast.parse(conf.read_text(encoding="utf-8"), str(conf))
    except (OSError, SyntaxError, ValueError):
        return (0, 0), {}
    setting, codes = (0, 0), {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if not any(isinstance(t, ast.Name) and t.id in (SETTING, EARLIER_SETTING) for t in targets):
                continue
            setting = setting if setting != (0, 0) else (node.lineno, node.col_offset + 1)
            strings = [n for n in ast.walk(node.value) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
            for string in sorted(strings, key=lambda n: (n.lineno, n.col_offset)):
                codes.setdefault(string.value, []).append((string.lineno, string.col_offset + 1))
    return setting, codes


def is_known(code: str) -> bool:
    """Whether Babel knows the language code *code* (``de``, ``pt_BR``, ``pt-BR``): names and dates depend on it."""
    try:
        Locale.parse(code.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return False
    return True


def language_problems(languages: object, conf: Path) -> list[Diagnostic]:
    """What is wrong with *languages*, the list *conf* sets: one diagnostic per bad code, at its place."""
    setting, codes = written_at(conf)
    path = shown(conf)
    if not languages or not isinstance(languages, list | tuple):
        message = f"no {SETTING} list: write the site's languages, source language first, e.g. {SETTING} = ['da', 'en']"
        return [Diagnostic(path, *setting, message=message, code="language.missing")]
    problems, seen = [], []
    for code in languages:
        places = codes.get(code, []) if isinstance(code, str) else []
        occurrence = seen.count(code)
        line, column = places[occurrence] if occurrence < len(places) else setting
        if not isinstance(code, str) or not is_known(code):
            message = f"{code!r} is not a language code Babel knows: use an ISO 639 code such as 'de' or 'pt_BR'"
            problems.append(Diagnostic(path, line, column, message=message, code="language.unknown"))
        elif code in seen:
            problems.append(Diagnostic(path, line, column, message=f"{code!r} is listed twice", code="language.twice"))
        seen.append(code)
    return problems


def site_languages(confdir: Path = REPO_ROOT) -> tuple[str, ...]:
    """The languages *confdir*'s ``conf.py`` builds, source language first.

    Raises :class:`LanguageError` (a :class:`~sphinx.errors.ConfigError`) for a
    missing list or a code Babel does not know.
    """
    config = Config.read(confdir, overrides={}, tags=Tags())
    for name in (SETTING, EARLIER_SETTING):
        config.add(name, None, "html", frozenset({list, tuple}))
    languages = config[SETTING] or config[EARLIER_SETTING]
    if problems := language_problems(languages, confdir / "conf.py"):
        raise LanguageError(problems)
    return tuple(languages)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.languages", description=__doc__.splitlines()[0])
    parser.add_argument("confdir", nargs="?", type=Path, default=REPO_ROOT, help="the source tree (default: this one)")
    args = parser.parse_args(argv)
    try:
        print(" ".join(site_languages(args.confdir)))
    except LanguageError as error:
        print(error, file=sys.stderr)
        return 2
    except Exception as error:  # noqa: BLE001 (a conf.py that raises: one line at its file:line, no traceback)
        print(exception_diagnostic(error, args.confdir, "cannot read the site's languages", code="languages.config"),
              file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
