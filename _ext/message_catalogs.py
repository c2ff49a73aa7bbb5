"""An extension's own message catalog, compiled at build time, outside the source tree.

The ``gdpr``, ``vendors`` and ``transparency`` extensions keep their reader-visible
words in ``<extension>/locale/<language>/LC_MESSAGES/<domain>.po``. No ``.mo`` file
is committed (``.gitignore`` has ``*.mo``): :func:`add_extension_catalog` compiles
the stale ones into the build's doctree directory and registers them with
Sphinx (``app.add_message_catalog``), as Sphinx does for ``locale_dirs``. The
files are read by the project's one reader, :mod:`po_catalogs`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.mofile import write_mo
from sphinx.errors import ExtensionError

from po_catalogs import CatalogError, read_po_file

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def compile_catalogs(locale_dir: Path, domain: str, destination: Path) -> list[Path]:
    """Compile each ``<language>/LC_MESSAGES/<domain>.po`` under *locale_dir* to the same
    path under *destination*, when the ``.mo`` is missing or older. Fuzzy entries are
    left out. Returns the files written.

    Each file is written under a temporary name and renamed, so that two builds
    starting at once never read half a file.
    """
    written = []
    for po_path in sorted(locale_dir.glob(f"*/LC_MESSAGES/{domain}.po")):
        mo_path = destination / po_path.relative_to(locale_dir).with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime_ns >= po_path.stat().st_mtime_ns:
            continue
        try:
            catalog = read_po_file(po_path).catalog
        except CatalogError as error:
            raise ExtensionError(f"cannot read the message catalog {error}") from error
        catalog.domain = domain
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=mo_path.parent, prefix=f".{domain}-", suffix=".mo")
        try:
            with os.fdopen(handle, "wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=False)
            os.replace(temporary, mo_path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        written.append(mo_path)
    return written


def add_extension_catalog(app: Sphinx, domain: str, locale_dir: Path) -> None:
    """Compile *domain*'s catalogs into the doctree directory and register them."""
    destination = Path(app.doctreedir) / "extension-locale"
    compile_catalogs(locale_dir, domain, destination)
    app.add_message_catalog(domain, str(destination))
