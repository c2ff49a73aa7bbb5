"""Shared pytest set-up: Sphinx's own test fixtures, run against the real project."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

pytest_plugins = ("sphinx.testing.fixtures",)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# What a build of the policy reads: everything else in the repository is tooling.
PROJECT_SOURCES = ("conf.py", "index.md", "henvisninger.md", "policy", "_ext", "_templates", "_static", "locale")


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Minimal projects for ``@pytest.mark.sphinx(testroot=...)``: tests/roots/test-*/."""
    return Path(__file__).resolve().parent / "roots"


def copy_project(destination: Path) -> Path:
    """Copy the policy's sources to *destination*, so tests never write into the repo."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_SOURCES:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        elif source.exists():
            shutil.copy2(source, destination / name)
    return destination


class PolicyBuild:
    """One finished build of a copy of the real project."""

    def __init__(self, app: SphinxTestApp) -> None:
        self.app = app
        self.outdir = Path(app.outdir)
        self.srcdir = Path(app.srcdir)
        self.warnings = app.warning.getvalue() if isinstance(app.warning, StringIO) else ""
        self.status = app.status.getvalue() if isinstance(app.status, StringIO) else ""

    def read(self, name: str) -> str:
        return (self.outdir / name).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def policy_build(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., PolicyBuild]:
    """Build the real project once per (builder, language) and share the result.

    Usage: ``policy_build("html")`` or ``policy_build("html", language="en")``.
    """
    cache: dict[tuple[str, str | None], PolicyBuild] = {}

    def build(buildername: str = "html", *, language: str | None = None) -> PolicyBuild:
        key = (buildername, language)
        if key not in cache:
            workdir = tmp_path_factory.mktemp(f"policy-{buildername}-{language or 'da'}")
            srcdir = copy_project(workdir / "src")
            overrides = {"language": language} if language else {}
            app = SphinxTestApp(
                buildername, srcdir=srcdir, builddir=workdir / "build", confoverrides=overrides, freshenv=True
            )
            try:
                app.build()
            finally:
                app.cleanup()
            cache[key] = PolicyBuild(app)
        return cache[key]

    return build
