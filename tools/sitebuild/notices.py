"""The machine-readable notice of every published version: ``<lang>/<name>/notice.jsonld`` (W3C DPV, JSON-LD).

The released versions' trees predate the processing data, so each version's
notice is derived here, by the same generator ``make html`` uses
(``_ext/notice/generator.py``), from:

- the newest processing data and DPV mapping (``policy/processing.yaml`` and
  ``policy/dpv.yaml`` of the repository ``make site`` runs in), each fact kept
  only if its quote is in its section of **that version's** Danish text, read
  from the version's own commit (``policy/*.md``); a legal basis is kept when
  the activity's section in that version cites its point with ``{gdpr}``;
- that version's own ``policy/vendors.yaml`` and controller (its ``conf.py``);
- the ledger: the version's date, its last day (the day before the next
  version's date), its pages and PDF.

So every notice is derived from, and checked against, its own text. The draft
(``DRAFT=1``) is read from the working tree. ``current/`` gets the notice of
the version in force, with links relative to ``current/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

from notice.generator import Controller, Edition, PolicyText, notice_document, serialise
from notice.mapping import Mapping as DPVMapping
from notice.mapping import read_mapping
from notice.text import POLICY_GLOB, QUOTES_CATALOG, policy_text, quote_translations
from processing.facts import Processing, read_processing
from tools.diagnostics import Diagnostic
from tools.git import output as git
from tools.git import read_at
from tools.project import config_literal
from tools.sitebuild.layout import CURRENT, notice_path, pdf_name, relative
from tools.sitebuild.model import SiteState
from tools.sitebuild.versions import Version, last_day
from vendors.jurisdictions import load_jurisdictions
from vendors.registry import Registry, parse_registry

PROCESSING_FILE = "policy/processing.yaml"
MAPPING_FILE = "policy/dpv.yaml"
VENDORS_FILE = "policy/vendors.yaml"


@dataclass(frozen=True)
class Tree:
    """The files of one version: a commit of *repo*, or its working tree (``commit=None``, the draft)."""

    repo: Path
    commit: str | None

    def read(self, path: str) -> str | None:
        if self.commit is None:
            file = self.repo / path
            return file.read_text(encoding="utf-8") if file.is_file() else None
        return read_at(self.repo, self.commit, path)  # None: the version has no such file

    @cached_property
    def text(self) -> PolicyText:
        if self.commit is None:
            paths = sorted(p.relative_to(self.repo).as_posix() for p in self.repo.glob(POLICY_GLOB))
        else:
            folder = POLICY_GLOB.rpartition("/")[0]
            listed = git(self.repo, "ls-tree", "--name-only", self.commit, f"{folder}/").splitlines()
            paths = sorted(p for p in listed if PurePosixPath(p).match(POLICY_GLOB))
        return policy_text({path: self.read(path) or "" for path in paths})

    @cached_property
    def vendors(self) -> Registry:
        text = self.read(VENDORS_FILE)
        return parse_registry(text, load_jurisdictions()) if text is not None else Registry()

    def translations(self, language: str) -> dict[str, str]:
        """The tree's reviewed translations of the quotes into *language* (``locale/<language>/…/index.po``)."""
        text = self.read(QUOTES_CATALOG.format(language=language))
        return quote_translations(text) if text else {}

    @cached_property
    def controller(self) -> Controller | None:
        return Controller.from_config(config_literal(self.read("conf.py") or "", "reader_controller"))


@dataclass(frozen=True)
class Data:
    """The newest processing data and DPV mapping, from the repository ``make site`` runs in."""

    processing: Processing
    mapping: DPVMapping

    def problems(self) -> list[Diagnostic]:
        """Each problem that stops the notices, at its file's line (``path:line:column: error: … [code]``)."""
        return ([Diagnostic(PROCESSING_FILE, p.line, p.column, "error", p.message, f"processing.{p.code}")
                 for p in self.processing.problems]
                + [Diagnostic(MAPPING_FILE, p.line, p.column, "error", p.message, f"notice.{p.code}")
                   for p in self.mapping.problems])


def published(state: SiteState) -> bool:
    """Whether the site has notices: the repository keeps processing data (a project without
    ``policy/processing.yaml`` has nothing a notice could say, and ``make site`` says so)."""
    return state.repo is not None and (state.repo / PROCESSING_FILE).is_file()


def read_data(repo: Path) -> Data:
    return Data(read_processing(repo / PROCESSING_FILE), read_mapping(repo / MAPPING_FILE))


def edition(state: SiteState, version: Version, language: str, name: str) -> Edition:
    """Which notice ``<language>/<name>/notice.jsonld`` is; URLs relative to it."""
    source = state.languages_of(version)[0]
    here = PurePosixPath(notice_path(language, name))
    return Edition(
        version=version.name,
        language=language,
        source_language=source,
        valid_from=version.effective,
        valid_until=last_day(state.versions, version),
        html="index.html",
        pdf=pdf_name(version.name, language),
        source_notice=relative(here, notice_path(source, name)) if language != source else None,
    )


def notice_text(data: Data, tree: Tree, edition: Edition) -> str:
    document = notice_document(processing=data.processing, mapping=data.mapping, vendors=tree.vendors,
                               text=tree.text, controller=tree.controller, edition=edition,
                               translate=tree.translations(edition.language).get)
    return serialise(document)


def write(state: SiteState, site: Path, data: Data | None = None) -> None:
    """Write every version's notice in each of its languages, and ``current/``'s (a writer of :mod:`.writers`)."""
    if not published(state):
        return
    assert state.repo is not None
    data = data or read_data(state.repo)
    for version in state.versions:
        tree = Tree(state.repo, None if version.is_draft else version.commit)
        names = [version.name] + ([CURRENT] if state.current is not None and version == state.current else [])
        for language in state.languages_of(version):
            for name in names:
                target = site / notice_path(language, name)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(notice_text(data, tree, edition(state, version, language, name)), encoding="utf-8")
