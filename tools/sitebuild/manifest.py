"""``SHA256SUMS``: the checksum of every published file, in ``sha256sum -c`` format, sorted by path.

The last writer of :data:`.writers.WRITERS`, so it lists what the others wrote.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from tools.sitebuild.layout import MANIFEST
from tools.sitebuild.model import SiteState


def manifest(site: Path) -> str:
    """The lines of ``SHA256SUMS`` for every file under *site* but the manifest itself."""
    lines = []
    for file in sorted(p for p in site.rglob("*") if p.is_file() and p.name != MANIFEST):
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
        lines.append(f"{digest}  {file.relative_to(site).as_posix()}\n")
    return "".join(lines)


def write(state: SiteState, site: Path) -> None:
    (site / MANIFEST).write_text(manifest(site), encoding="utf-8")
