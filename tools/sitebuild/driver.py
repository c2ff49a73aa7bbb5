"""The sphinx-polyversion driver: building the ledger's versions into the cache.

sphinx-polyversion 3.0 does the version control part: :class:`Git` extracts
each revision's tree into a temporary directory; :class:`DefaultDriver` runs
one :class:`~sphinx_polyversion.builder.Builder` per revision. What this module
changes, and why:

- **Revisions.** The ledger (``policy/versions.yaml``) says which commits are
  versions, not the tags: :meth:`SiteDriver.init` makes one revision per entry,
  so a clone without tags (or with lightweight ones) builds the same site.
- **Cache.** A version's output depends only on its date, its commit (and that
  commit's time) and the build tooling (:func:`tooling_digest`), never on a tag
  object. Its build goes to ``<cache>/<key>/``; a revision whose key already
  exists is not a target, so a second ``make site`` builds nothing and a new
  version builds only itself.
- **Failures.** ``DefaultDriver.build_failed`` only logs and the run continues
  with exit status 0. :class:`SiteDriver` records every failure; the CLI then
  names each failed version with Sphinx's warnings at ``file:line`` and exits non-zero.
- **Builder.** sphinx-polyversion's ``SphinxBuilder`` runs one ``sphinx-build``
  and does not capture its stderr; :class:`VersionBuilder` runs
  :mod:`tools.sitebuild.unit` (HTML, singlehtml and PDF in every language) from
  *this* repository's tooling against the tag's own sources, with
  ``SOURCE_DATE_EPOCH`` from the commit, and keeps the error text.
- **Concurrency.** ``DefaultDriver.arun`` starts every revision at once; here at
  most ``jobs`` run together (the machine has two cores), and checkouts are
  serialised (``git worktree add`` takes locks in the shared repository).
- **Root.** ``build_root`` writes nothing into the cache; the site is assembled
  afterwards by :mod:`tools.sitebuild.assemble`, for every version, cached or not.
- **Translation revisions.** A revision of a version's translation
  (``revisions:`` in the ledger) is one more build: the version's own tree with
  the revision commit's ``locale/<language>/`` in place of its own, built in
  that language only (``unit --revised``). Everything but the catalogs is the
  version's, so its pages differ from the version's only in the translation;
  the version's source-language build is never touched.
- **Tooling.** The cache key's tooling is found from the code (:mod:`tools.modules`):
  every ``tools`` module the unit imports and the data files they name, so a new
  module cannot be forgotten.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import shutil
import sys
from asyncio.subprocess import PIPE
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx_polyversion.builder import Builder, BuildError
from sphinx_polyversion.driver import DefaultDriver
from sphinx_polyversion.environment import Environment
from sphinx_polyversion.git import Git, GitRef, GitRefType

from tools.diagnostics import Diagnostic, parse
from tools.git import git as run_git
from tools.modules import closure, data_files, extension_files, module_file
from tools.project import REPO_ROOT
from tools.sitebuild.ledger import LEDGER_PATH, Ledger, Revision
from tools.sitebuild.ledger_repo import entry_location, revision_context, revision_location
from tools.sitebuild.unit import unit_command, unit_env
from tools.sitebuild.versions import Version

#: The module a version's build runs (``python -m``): what it imports is the build tooling.
UNIT_MODULE = "tools.sitebuild.unit"
#: The pinned packages the build uses, besides the tooling's own files.
REQUIREMENTS = "requirements.txt"


def tooling_files() -> list[Path]:
    """The files whose content changes what a version's build produces: every ``tools`` module
    :data:`UNIT_MODULE` imports, the data files they name (stylesheets, catalogs), the working
    tree's extension modules they import (``_ext/po_catalogs.py``) and the pins."""
    modules = closure(UNIT_MODULE)
    files = {module_file(module) for module in modules} | {f for module in modules for f in data_files(module)}
    files |= extension_files(modules)
    return sorted({file for file in files if file is not None} | {REPO_ROOT / REQUIREMENTS})


