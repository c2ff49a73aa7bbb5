"""The built site served on a loopback port, and a headless Debian chromium to read it.

Shared by the browser tests (tests/test_reader_browser.py) and the page-weight
benchmark (tools/bench_page.py). Chromium is Debian's /usr/bin/chromium:
Playwright cannot download its own browsers here; ``make test`` installs it.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = Path(os.environ.get("READER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        # Every visit is a first visit: nothing comes from the browser's cache.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


def site_root(tmp: Path, mounts: Mapping[str, Path]) -> Path:
    """A directory whose entries link to built sites, e.g. ``{"da": ..., "en": ...}``."""
    tmp.mkdir(parents=True, exist_ok=True)
    for name, target in mounts.items():
        link = tmp / name
        if not link.exists():
            link.symlink_to(Path(target).resolve(), target_is_directory=True)
    return tmp


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve *directory* over HTTP on 127.0.0.1 and yield its base URL (ending in "/")."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="reader-site", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def chromium() -> Iterator[object]:
    """One headless chromium for a whole session (a Playwright ``Browser``)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.is_file():
        raise RuntimeError(f"{CHROMIUM} is missing: run 'make browser-deps' (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True)
        try:
            yield browser
        finally:
            browser.close()
