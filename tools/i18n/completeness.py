"""Are the translations complete? Every entry translated, none fuzzy, none missing.

The release guard uses this when the Makefile has no ``check-po`` target of its
own (the translators' tool, ``make check-po RELEASE=1``, takes over when it exists).
Each problem names the ``.po`` file and the line of the entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po

# The languages the policy is published in besides Danish, its source.
TRANSLATIONS = ("en",)


def _excerpt(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _msgid(message: Message) -> str:
    return message.id[0] if isinstance(message.id, (tuple, list)) else message.id


def _untranslated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
    return not all(strings)


def read_catalog(path: Path, display: str) -> tuple[Catalog | None, list[str]]:
    """The catalog in *path*, or the syntax error as ``display:line: message``."""
    try:
        with path.open("rb") as file:
            return read_po(file, abort_invalid=True), []
    except PoFileError as error:
        # Babel counts the lines of a broken file from 0 (but its messages' lines from 1).
        line = (getattr(error, "lineno", None) or 0) + 1
        reason = re.sub(r" on \d+$", "", str(error))  # Babel appends its own 0-based line
        return None, [f"{display}:{line}: not a valid .po file: {reason}"]
    except (OSError, UnicodeDecodeError) as error:
        return None, [f"{display}:1: cannot be read: {error}"]


def catalog_problems(catalog: Catalog, display: str) -> list[str]:
    """Fuzzy and untranslated entries of one catalog (obsolete ``#~`` entries do not count)."""
    problems = []
    for message in catalog:
        if not _msgid(message):
            continue  # the header
        if message.fuzzy:
            problems.append(f'{display}:{message.lineno}: fuzzy (unreviewed) translation of "{_excerpt(_msgid(message))}"')
        elif _untranslated(message):
            problems.append(f'{display}:{message.lineno}: untranslated: "{_excerpt(_msgid(message))}"')
    return problems


def missing_entries(template: Catalog, catalog: Catalog, display: str, source: str) -> list[str]:
    """Text of *source* that the template has and the translation lacks (the .po is out of date)."""
    known = {_msgid(message) for message in catalog if _msgid(message)}
    missing = [_msgid(message) for message in template if _msgid(message) and _msgid(message) not in known]
    if not missing:
        return []
    return [
        f'{display}:1: {len(missing)} message(s) of {source} are not in the catalog, first "{_excerpt(missing[0])}"; '
        "run 'make update-po' and translate them"
    ]


def po_files(locale_dir: Path, language: str) -> dict[str, Path]:
    """The catalogs of one language by document name, e.g. ``policy/klage`` → its ``.po``."""
    root = locale_dir / language / "LC_MESSAGES"
    return {path.relative_to(root).with_suffix("").as_posix(): path for path in sorted(root.rglob("*.po"))}


def translation_problems(
    project: Path,
    templates: dict[str, Path] | None = None,
    languages: Iterable[str] = TRANSLATIONS,
    *,
    entries: bool = True,
) -> list[str]:
    """Every reason the translations of *project* are not ready to publish.

    *templates* maps document names to the ``.pot`` files of a fresh gettext
    build; with them, text that is missing from a ``.po`` file is found too.
    With ``entries=False`` the entries themselves (fuzzy, untranslated) are not
    checked: only whether the catalogs hold all of the current text.
    """
    problems: list[str] = []
    locale_dir = project / "locale"
    for language in languages:
        catalogs = po_files(locale_dir, language)
        root = locale_dir / language / "LC_MESSAGES"
        if not catalogs:
            problems.append(f"{root.relative_to(project)}: no translation into {language!r} (no .po files)")
            continue
        for docname, path in catalogs.items():
            display = path.relative_to(project).as_posix()
            catalog, errors = read_catalog(path, display)
            problems += errors
            if catalog is not None:
                if entries:
                    problems += catalog_problems(catalog, display)
                if templates and docname in templates:
                    template, errors = read_catalog(templates[docname], f"{docname}.pot")
                    problems += errors
                    if template is not None:
                        problems += missing_entries(template, catalog, display, f"{docname}.md")
        for docname in sorted((templates or {}).keys() - catalogs.keys()):
            expected = (root / f"{docname}.po").relative_to(project).as_posix()
            problems.append(f"{expected}: missing: {docname}.md has no translation; run 'make update-po'")
    return problems


def has_make_target(makefile_text: str, target: str) -> bool:
    """Whether a Makefile defines *target* itself (not through a ``%`` catch-all)."""
    return re.search(rf"^{re.escape(target)}\s*:(?!=)", makefile_text, re.M) is not None
