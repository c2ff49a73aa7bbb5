"""``python -m tools.sitebuild``: what ``make site`` runs.

Reads the ``v*`` tags, builds the versions that are not cached (sphinx-polyversion),
fails naming every tag that failed, optionally builds the working tree as a
draft, then assembles ``_build/site/``. Exit status: 0 on success, 1 if a tag
(or the draft) failed to build, 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from tools.git import output as git
from tools.sitebuild.assemble import Built, SiteState, assemble
from tools.sitebuild.driver import SiteDriver, VersionBuilder
from tools.sitebuild.versions import (
    DRAFT_NAME,
    Version,
    parse_build_date,
    read_versions,
)


def log(message: str) -> None:
    print(f"site: {message}", file=sys.stderr, flush=True)


def build_draft(repo: Path, cache: Path) -> Built:
    """Build the working tree (without git-ignored files) into ``<cache>/draft``."""
    from sphinx_polyversion.environment import Environment
    from sphinx_polyversion.git import Git

    head = git(repo, "rev-parse", "HEAD").strip()
    timestamp = int(git(repo, "log", "-1", "--format=%ct").strip())
    version = Version(DRAFT_NAME, "", None, head, "", "", "", timestamp)
    target = cache / DRAFT_NAME
    with tempfile.TemporaryDirectory(prefix="site-draft-") as tmp:
        checkout = Path(tmp)

        async def run() -> None:
            await Git(branch_regex="(?!)", tag_regex="(?!)").checkout_local(repo, checkout)
            data = {"name": DRAFT_NAME, "tag": "", "commit": head, "effective": None, "timestamp": timestamp}
            await VersionBuilder().build(Environment(checkout, DRAFT_NAME), target, data)

        asyncio.run(run())
    return Built(version, target)


def prune(cache: Path, keep: set[str]) -> None:
    """Remove cache entries of versions that no longer exist or were built by other tooling."""
    for entry in cache.iterdir():
        if entry.is_dir() and entry.name not in keep:
            shutil.rmtree(entry)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.sitebuild", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, default=Path.cwd(), help="git repository (default: the current directory)")
    parser.add_argument("--out", type=Path, default=Path("_build/site"), help="the site (default: _build/site)")
    parser.add_argument("--cache", type=Path, default=Path("_build/site-cache"), help="version builds")
    parser.add_argument("--build-date", default=os.environ.get("BUILD_DATE", ""),
                        help="YYYY-MM-DD for the statuses (default: $BUILD_DATE or today)")
    parser.add_argument("--draft", action="store_true", help="also build the working tree as a draft")
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("SITE_JOBS", "2")),
                        help="versions built at the same time (default: 2)")
    args = parser.parse_args(argv)
    try:
        build_date = parse_build_date(args.build_date)
    except ValueError as error:
        parser.error(str(error))

    started = time.perf_counter()
    repo = args.repo.resolve()
    out = args.out if args.out.is_absolute() else repo / args.out
    cache = args.cache if args.cache.is_absolute() else repo / args.cache
    versions, problems = read_versions(repo)
    for problem in problems:
        log(f"warning: {problem}")
    if not versions and not args.draft:
        log("error: no version to publish: tag one with `git tag -a vYYYY-MM-DD -m 'Headline'`")
        return 1

    driver = SiteDriver(repo, cache, versions, jobs=args.jobs)
    driver.run()
    for failure in driver.failures:
        log(f"error: {failure}")
    if driver.failures:
        failed = ", ".join(sorted(f.tag for f in driver.failures))
        log(f"error: {len(driver.failures)} version(s) failed to build: {failed}; the site was not updated")
        return 1

    builds = [Built(version, driver.cache_path(version)) for version in versions]
    if args.draft:
        try:
            builds.append(build_draft(repo, cache))
        except Exception as error:  # noqa: BLE001 (BuildError carries Sphinx's message)
            log(f"error: the draft (working tree) failed to build:\n{error}")
            return 1
    prune(cache, {b.path.name for b in builds})

    dated = [b for b in builds if not b.version.is_draft] or builds
    info = json.loads((dated[-1].path / "build.json").read_text(encoding="utf-8"))
    titles: dict[str, str] = info.get("titles", {})
    assemble(SiteState(builds, build_date), out, titles=titles)
    log(
        f"{len(versions)} version(s){' + draft' if args.draft else ''}: built {len(driver.built)}"
        f" ({', '.join(sorted(driver.built)) or 'none'}), cached {len(versions) - len(driver.built)};"
        f" statuses as of {build_date.isoformat()}; {out} in {time.perf_counter() - started:.1f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
