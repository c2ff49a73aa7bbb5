"""Assemble the published site from the cached version builds: the pages, then every writer, then the swap.

The pieces, each in its own module:

- :mod:`.model`   the versions, what was built for each, their statuses on the build date;
- :mod:`.layout`  every path and URL of the site and of a build in the cache;
- :mod:`.views`   the view-models the templates get (bar, notices, versions page entries, page frame);
- :mod:`.pages`   the pages, composed from the view-models with the templates;
- :mod:`.writers` the other outputs (``versions.json``, the feeds, ``SHA256SUMS``), one writer each;
- :mod:`.staging` built aside, then swapped in.
"""

from __future__ import annotations

from pathlib import Path

from tools.sitebuild.model import SiteState
from tools.sitebuild.pages import write_pages
from tools.sitebuild.staging import staged
from tools.sitebuild.writers import WRITERS


def assemble(state: SiteState, site: Path) -> None:
    """Write the whole site for *state* into *site*."""
    with staged(site) as staging:
        write_pages(state, staging)
        for write in WRITERS:
            write(state, staging)
