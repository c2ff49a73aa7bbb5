"""What a build of the policy reads; everything else in the repository is tooling.

Tests and the synthetic histories copy exactly these paths, so a new source
directory (a template folder, a page) is added here once.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from tools import git

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


def is_policy_markdown(path: str) -> bool:
    """Whether *path* (relative, with '/') is policy text that readers see."""
    return path == "index.md" or (path.startswith("policy/") and path.endswith(".md"))


def policy_markdown_in_tree(repo: Path) -> dict[str, str]:
    """Each policy text's path and MyST Markdown in the working tree, in reading order."""
    paths = [repo / "index.md", *sorted((repo / "policy").rglob("*.md"))]
    return {path.relative_to(repo).as_posix(): path.read_text(encoding="utf-8") for path in paths if path.is_file()}


def policy_markdown_at(repo: Path, commit: str) -> dict[str, str]:
    """Each policy text's path and MyST Markdown in *commit*'s tree, as :func:`policy_markdown_in_tree`."""
    return {path: git.read_at(repo, commit, path) or "" for path in git.files_at(repo, commit) if is_policy_markdown(path)}


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
