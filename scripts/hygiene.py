"""Fast file checks for pre-commit and ``make lint``: YAML validity and ``.po`` syntax.

Each problem is printed as ``file:line: message``; the exit status is 1 if any.

    python -m scripts.hygiene yaml .github/workflows/*.yml policy/vendors.yaml
    python -m scripts.hygiene po locale/en/LC_MESSAGES/**/*.po
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import yaml

from tools.i18n.catalogs import CatalogError, read_po_file


def yaml_problems(path: Path) -> list[str]:
    """Why *path* is not valid YAML (every document in it), as ``file:line: message``."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [f"{path}:1: cannot be read: {error}"]
    try:
        for _document in yaml.safe_load_all(text):
            pass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(part for part in (error.context, error.problem) if part)
        return [f"{path}:{line}:{column}: not valid YAML: {problem}"]
    except yaml.YAMLError as error:
        return [f"{path}:1: not valid YAML: {error}"]
    return []


def po_problems(path: Path) -> list[str]:
    """Why *path* is not a valid catalog, as ``file:line: message`` (the project's one reader, no GNU gettext)."""
    try:
        read_po_file(path)
    except CatalogError as error:
        return [str(error)]
    return []


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.hygiene", description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("yaml", "po"))
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args(argv)
    check = yaml_problems if args.kind == "yaml" else po_problems
    problems = [problem for path in args.files for problem in check(path)]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
