"""``make redline``: what readers will see change, the working tree against a released version.

It builds the policy as one page (``singlehtml``) in Danish and English twice,
as the versions site builds a version (:func:`tools.sitebuild.unit.build_ref`):
from the working tree, and from BASE (a tag or any git ref; by default the
latest dated version ``vYYYY-MM-DD``), checked out and built with its own
``conf.py``. A released BASE is built once and cached. The same engine as the
versions site (:func:`tools.redline.compare_documents`) compares them section
by section and writes ``_build/redline/<lang>/index.html``.

It also prints a short summary: the sections changed, the readers' facts that
changed (vendors in ``policy/vendors.yaml``, the GDPR provisions cited with the
``{gdpr}`` role; :mod:`tools.editor.material` reads both with the build's own
parsers) and so whether the change is material in the sense of WP260 ¶29–30.
It ends with the GDPR Art. 13/14 elements whose status, computed from
``policy/processing.yaml`` and the text as the build computes it, the change
alters ("13(2)(c) ...: gap -> provided"); each side is computed from its own tree. The summary is also written to ``_build/redline/summary.txt``.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tools import git
from tools.editor.material import (
    VENDORS_FILE,
    MaterialError,
    Summary,
    compare_gdpr,
    compare_vendors,
    format_summary,
)
from tools.editor.transparency import PROCESSING_FILE, REGISTER_FILE, TreeFiles, status_change_lines
from tools.git import GitError
from tools.languages import site_languages
from tools.messages import long_date
from tools.project import policy_markdown_at, policy_markdown_in_tree
from tools.redline.compare import Redline, compare_documents
from tools.sitebuild.ledger_repo import latest_version_ref, tree_languages

_WARNING_LINE = re.compile(r"WARNING|ERROR|CRITICAL|Exception|Error:")


class RedlineError(Exception):
    """Something the editor must fix before a redline can be made."""


# -- Building -------------------------------------------------------------------------
# Both versions are built as the versions site builds them (tools.sitebuild.unit.build_ref:
# a checkout of the ref, built by its own conf.py in a fresh process), as singlehtml.


def build_version(repo: Path, ref: str | None, workdir: Path, language: str) -> tuple[Path, list[str]]:
    """Build *ref* (``None``: the working tree) in *language*; return its one page and its warnings."""
    from tools.sitebuild.unit import build_ref

    outdir = workdir / language
    shutil.rmtree(outdir, ignore_errors=True)
    try:
        built = build_ref(repo, ref, outdir, language=language, builders=("singlehtml",))
    except RuntimeError as error:
        raise RedlineError(f"building {ref or 'the working tree'} in {language!r} failed: {error}") from None
    page = built / "singlehtml" / "index.html"
    if not page.is_file():
        raise RedlineError(f"building {ref or 'the working tree'} in {language!r} made no {page}")
    info = json.loads((outdir / "build.json").read_text(encoding="utf-8"))
    warnings = [line for line in info.get("warnings", {}).get(language, []) if _WARNING_LINE.search(line)]
    return page, warnings


def tooling_key() -> str:
    """What a cached build of a commit depends on besides the commit: the build tooling."""
    from tools.sitebuild.driver import tooling_digest

    return tooling_digest()[:12]


def build_base(repo: Path, commit: str, cache: Path, language: str) -> Path:
    """Build *commit* once per (commit, tooling, language): a released version does not change."""
    home = cache / f"{commit[:12]}-{tooling_key()}"
    page = home / language / language / "singlehtml" / "index.html"
    stamp = home / f"complete-{language}"
    if stamp.is_file() and page.is_file():
        return page
    page, _warnings = build_version(repo, commit, home, language)
    stamp.write_text(commit + "\n", encoding="utf-8")
    return page


# -- Reading the two versions --------------------------------------------------------------


def sections_changed(redlines: dict[str, Redline]) -> tuple[str, ...]:
    """One line per section that changed in any language, in document order.

    A section changed in Danish but not in English usually means the
    translation was not updated, so the languages are named.
    """
    order: list[str] = []
    found: dict[str, tuple[str, str, list[str]]] = {}
    for language, redline in redlines.items():
        for change in redline.sections:
            if change.status == "unchanged":
                continue
            if change.label not in found:
                order.append(change.label)
                found[change.label] = (change.status, change.title, [])
            found[change.label][2].append(language)
    lines = []
    for label in order:
        status, title, languages = found[label]
        lines.append(f"{status}: {title} (#{label}; {', '.join(languages)})")
    return tuple(lines)


@dataclass(frozen=True)
class RedlineResult:
    summary: Summary
    pages: dict[str, Path]
    warnings: list[str]
    #: The GDPR Art. 13/14 elements whose computed status the change alters.
    transparency: tuple[str, ...] = ()
    #: Languages asked for that BASE was not published in: nothing to compare them with.
    new_languages: tuple[str, ...] = ()

    def summary_lines(self) -> list[str]:
        return format_summary(self.summary) + list(self.transparency)


def tree_files_at(repo: Path, commit: str) -> TreeFiles:
    """What the computed statuses of *commit* rest on, read from its tree."""
    return TreeFiles(policy=policy_markdown_at(repo, commit), processing=git.read_at(repo, commit, PROCESSING_FILE),
                     register=git.read_at(repo, commit, REGISTER_FILE), vendors=git.read_at(repo, commit, VENDORS_FILE),
                     conf=git.read_at(repo, commit, "conf.py"))


def tree_files_in_tree(repo: Path) -> TreeFiles:
    """What the working tree's computed statuses rest on."""

    def read(path: str) -> str | None:
        file = repo / path
        return file.read_text(encoding="utf-8") if file.is_file() else None

    return TreeFiles(policy=policy_markdown_in_tree(repo), processing=read(PROCESSING_FILE), register=read(REGISTER_FILE),
                     vendors=read(VENDORS_FILE), conf=read("conf.py"))


