"""Shared pytest set-up: Sphinx's own test fixtures, run against the real project.

How the suite is laid out, so that ``make test`` stays under five minutes on two cores:

- ``make test`` runs pytest-xdist (``-n auto --dist loadgroup``, in the Makefile's
  ``PYTEST_XDIST``; ``PYTEST_XDIST=`` runs in one process). A test that uses a fixture
  of module (or class) scope, such as a ``make site`` run on a fixture repository,
  is put in its module's group here, so that the fixture is made once, on one worker;
  every other test goes to whichever worker is free. A test can name its own group
  with ``@pytest.mark.xdist_group("name")``.
- The session fixtures below are the ones to reuse: ``policy_build`` (the real project
  built once per builder and language, shared by all workers through a lock in
  pytest's base temporary directory), ``browser`` (one chromium per worker),
  ``axe_source`` and ``nu_html_checker``. A test that uses ``browser``, ``axe_source``
  or ``nu_html_checker`` is marked ``browser`` here; ``make test-fast`` skips those.
- Code shared by several test modules lives in ``tests/support/``: no test module
  imports another (tests/test_suite_layout.py checks it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import checkers
from tests.support.build import PolicyBuild, shared_policy_build

pytest_plugins = ("sphinx.testing.fixtures",)

# The fixtures that need chromium, axe-core or Java (the Nu Html Checker).
BROWSER_FIXTURES = frozenset({"browser", "axe_source", "nu_html_checker"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that opens the browser or runs Java is a browser test, wherever it is (make test-fast skips them)."""
    for item in items:
        if BROWSER_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Minimal projects for ``@pytest.mark.sphinx(testroot=...)``: tests/roots/test-*/."""
    return Path(__file__).resolve().parent / "roots"


@pytest.fixture(scope="session")
def policy_build(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., PolicyBuild]:
    """Build the real project once per (builder, language) and share the result with every worker.

    Usage: ``policy_build("html")`` or ``policy_build("html", language="en")``. Read
    the build; never change it (every test of the session sees the same files).
    """
    cache: dict[tuple[str, str | None], PolicyBuild] = {}

    def build(buildername: str = "html", *, language: str | None = None) -> PolicyBuild:
        key = (buildername, language)
        if key not in cache:
            cache[key] = shared_policy_build(tmp_path_factory, buildername, language)
        return cache[key]

    return build


@pytest.fixture(scope="session")
def browser():
    """One headless Debian chromium (Playwright) for every browser test of the worker."""
    from tests.support.readersite import chromium

    with chromium() as instance:
        yield instance


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, read once: evaluate it in a page with ``checkers.axe_violations``."""
    return checkers.axe_source()


@pytest.fixture(scope="session")
def nu_html_checker() -> Callable[..., tuple]:
    """``nu_html_checker(pages)``: the Nu Html Checker (Java) on built pages, its process and JSON messages."""
    return checkers.nu_html_check
