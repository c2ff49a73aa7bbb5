"""Shared pytest set-up: Sphinx's own test fixtures, run against the real project."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.project import copy_policy_sources  # noqa: E402

pytest_plugins = ("sphinx.testing.fixtures",)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Minimal projects for ``@pytest.mark.sphinx(testroot=...)``: tests/roots/test-*/."""
    return Path(__file__).resolve().parent / "roots"


def copy_project(destination: Path) -> Path:
    """Copy the policy's sources to *destination*, so tests never write into the repo."""
    return copy_policy_sources(destination)


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


@pytest.fixture(scope="session")
def browser():
    """One headless Debian chromium (Playwright) for every browser test of the session."""
    from readersite import chromium

    with chromium() as instance:
        yield instance


def strict_build(srcdir: Path, outdir: Path) -> subprocess.CompletedProcess[str]:
    """``sphinx-build`` as ``make check`` runs it (-E -W --keep-going -n), in a fresh process.

    ``--no-color``: with ``CI=true`` Sphinx colours its warnings, and tests read them.
    """
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "--no-color", "-E", "-W", "--keep-going", "-n", "-q", "-b", "html",
         str(srcdir), str(outdir)],
        capture_output=True, check=False, encoding="utf-8", cwd=outdir.parent,
    )  # fmt: skip
