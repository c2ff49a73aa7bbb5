"""Write the site beside the published one, then swap it in: readers never see a half-written site."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staged(site: Path) -> Iterator[Path]:
    """An empty directory beside *site*; when the block ends without an error it replaces *site*."""
    staging = site.with_name(site.name + ".new")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    yield staging
    if site.exists():
        shutil.rmtree(site)
    staging.rename(site)