def tooling_digest() -> str:
    """SHA-256 over the build tooling's files (:func:`tooling_files`) and the Python version."""
    digest = hashlib.sha256(sys.version.encode())
    for file in tooling_files():
        if file.is_file():
            digest.update(file.relative_to(REPO_ROOT).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_key(version: Version, tooling: str) -> str:
    """The cache directory name of *version*: readable date + hash of everything it depends on."""
    material = "\0".join([version.name, version.commit, str(version.timestamp), tooling])
    return f"{version.name}-{hashlib.sha256(material.encode()).hexdigest()[:20]}"


def revision_unit(version: Version, revision: Revision) -> str:
    """The name of a translation revision's build, e.g. ``2026-12-01+en-2026-12-06``."""
    return f"{version.name}+{revision.language}-{revision.name}"


def revision_cache_key(version: Version, revision: Revision, tooling: str) -> str:
    """The cache directory name of a translation revision's build: its unit name + hash of its inputs."""
    material = "\0".join([cache_key(version, tooling), revision.commit, revision.language, revision.name])
    return f"{revision_unit(version, revision)}-{hashlib.sha256(material.encode()).hexdigest()[:20]}"


def overlay_catalogs(repo: Path, commit: str, language: str, tree: Path) -> None:
    """Replace *tree*'s ``locale/<language>/`` by *commit*'s (``git archive``; nothing else changes)."""
    import tarfile
    import tempfile

    path = f"locale/{language}"
    with tempfile.TemporaryDirectory(prefix="site-catalogs-") as tmp:
        archive = Path(tmp) / "catalogs.tar"
        result = run_git(repo, "archive", "--format=tar", f"--output={archive}", commit, path, check=False)
        if result.returncode:
            raise BuildError(f"commit {commit[:12]} has no {path}/: {result.stderr.strip()}")
        shutil.rmtree(tree / path, ignore_errors=True)
        with tarfile.open(archive) as tar:
            tar.extractall(tree, filter="data")


@dataclass(frozen=True)
class BuildFailure:
    name: str
    commit: str
    #: What the unit build printed: one :mod:`tools.diagnostics` line per problem.
    error: str

    def diagnostics(self, location: str, context: str) -> list[Diagnostic]:
        """Each problem once, reported at *location* (the ledger line), prefixed with *context* (what was built):
        ``policy/versions.yaml:12: error: version 2026-12-01 (commit abc123456789): policy/klage.md:6: … [code]``.
        """
        found: list[Diagnostic] = []
        for line in self.error.splitlines():
            if not line.strip():
                continue
            inner = parse(line) or Diagnostic("", message=line.strip(), code="site.build")
            outer = inner.prefixed(location, context)
            if outer not in found:
                found.append(outer)
        return found or [Diagnostic("", message="the build failed", code="site.build").prefixed(location, context)]


class VersionBuilder(Builder[Environment, Path]):
    """Build one checked-out version (both languages, HTML + PDF) into the cache."""

    async def build(self, environment: Environment, output_dir: Path, data: Any) -> Path:
        partial = output_dir.with_name(output_dir.name + ".partial")
        if partial.exists():
            shutil.rmtree(partial)
        revision = data.get("revision")
        if revision is not None:
            overlay_catalogs(Path(revision["repo"]), revision["commit"], revision["language"], environment.path)
        cmd = unit_command(
            environment.path, partial, name=data["name"],
            effective=None if data["effective"] is None else dt.date.fromisoformat(data["effective"]),
            timestamp=data["timestamp"], strict=True,
            languages=(revision["language"],) if revision else None,
            revised=dt.date.fromisoformat(revision["date"]) if revision else None,
        )
        # cwd is this repository, not the checkout: ``python -m`` puts the cwd first on
        # sys.path, and a checkout's own (older) tools/ must not replace the current ones.
        out, err, rc = await environment.run(*cmd, stdout=PIPE, stderr=PIPE, cwd=REPO_ROOT, env=unit_env())
        if rc:
            shutil.rmtree(partial, ignore_errors=True)
            raise BuildError((err or out or f"exit status {rc}").strip())
        (partial / "version.json").write_text(json.dumps(data, sort_keys=True) + "\n", encoding="utf-8")
        # Only a finished build becomes a cache entry.
        if output_dir.exists():
            shutil.rmtree(output_dir)
        partial.rename(output_dir)
        return output_dir


class SiteDriver(DefaultDriver):
    """Build every version whose cache entry is missing; see the module docstring."""

    def __init__(self, repo: Path, cache_dir: Path, versions: list[Version], *, jobs: int = 2,
                 revisions_only: Collection[str] = ()) -> None:
        """*revisions_only* names versions whose own build is not a target, only their translation
        revisions are (``make check``: a released version's new revision; the version was checked when released)."""
        self.revisions_only = frozenset(revisions_only)
        self.versions_by_name = {version.name: version for version in versions}
        self.repo_path = Path(repo).resolve()
        #: Each translation revision's build, by its unit name: (version, revision).
        self.revisions_by_unit = {revision_unit(version, revision): (version, revision)
                                  for version in versions for revision in version.revisions}
        self.tooling = tooling_digest()
        super().__init__(
            repo,
            cache_dir,
            vcs=Git(branch_regex="(?!)", tag_regex="(?!)"),
            builder=VersionBuilder(),
            env=Environment.factory(),
            namer=self.key_for,
            data_factory=lambda driver, rev, env: self.data_for(rev),
        )
        self.jobs = max(1, jobs)
        self.failures: list[BuildFailure] = []
        self.built: list[str] = []
        self._checkout_lock: asyncio.Lock | None = None

    def key_for(self, rev: GitRef) -> str:
        if rev.name in self.revisions_by_unit:
            return revision_cache_key(*self.revisions_by_unit[rev.name], self.tooling)
        return cache_key(self.versions_by_name[rev.name], self.tooling)

    def data_for(self, rev: GitRef) -> dict[str, Any]:
        version, revision = self.revisions_by_unit.get(rev.name, (self.versions_by_name.get(rev.name), None))
        assert version is not None
        data = {
            "name": version.name, "tag": version.tag, "commit": version.commit,
            "effective": version.effective.isoformat() if version.effective else None,
            "timestamp": version.timestamp,
        }
        if revision is not None:
            data["revision"] = {"repo": str(self.repo_path), "commit": revision.commit,
                                "language": revision.language, "date": revision.name}
        return data

    def cache_path(self, version: Version) -> Path:
        return self.output_dir / cache_key(version, self.tooling)

    def revision_cache_path(self, version: Version, revision: Revision) -> Path:
        return self.output_dir / revision_cache_key(version, revision, self.tooling)

    async def init(self) -> None:
        self.output_dir.mkdir(parents=True, exist_ok=True)
        self.vcs = await self.init_vcs()
        # One revision per ledger entry whose build is not cached.
        refs = [
            GitRef(version.name, version.commit, version.commit, GitRefType.TAG,
                   dt.datetime.fromtimestamp(version.timestamp, tz=dt.UTC))
            for version in self.versions_by_name.values() if version.name not in self.revisions_only
        ]
        # A translation revision is built from its version's tree (the catalogs are overlaid).
        refs += [
            GitRef(unit, version.commit, version.commit, GitRefType.TAG,
                   dt.datetime.fromtimestamp(version.timestamp, tz=dt.UTC))
            for unit, (version, _revision) in self.revisions_by_unit.items()
        ]
        self.targets = sorted(
            (ref for ref in refs if not (self.output_dir / self.key_for(ref)).is_dir()), key=lambda ref: ref.name,
        )

    async def build_revision(self, rev: GitRef) -> None:
        async with self._semaphore:
            try:
                await super().build_revision(rev)  # handles BuildError via build_failed
            except Exception as error:  # noqa: BLE001 (e.g. git worktree add failed: report, never drop)
                self.failures.append(BuildFailure(rev.name, rev.obj, f"{type(error).__name__}: {error}"))

    async def arun(self) -> None:
        self._semaphore = asyncio.Semaphore(self.jobs)
        self._checkout_lock = asyncio.Lock()
        original_checkout = self.vcs.checkout

        async def checkout(root: Path, dest: Path, revision: GitRef) -> None:
            assert self._checkout_lock is not None
            async with self._checkout_lock:
                await original_checkout(root, dest, revision)

        await self.init()
        self.vcs.checkout = checkout  # type: ignore[method-assign]
        await asyncio.gather(*(self.build_revision(rev) for rev in self.targets))
        await self.build_root()

    def build_failed(self, rev: GitRef, exc_info: Any) -> None:
        error = exc_info[1]
        self.failures.append(BuildFailure(rev.name, rev.obj, str(error) or type(error).__name__))

    def build_succeeded(self, rev: GitRef, data: Any) -> None:
        super().build_succeeded(rev, data)
        self.built.append(rev.name)

    def failure_diagnostics(self, ledger: Ledger) -> list[Diagnostic]:
        """Every failed build's problems, each once, at its ledger line (the entry's, or the revision's),
        naming what was built: ``policy/versions.yaml:12: error: version 2026-12-01 (commit abc123456789): …``
        or ``…: error: revision 2026-12-06 of version 2026-12-01 (en, commit abc123456789): …``."""
        found: list[Diagnostic] = []
        for failure in sorted(self.failures, key=lambda f: f.name):
            if failure.name in self.revisions_by_unit:
                _version, revision = self.revisions_by_unit[failure.name]
                found += failure.diagnostics(revision_location(revision), revision_context(revision))
                continue
            entry = ledger.entry(dt.date.fromisoformat(failure.name))
            location = entry_location(entry) if entry else f"{LEDGER_PATH}:0"
            found += failure.diagnostics(location, f"version {failure.name} (commit {failure.commit[:12]})")
        return found

    async def build_root(self) -> None:
        """Nothing: the site is assembled from the cache by :mod:`tools.sitebuild.assemble`."""
