"""Building the real project in tests: its paths, a copy of its sources, a strict build, a finished build."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from tools.project import REPO_ROOT, copy_policy_sources

PROJECT_ROOT = REPO_ROOT
FIXTURES = PROJECT_ROOT / "tests" / "fixtures"


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


def strict_build(srcdir: Path, outdir: Path, *, jobs: str = "1") -> subprocess.CompletedProcess[str]:
    """``sphinx-build`` as ``make check`` runs it (-E -W --keep-going -n), in a fresh process.

    ``--no-color``: with ``CI=true`` Sphinx colours its warnings, and tests read them.
    The project's extensions and tools (tools/hyphenation) are importable, as pytest's ``pythonpath`` makes them here.
    """
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT / "_ext"), str(PROJECT_ROOT),
                                                                      os.environ.get("PYTHONPATH")]))}
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "--no-color", "-E", "-W", "--keep-going", "-n", "-q", "-j", jobs, "-b", "html",
         str(srcdir), str(outdir)],
        capture_output=True, check=False, encoding="utf-8", cwd=outdir.parent, env=env,
    )  # fmt: skip
