"""Shared pytest set-up: Sphinx's own test fixtures, run against the real project."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.support.build import PolicyBuild, copy_project

pytest_plugins = ("sphinx.testing.fixtures",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that opens the browser is a browser test, wherever it is (make test-fast skips them)."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Minimal projects for ``@pytest.mark.sphinx(testroot=...)``: tests/roots/test-*/."""
    return Path(__file__).resolve().parent / "roots"


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
    from tests.support.readersite import chromium

    with chromium() as instance:
        yield instance
