"""``python -m tools.sitebuild`` (what ``make site`` runs) on a fixture repository, and what it left."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tools.project import REPO_ROOT

#: The build date the site tests use unless they say otherwise.
BUILD_DATE = "2026-09-01"


@dataclass
class SiteRun:
    repo: Path
    out: Path
    cache: Path
    process: subprocess.CompletedProcess[str]

    def read(self, relpath: str) -> str:
        return (self.out / relpath).read_text(encoding="utf-8")


def run_site(repo: Path, out: Path, cache: Path, *extra: str, build_date: str = BUILD_DATE) -> SiteRun:
    process = subprocess.run(
        [sys.executable, "-m", "tools.sitebuild", "--repo", str(repo), "--out", str(out), "--cache", str(cache),
         "--build-date", build_date, *extra],
        cwd=REPO_ROOT, capture_output=True, check=False, encoding="utf-8",
    )
    return SiteRun(repo, out, cache, process)
