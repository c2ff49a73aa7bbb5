"""Shared pytest set-up: Sphinx's own test fixtures, run against the real project.

How the suite is laid out, so that ``make test`` stays under five minutes on two cores:

- ``make test`` runs pytest-xdist with one worker per core and ``--dist loadscope``
  (the Makefile's ``PYTEST_XDIST``; ``PYTEST_XDIST=`` runs in one process): all the
  tests of one module run on one worker, so a module fixture (a fixture repository,
  a ``make site`` run, a chain of editor steps) is made once. (Not ``--dist loadgroup``:
  xdist 3.8 writes the ``xdist_group`` into the test's id, which pytest 9.2 ignores.)
  Keep a module's expensive work in module or session fixtures. A module too long
  for one worker (tests/test_site.py) is listed in ``SPREAD_MODULES``: each of its
  test functions is then a unit of its own, so its fixtures must be function- or
  session-scoped (a module fixture would be made again on every worker).
- A session fixture that builds something big makes it once for all workers with
  ``tests.support.once.made_once`` (a directory in the session's temporary
  directory, under a lock). Reuse these rather than building again:
  ``policy_build`` (the real project, per builder and language), ``browser`` (one
  chromium per worker), ``axe_source`` and ``nu_html_checker``; and in
  tests/test_site.py, ``site`` (the dated fixture site). Read what they made; never
  change it. A test that uses ``browser``, ``axe_source`` or ``nu_html_checker`` is
  marked ``browser`` here; ``make test-fast`` skips those.
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


# Modules whose tests may each run on any worker: they have no module fixture worth keeping
# (their expensive one is made once per session), and together they take too long for one worker.
SPREAD_MODULES = frozenset({"tests/test_site.py"})


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """``--dist loadscope``, with each test function of SPREAD_MODULES a unit of its own, handed out first."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):
        spread_first = True

        def _split_scope(self, nodeid: str) -> str:
            module, _, test = nodeid.partition("::")
            if module in SPREAD_MODULES:
                return f"{module}::{test.split('[')[0]}"
            return super()._split_scope(nodeid)

        def _assign_work_unit(self, node) -> None:
            # The spread modules' long tests first, so that no worker ends the run alone with one;
            # then the other modules, the largest first (loadscope's own order).
            if self.spread_first:
                self.spread_first = False
                for scope in reversed([scope for scope in self.workqueue if scope.split("::")[0] in SPREAD_MODULES]):
                    self.workqueue.move_to_end(scope, last=False)
            super()._assign_work_unit(node)

    return Scheduling(config, log)


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
