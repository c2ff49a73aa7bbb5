"""Every file a language of the site needs beyond the policy's catalogs, and what is wrong with them.

A language in ``conf.py``'s ``site_languages`` needs, besides a catalog of the
policy per source file (:func:`tools.i18n.catalogs.coverage_problems`):

- each catalog of the code (:data:`~tools.i18n.code_catalogs.CODE_CATALOGS`),
  in every language but English, which ``make update-po`` creates;
- the GDPR's official text in that language,
  ``_ext/gdpr/data/gdpr-text-<language>.json`` (:func:`gdpr.regulation.text_file`), from which the ``{gdpr}`` role
  writes its titles and the page of cited provisions quotes; it is made from the
  EU's own text as ``_ext/gdpr/data/README.md`` describes.

:func:`language_problems` reports each missing file on one line, naming the file
and what creates it, and checks the code's catalogs that exist: readable,
up to date with the code, every entry reviewed. ``make check-po`` (and so
``make check``) prints them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from gdpr.regulation import text_file
from po_catalogs import CatalogError, excerpt, read_po_file
from tools.diagnostics import Diagnostic
from tools.i18n.catalogs import catalog_path, entry_problems, templates_in
from tools.i18n.code_catalogs import CODE_CATALOGS, CodeCatalog, needs_catalogs
from tools.project import REPO_ROOT

GDPR_README = "_ext/gdpr/data/README.md"


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def gdpr_text_problems(languages: Iterable[str], root: Path = REPO_ROOT) -> list[Diagnostic]:
    """One error per language whose GDPR text is missing (the extension's own data directory)."""
    problems = []
    for language in dict.fromkeys(languages):
        path = text_file(language)
        if not path.is_file():
            message = (
                f"missing: the GDPR's official text in {language!r}, which the {{gdpr}} references and the cited "
                f"provisions quote; create it from the EU's Formex text as {GDPR_README} describes"
            )
            problems.append(Diagnostic(_shown(path, root), message=message, code="missing"))
    return problems


def code_catalog_problems(
    code: CodeCatalog, language: str, template_ids: list[str], *, release: bool, root: Path = REPO_ROOT
) -> list[Diagnostic]:
    """What is wrong with *code*'s catalog in *language*: missing, unreadable, stale, or not reviewed."""
    path = code.po_path(language, root)
    shown = _shown(path, root)
    if not path.is_file():
        message = f"missing: the {language!r} catalog of {code.words}; 'make update-po' creates it"
        return [Diagnostic(shown, message=message, code="missing")]
    try:
        po = read_po_file(path, shown)
    except CatalogError as error:
        return [Diagnostic(error.path, error.line, message=error.message, code="syntax")]
    severity = "error" if release else "warning"
    problems = [
        Diagnostic(p.path, p.line, severity=p.severity, message=p.message, code=p.code)
        for p in entry_problems(po, release=release)
    ]
    known = {entry.msgid for entry in po.entries}
    if missing := [msgid for msgid in template_ids if msgid not in known]:
        message = (
            f"{len(missing)} message(s) of the code are not in the catalog, first \"{excerpt(missing[0])}\"; "
            "run 'make update-po' and translate them"
        )
        problems.append(Diagnostic(shown, severity=severity, message=message, code="out-of-date"))
    return problems


def catalogs_needed(languages: Iterable[str], root: Path = REPO_ROOT) -> list[tuple[CodeCatalog, str]]:
    """Each code catalog with each language it is checked in: every one that needs it, and any that has one."""
    languages = list(dict.fromkeys(languages))
    pairs = []
    for code in (code for code in CODE_CATALOGS if code.in_tree(root)):
        wanted = [language for language in languages if needs_catalogs(language)]
        pairs += [(code, language) for language in wanted]
        pairs += [(code, language) for language in code.languages_with_catalogs(root) if language not in wanted]
    return pairs


def existing_code_catalogs(languages: Iterable[str], root: Path = REPO_ROOT) -> list[Path]:
    """The code catalogs :func:`language_problems` reads (those that exist)."""
    return [path for code, language in catalogs_needed(languages, root) if (path := code.po_path(language, root)).is_file()]


def language_problems(languages: Iterable[str], *, release: bool = False, root: Path = REPO_ROOT) -> list[Diagnostic]:
    """Every problem of the code's catalogs and the GDPR texts for *languages* (all of ``site_languages``)."""
    languages = list(dict.fromkeys(languages))
    problems, template_ids = [], {}
    for code, language in catalogs_needed(languages, root):
        if code.domain not in template_ids:
            template_ids[code.domain] = [message.id for message in code.template(root) if message.id]
        problems += code_catalog_problems(code, language, template_ids[code.domain], release=release, root=root)
    return problems + gdpr_text_problems(languages, root)


def site_catalog_problems(languages: Iterable[str], root: Path = REPO_ROOT) -> list[Diagnostic]:
    """What keeps the site's own pages (versions page, banners, redlines) from being written in *languages*.

    ``make site`` publishes: a missing catalog, or a message not translated, would
    show readers English words on a page in another language, so each is an error.
    """
    site = next(code for code in CODE_CATALOGS if code.domain == "site")
    template_ids = [message.id for message in site.template(root) if message.id]
    problems = []
    for language in dict.fromkeys(languages):
        if needs_catalogs(language):
            problems += code_catalog_problems(site, language, template_ids, release=True, root=root)
    return problems


def incomplete_languages(languages: Iterable[str], pot_dir: Path, root: Path = REPO_ROOT) -> list[str]:
    """The languages that lack a file (a catalog of the policy or of the code, or the GDPR text).

    ``make check`` names each missing file once and does not build these
    languages strictly: the build would only report the same gaps in other words.
    """
    languages = list(dict.fromkeys(languages))
    source, missing = languages[:1], set()
    templates = templates_in(pot_dir) if pot_dir.is_dir() else {}
    for language in languages:
        if language not in source and any(
            not catalog_path(root / "locale", language, docname).is_file() for docname in templates
        ):
            missing.add(language)
        if not text_file(language).is_file():
            missing.add(language)
    for code, language in catalogs_needed(languages, root):
        if not code.po_path(language, root).is_file():
            missing.add(language)
    return [language for language in languages if language in missing]

