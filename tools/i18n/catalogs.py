"""The translators' catalogs: where they are, and the one completeness check (pure: Babel, no Sphinx).

Catalogs are read by the project's one ``.po`` reader, :mod:`po_catalogs`
(in ``_ext/``, so that the extensions use it too); the tools import it from there.

:func:`entry_problems` (fuzzy, untranslated) and :func:`coverage_problems`
(catalogs or text that the current source has and the catalogs lack) are what
``make check-po`` and ``make release`` both report.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from po_catalogs import CatalogError, PoFile, excerpt, read_po_file

#: Sphinx's own template catalog: the theme's words, kept by hand in
#: ``locale/<language>/LC_MESSAGES/sphinx.po``; not the policy's text.
THEME_TEMPLATE = "sphinx"


# -- Results -------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Problem:
    """One finding at a line of a ``.po`` file (line 0: the file as a whole, or a missing file)."""

    path: str
    line: int
    severity: str  # "error", "warning" or "notice"
    message: str
    code: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message} [{self.code}]"


# -- Files ---------------------------------------------------------------------------------


def po_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The ``.po`` files given, and those under the directories given, in order.

    A directory that does not exist yet (``locale/de`` of a new language) has no
    files; :func:`coverage_problems` names each catalog it lacks.
    """
    for path in paths:
        if path.is_dir():
            yield from sorted(path.rglob("*.po"))
        elif path.suffix in {".po", ".pot"} or path.exists():
            yield path


# -- Completeness ------------------------------------------------------------------------------


def entry_problems(po: PoFile, *, release: bool) -> list[Problem]:
    """Fuzzy and untranslated entries, at their msgid's line: warnings, or errors for a release.

    A catalog with nothing translated yet (a new language's, as ``make update-po``
    creates it) is one line for the file, not one per entry.
    """
    severity = "error" if release else "warning"
    if len(po.entries) > 1 and all(not entry.fuzzy and not entry.msgstr.strip() for entry in po.entries):
        message = f"untranslated: none of its {len(po.entries)} entries is translated yet"
        return [Problem(po.path, 0, severity, message, "untranslated")]
    problems = []
    for entry in po.entries:
        if entry.fuzzy:
            message = "fuzzy: review the translation against the changed msgid, then remove the fuzzy flag"
            problems.append(Problem(po.path, entry.line, severity, message, "fuzzy"))
        elif not entry.msgstr.strip():
            problems.append(Problem(po.path, entry.line, severity, "untranslated", "untranslated"))
    return problems


def templates_in(pot_dir: Path) -> dict[str, Path]:
    """The gettext builder's templates by document name (``policy/klage`` → its ``.pot``), theme left out."""
    templates = {p.relative_to(pot_dir).with_suffix("").as_posix(): p for p in sorted(pot_dir.rglob("*.pot"))}
    templates.pop(THEME_TEMPLATE, None)
    return templates


def catalog_path(locale_dir: Path, language: str, docname: str) -> Path:
    """``locale/en/LC_MESSAGES/policy/klage.po`` for ``policy/klage``."""
    return locale_dir / language / "LC_MESSAGES" / f"{docname}.po"


def coverage_problems(
    locale_dir: Path, languages: Iterable[str], templates: dict[str, Path], *, release: bool, root: Path | None = None
) -> list[Problem]:
    """What the current source text has and the catalogs lack.

    A missing catalog is an error (``make update-po`` creates it); text that a
    catalog lacks is a warning, or an error for a release. Paths are shown
    relative to *root* (default: as given).
    """
    severity = "error" if release else "warning"
    problems = []

    def shown(path: Path) -> str:
        return path.relative_to(root).as_posix() if root else path.as_posix()

    for language in languages:
        for docname, pot in sorted(templates.items()):
            po_path = catalog_path(locale_dir, language, docname)
            if not po_path.is_file():
                message = f"missing: {docname}.md has no {language!r} catalog; run 'make update-po'"
                problems.append(Problem(shown(po_path), 0, "error", message, "missing"))
                continue
            try:
                template = read_po_file(pot, f"{docname}.pot")
                po = read_po_file(po_path, shown(po_path))
            except CatalogError:
                continue  # the syntax check reports it
            known = {entry.msgid for entry in po.entries}
            missing = [entry.msgid for entry in template.entries if entry.msgid not in known]
            if missing:
                message = (
                    f"{len(missing)} message(s) of {docname}.md are not in the catalog, first "
                    f'"{excerpt(missing[0])}"; run \'make update-po\' and translate them'
                )
                problems.append(Problem(po.path, 1, severity, message, "out-of-date"))
    return problems
