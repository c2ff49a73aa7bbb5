"""Building in tests: the real project's paths, a copy of its sources, a strict build, a finished build; a test app's output."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from tests.support.once import made_once
from tools.project import REPO_ROOT, copy_policy_sources

PROJECT_ROOT = REPO_ROOT
FIXTURES = PROJECT_ROOT / "tests" / "fixtures"


def copy_project(destination: Path) -> Path:
    """Copy the policy's sources to *destination*, so tests never write into the repo."""
    return copy_policy_sources(destination)


@dataclass(frozen=True)
class PolicyBuild:
    """One finished build of a copy of the real project: where it is, and what Sphinx said."""

    srcdir: Path
    outdir: Path
    warnings: str
    status: str

    def read(self, name: str) -> str:
        return (self.outdir / name).read_text(encoding="utf-8")


def shared_policy_build(tmp_path_factory: pytest.TempPathFactory, buildername: str, language: str | None) -> PolicyBuild:
    """A copy of the real project built once per session (by whichever xdist worker asks first).

    Sphinx's warnings and status are kept beside the output, for the workers that did not build it.
    """
    with made_once(tmp_path_factory, f"policy-{buildername}-{language or 'da'}") as (workdir, to_make):
        if to_make:
            srcdir = copy_project(workdir / "src")
            overrides = {"language": language} if language else {}
            app = SphinxTestApp(
                buildername, srcdir=srcdir, builddir=workdir / "build", confoverrides=overrides, freshenv=True
            )
            try:
                app.build()
            finally:
                app.cleanup()
            (workdir / "warnings.txt").write_text(app.warning.getvalue(), encoding="utf-8")
            (workdir / "status.txt").write_text(app.status.getvalue(), encoding="utf-8")
            (workdir / "outdir.txt").write_text(str(app.outdir), encoding="utf-8")
    return PolicyBuild(
        srcdir=workdir / "src",
        outdir=Path((workdir / "outdir.txt").read_text(encoding="utf-8")),
        warnings=(workdir / "warnings.txt").read_text(encoding="utf-8"),
        status=(workdir / "status.txt").read_text(encoding="utf-8"),
    )


def strict_build(srcdir: Path, outdir: Path, *, jobs: str = "1") -> subprocess.CompletedProcess[str]:
    """``sphinx-build`` as ``make check`` runs it (-E -W --keep-going -n), in a fresh process.

    ``--no-color``: with ``CI=true`` Sphinx colours its warnings, and tests read them.
    The project's extensions are importable, as conf.py and pytest's ``pythonpath`` make them.
    """
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT / "_ext"),
                                                                      os.environ.get("PYTHONPATH")]))}
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "--no-color", "-E", "-W", "--keep-going", "-n", "-q", "-j", jobs, "-b", "html",
         str(srcdir), str(outdir)],
        capture_output=True, check=False, encoding="utf-8", cwd=outdir.parent, env=env,
    )  # fmt: skip


def app_lines(app: SphinxTestApp, stream: str = "warning") -> list[str]:
    """A test app's warnings (or, with ``"status"``, its status lines) without colours, the source directory as ``SRC``."""
    text = strip_colors(getattr(app, stream).getvalue()).replace(str(app.srcdir), "SRC")
    return [line.strip() for line in text.splitlines() if line.strip()]
