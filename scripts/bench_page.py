"""Bytes a first visit to a policy page transfers, this site against plain Furo.

Builds the project twice into _build/bench/: as configured ("this site") and
with the reader customisations off ("plain Furo": no reader_* extensions, no
_templates/, no _static/), serves each build on a loopback port, opens the
page in headless Debian chromium with an empty cache, and adds up the bodies
of every response, by kind: HTML, CSS, JS, fonts, other. Also counts requests
to any other host, which must be none.

Usage: python -m scripts.bench_page [--page policy/rettigheder.html] [--goal 100000]
Exit status 1 when this site misses the goal or asks another host for anything.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import runpy
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from tests.support.readersite import chromium, serve
from tools.project import REPO_ROOT

KINDS = ("HTML", "CSS", "JS", "fonts", "other")
_BY_RESOURCE_TYPE = {"document": "HTML", "stylesheet": "CSS", "script": "JS", "font": "fonts"}


def plain_overrides(confdir: Path) -> dict[str, object]:
    """Configuration overrides that turn the reader customisations off."""
    conf = runpy.run_path(str(confdir / "conf.py"))
    return {
        # The reader extensions and the language switch (a sidebar partial and its CSS) are ours.
        "extensions": [
            name for name in conf.get("extensions", []) if not name.startswith("reader_") and name != "language_switch"
        ],
        "html_sidebars": {},
        "templates_path": [path for path in conf.get("templates_path", []) if path != "_templates"],
        "html_static_path": [path for path in conf.get("html_static_path", []) if path != "_static"],
        "html_css_files": [],
    }


def build(outdir: Path, overrides: dict[str, object]) -> Path:
    from sphinx.application import Sphinx

    app = Sphinx(
        str(REPO_ROOT), str(REPO_ROOT), str(outdir / "html"), str(outdir / "doctrees"), "html",
        confoverrides=overrides, status=io.StringIO(), warning=sys.stderr, freshenv=True,
    )
    app.build(force_all=True)
    return outdir / "html"


def first_visit(browser, url: str) -> tuple[Counter[str], int, int]:
    """(bytes by kind, number of requests, requests to other hosts) for one cold visit."""
    context = browser.new_context()
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle")
    sizes: Counter[str] = Counter()
    site = urlsplit(url).netloc
    others = 0
    for response in responses:
        if urlsplit(response.url).netloc != site:
            others += 1
        kind = _BY_RESOURCE_TYPE.get(response.request.resource_type, "other")
        if 300 <= response.status < 400:
            continue  # a redirect has no body; the page it leads to is counted
        sizes[kind] += len(response.body())
    context.close()
    return sizes, len(responses), others


def report(page: str, results: dict[str, tuple[Counter[str], int, int]], goal: int) -> str:
    names = list(results)
    lines = [f"First visit to {page}: bytes transferred, uncompressed", ""]
    lines.append(f"{'':<14}" + "".join(f"{name:>14}" for name in names))
    for kind in KINDS:
        lines.append(f"{kind:<14}" + "".join(f"{results[name][0][kind]:>14,}" for name in names))
    lines.append(f"{'total':<14}" + "".join(f"{sum(results[name][0].values()):>14,}" for name in names))
    lines.append(f"{'requests':<14}" + "".join(f"{results[name][1]:>14}" for name in names))
    lines.append(f"{'other hosts':<14}" + "".join(f"{results[name][2]:>14}" for name in names))
    total = sum(results[names[0]][0].values())
    verdict = "met" if total <= goal else "NOT met"
    lines += ["", f"Goal: at most {goal:,} bytes with no request to another host: {verdict}."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", default="policy/rettigheder.html", help="page to visit (default: %(default)s)")
    parser.add_argument("--goal", type=int, default=100_000, help="most bytes allowed (default: %(default)s)")
    parser.add_argument("--builddir", type=Path, default=REPO_ROOT / "_build" / "bench")
    args = parser.parse_args(argv)

    # Each build in its own process: docutils' registries are global, and a
    # second Sphinx application in one process re-registers every extension.
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn, max_tasks_per_child=1) as pool:
        outdirs = {
            "this site": pool.submit(build, args.builddir / "reader", {}).result(),
            "plain Furo": pool.submit(build, args.builddir / "plain", plain_overrides(REPO_ROOT)).result(),
        }
    results = {}
    with chromium() as browser:
        for name, outdir in outdirs.items():
            with serve(outdir) as base_url:
                results[name] = first_visit(browser, base_url + args.page)
    print(report(args.page, results, args.goal))
    sizes, _count, others = results["this site"]
    return 0 if sum(sizes.values()) <= args.goal and others == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
