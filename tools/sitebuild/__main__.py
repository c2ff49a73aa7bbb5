"""``python -m tools.sitebuild``: what ``make site`` runs.

Reads the ledger (``policy/versions.yaml``), fetches the history a shallow clone
lacks, checks the ledger and the ``v*`` tags against each other, builds the
versions that are not cached (sphinx-polyversion), optionally builds the working
tree as a draft, then assembles ``_build/site/`` with ``versions.json`` and the
feeds. Every problem is one line: a version that fails to build in the format of
``make check`` (:mod:`tools.diagnostics`), at its ledger line
(``policy/versions.yaml:12: error: version 2026-12-01 (commit …): policy/klage.md:6: …``),
anything else starting ``site: error:``. Exit status: 0 on
success, 1 if a ledger entry, a tag or a version's build is wrong (any Sphinx
warning counts), 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from tools.diagnostics import parse
from tools.git import GitError
from tools.git import output as git
from tools.i18n.language_files import site_catalog_problems
from tools.sitebuild import notices
from tools.sitebuild.assemble import assemble
from tools.sitebuild.driver import SiteDriver, VersionBuilder
from tools.sitebuild.ledger import LEDGER_PATH, language_problems
from tools.sitebuild.ledger_repo import (
    fetch_history,
    ledger_problems,
    read_ledger,
)
from tools.sitebuild.model import Built, SiteState
from tools.sitebuild.versions import (
    DRAFT_NAME,
    Version,
    commit_time,
    parse_build_date,
    version_of,
)


def log(message: str) -> None:
    print(f"site: {message}", file=sys.stderr, flush=True)


def build_draft(repo: Path, cache: Path) -> Built:
    """Build the working tree (without git-ignored files) into ``<cache>/draft``."""
    from sphinx_polyversion.environment import Environment
    from sphinx_polyversion.git import Git

    head = git(repo, "rev-parse", "HEAD").strip()
    timestamp = int(git(repo, "log", "-1", "--format=%ct").strip())
    version = Version(DRAFT_NAME, None, head, timestamp)
    target = cache / DRAFT_NAME
    with tempfile.TemporaryDirectory(prefix="site-draft-") as tmp:
        checkout = Path(tmp)

        async def run() -> None:
            await Git(branch_regex="(?!)", tag_regex="(?!)").checkout_local(repo, checkout)
            data = {"name": DRAFT_NAME, "tag": "", "commit": head, "effective": None, "timestamp": timestamp}
            await VersionBuilder().build(Environment(checkout, DRAFT_NAME), target, data)

        asyncio.run(run())
    return Built.read(version, target)


def prune(cache: Path, keep: set[str]) -> None:
    """Remove cache entries of versions that no longer exist or were built by other tooling."""
    for entry in cache.iterdir():
        if entry.is_dir() and entry.name not in keep:
            shutil.rmtree(entry)


def parse_jobs(text: str) -> int:
    """``SITE_JOBS``: a whole number from 1 up; ValueError with a one-line message otherwise."""
    try:
        jobs = int(text.strip())
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise ValueError(f"SITE_JOBS={text} is not a number of versions to build at once; use e.g. SITE_JOBS=2")
    return jobs


def ledger_and_tag_problems(repo: Path):
    """``(ledger, lines)``: the ledger and every problem of the ledger or the tags, one line each to print,
    in the format of ``make check`` (``policy/versions.yaml:5:11: error: …``)."""
    ledger = read_ledger(repo)
    if ledger is None:
        return None, [f"site: error: no {LEDGER_PATH}: no version to publish; release one with make release"]
    return ledger, [str(diagnostic) for diagnostic in ledger_problems(repo, ledger, entry_languages=False)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.sitebuild", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, default=Path.cwd(), help="git repository (default: the current directory)")
    parser.add_argument("--out", type=Path, default=Path("_build/site"), help="the site (default: _build/site)")
    parser.add_argument("--cache", type=Path, default=Path("_build/site-cache"), help="version builds")
    parser.add_argument("--build-date", default=os.environ.get("BUILD_DATE", ""),
                        help="YYYY-MM-DD for the statuses (default: $BUILD_DATE or today)")
    parser.add_argument("--draft", action="store_true", help="also build the working tree as a draft")
    parser.add_argument("--jobs", default=os.environ.get("SITE_JOBS", "2"),
                        help="versions built at the same time (default: $SITE_JOBS or 2)")
    args = parser.parse_args(argv)
    try:
        build_date = parse_build_date(args.build_date)
        jobs = parse_jobs(args.jobs)
    except ValueError as error:
        log(f"error: {error}")
        return 2

    started = time.perf_counter()
    repo = args.repo.resolve()
    out = args.out if args.out.is_absolute() else repo / args.out
    cache = args.cache if args.cache.is_absolute() else repo / args.cache
    try:
        problem = fetch_history(repo)
        if problem:
            log(f"error: {problem}")
            return 1
        ledger, problems = ledger_and_tag_problems(repo)
    except GitError as error:
        log(f"error: {error}")
        return 1
    for line in problems:
        print(line, file=sys.stderr, flush=True)
    if problems:
        log(f"error: {len(problems)} problem(s) in the ledger or the tags; the site was not updated")
        return 1
    assert ledger is not None
    if (repo / notices.PROCESSING_FILE).is_file():
        notice_problems = notices.read_data(repo).problems()
        for diagnostic in notice_problems:
            print(diagnostic, file=sys.stderr, flush=True)
        if notice_problems:
            log("error: the processing data or the DPV mapping has problems; the site was not updated")
            return 1
    else:
        log(f"notice: no {notices.PROCESSING_FILE}: the site has no machine-readable notices")
    versions = [version_of(entry, commit_time(repo, entry.commit), ledger.revisions) for entry in ledger.entries]
    if not versions and not args.draft:
        log(f"error: no version to publish: {LEDGER_PATH} has no entry; release one with make release")
        return 1

    cache.mkdir(parents=True, exist_ok=True)
    driver = SiteDriver(repo, cache, versions, jobs=jobs)
    driver.run()
    for diagnostic in driver.failure_diagnostics(ledger):  # as make check: at the entry's or revision's line
        print(diagnostic, file=sys.stderr, flush=True)
    if driver.failures:
        failed = ", ".join(sorted(f.name for f in driver.failures))
        log(f"error: {len(driver.failures)} version(s) failed to build: {failed}; the site was not updated")
        return 1

    builds = [dataclasses.replace(Built.read(version, driver.cache_path(version)), revision_paths={
        (revision.language, revision.name): driver.revision_cache_path(version, revision)
        for revision in version.revisions}) for version in versions]
    language_lines = [problem.format() for entry, build in zip(ledger.entries, builds, strict=True)
                      for problem in language_problems(entry, build.languages)]
    for line in language_lines:
        print(line, file=sys.stderr, flush=True)
    if language_lines:
        return 1
    if args.draft:
        try:
            builds.append(build_draft(repo, cache))
        except Exception as error:  # noqa: BLE001 (BuildError carries Sphinx's message)
            # The unit build's lines name the working tree's own file:line; anything else is one line.
            for line in filter(str.strip, str(error).splitlines()):
                print(parse(line) or f"site: error: {line.strip()}", file=sys.stderr, flush=True)
            log("error: the draft (working tree) failed to build")
            return 1
    catalog_lines = [str(problem) for problem in site_catalog_problems(lang for b in builds for lang in b.languages)]
    for line in catalog_lines:
        print(line, file=sys.stderr, flush=True)  # already path: error: message [code]
    if catalog_lines:
        return 1
    prune(cache, {b.path.name for b in builds} | {p.name for b in builds for p in b.revision_paths.values()})

    assemble(SiteState(builds, build_date, repo=repo), out)
    log(
        f"{len(versions)} version(s){' + draft' if args.draft else ''}: built {len(driver.built)}"
        f" ({', '.join(sorted(driver.built)) or 'none'}),"
        f" cached {len(versions) + len(driver.revisions_by_unit) - len(driver.built)};"
        f" statuses as of {build_date.isoformat()}; {out} in {time.perf_counter() - started:.1f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