def transparency_changes(repo: Path, commit: str, base: str) -> tuple[str, ...]:
    """The elements whose computed Art. 13/14 status differs between *commit* and the working tree."""
    return tuple(status_change_lines(tree_files_at(repo, commit), tree_files_in_tree(repo), base_name=base))


def compare_material(base: str, then: TreeFiles, now: TreeFiles) -> Summary:
    """Vendors and GDPR references of *now* against *then* (the tree of *base*)."""
    return Summary(base=base, vendors=compare_vendors(then.vendors, now.vendors, base_name=base),
                   gdpr=compare_gdpr(then.policy, now.policy, base_name=base))


def version_name(ref: str, language: str) -> str:
    """How a page names a version: its long effective date if it is a dated tag."""
    date = git.tag_date(ref)
    return long_date(date, language) if date else ref


def tree_name(repo: Path) -> str:
    """The working tree as ``branch (abc1234)``, with ``+`` when it has uncommitted edits."""
    branch = git.git(repo, "rev-parse", "--abbrev-ref", "HEAD", check=False).stdout.strip() or "HEAD"
    commit = git.git(repo, "rev-parse", "--short", "HEAD", check=False).stdout.strip() or "?"
    dirty = "+" if git.status(repo) else ""
    return f"{branch} ({commit}{dirty})"


def material_changes(repo: Path, base: str) -> Summary:
    """Vendors and GDPR references, working tree against *base*: cheap, no build."""
    return compare_material(base, tree_files_at(repo, git.resolve(repo, base)), tree_files_in_tree(repo))


def make_redline(
    repo: Path, base: str, outdir: Path, languages: Sequence[str] | None = None, *, write_pages: bool = True
) -> RedlineResult:
    """Build both versions, compare them, write the pages; return the summary.

    *languages*: the working tree's ``site_languages`` unless given. BASE is built
    in its own languages (its ``conf.py``): a language it does not have is new,
    and has no redline.
    """
    commit = git.resolve(repo, base)
    asked = tuple(languages or site_languages(repo))
    base_languages = tree_languages(repo, commit)
    languages = tuple(language for language in asked if language in base_languages)
    # Read the data first: a broken vendors.yaml is reported before any build.
    then, now = tree_files_at(repo, commit), tree_files_in_tree(repo)
    material = compare_material(base, then, now)

    # Each build runs in its own process; two at a time suit a 2-core machine.
    with ThreadPoolExecutor(max_workers=2) as pool:
        base_jobs = {language: pool.submit(build_base, repo, commit, outdir / "base", language) for language in languages}
        tree_jobs = {language: pool.submit(build_version, repo, None, outdir / "tree", language) for language in languages}
        base_pages = {language: job.result() for language, job in base_jobs.items()}
        tree_results = {language: job.result() for language, job in tree_jobs.items()}

    redlines: dict[str, Redline] = {}
    pages: dict[str, Path] = {}
    warnings: list[str] = []
    new_name = tree_name(repo)
    for language in languages:
        tree_page, tree_warnings = tree_results[language]
        warnings += tree_warnings
        redlines[language] = redline = compare_documents(
            base_pages[language].read_text(encoding="utf-8"), tree_page.read_text(encoding="utf-8")
        )
        if write_pages:
            page = outdir / language / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(
                redline.render_page(language, old_name=version_name(base, language), new_name=new_name),
                encoding="utf-8",
            )
            pages[language] = page
    summary = Summary(base=base, sections=sections_changed(redlines), vendors=material.vendors, gdpr=material.gdpr)
    new_languages = tuple(language for language in asked if language not in base_languages)
    transparency = tuple(status_change_lines(then, now, base_name=base))
    return RedlineResult(summary, pages, warnings, transparency, new_languages)


def summary_lines(repo: Path, base: str, builddir: Path | None = None) -> list[str]:
    """The summary of changes since *base*, as lines for a tag message (used by ``make release``)."""
    result = make_redline(repo, base, (builddir or repo / "_build") / "redline", write_pages=False)
    return result.summary_lines()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.editor.redline", description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="", help="tag or git ref to compare with (default: the latest vYYYY-MM-DD)")
    parser.add_argument("--repo", type=Path, default=Path("."), help="the repository (default: .)")
    parser.add_argument("--outdir", type=Path, default=None, help="output directory (default: <repo>/_build/redline)")
    parser.add_argument("--language", action="append", help="only this language, one of site_languages (repeatable)")
    args = parser.parse_args(argv)

    repo = args.repo.resolve()
    outdir = (args.outdir or repo / "_build" / "redline").resolve()
    try:
        base = args.base or latest_version_ref(repo) or git.latest_dated_tag(repo)
        if not base:
            raise RedlineError("there is no dated version (tag vYYYY-MM-DD) to compare with; give one: BASE=<tag or ref>")
        result = make_redline(repo, base, outdir, tuple(args.language or site_languages(repo)))
    except (RedlineError, GitError, MaterialError) as error:
        print(f"redline: {error}", file=sys.stderr)
        return 1
    for warning in dict.fromkeys(result.warnings):
        print(warning, file=sys.stderr)
    lines = result.summary_lines()
    (outdir / "summary.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print()
    for language, page in result.pages.items():
        print(f"Redline ({language}): {page}")
    for language in result.new_languages:
        print(f"Redline ({language}): none, {base} has no {language!r} text to compare with: all of it is new")
    return 0


if __name__ == "__main__":
    sys.exit(main())
