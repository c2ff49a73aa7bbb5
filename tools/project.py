"""What a build of the policy reads; everything else in the repository is tooling.

Tests and the synthetic histories copy exactly these paths, so a new source
directory (a template folder, a page) is added here once.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

POLICY_SOURCES = (
    "conf.py",
    "index.md",
    "henvisninger.md",
    "policy",
    "_ext",
    "_templates",
    "_static",
    "locale",
    ".gitignore",
)


def copy_policy_sources(destination: Path, source: Path = REPO_ROOT) -> Path:
    """Copy the policy's sources from *source* to *destination* (compiled files left out)."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in POLICY_SOURCES:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, destination / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        elif path.is_file():
            shutil.copy2(path, destination / name)
    return destination


def config_literal(conf: str, name: str) -> object:
    """The value a ``conf.py`` gives *name* as a literal (``reader_controller = {...}``), without running it."""
    try:
        module = ast.parse(conf)
    except SyntaxError:
        return None
    for statement in module.body:
        if isinstance(statement, ast.Assign) and any(isinstance(target, ast.Name) and target.id == name
                                                     for target in statement.targets):
            try:
                return ast.literal_eval(statement.value)
            except ValueError:
                return None
    return None
