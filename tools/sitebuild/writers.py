"""The site's outputs besides its pages: one writer per output, run in this order.

A writer is ``write(state, site)``: it reads the model (:class:`.model.SiteState`)
and writes its files into the staged site, at the paths :mod:`.layout` names.
Adding an output (a per-version notice, say) is one module with a ``write``
function and one line here. The pages are written first (:mod:`.pages`), so a
writer may read them; ``SHA256SUMS`` comes last, as it lists every file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tools.sitebuild import catalog_json, feeds, manifest, notices
from tools.sitebuild.model import SiteState

Writer = Callable[[SiteState, Path], None]

WRITERS: tuple[Writer, ...] = (
    notices.write,  # <lang>/<name>/notice.jsonld: before versions.json, which lists them with their SHA-256
    catalog_json.write,  # versions.json
    feeds.write,  # <lang>/versions.atom
    manifest.write,  # SHA256SUMS: keep last
)
