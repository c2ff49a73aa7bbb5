"""What a build of the policy reads; everything else in the repository is tooling.

Tests and the synthetic histories copy exactly these paths, so a new source
directory (a template folder, a page) is added here once.
"""

from __future__ import annotations

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
