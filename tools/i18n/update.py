"""Merge freshly extracted ``.pot`` templates into the translators' ``.po`` files.

``make update-po`` runs the gettext builder into ``_build/gettext`` and then this
tool, which, for every template and every language:

* creates a missing ``.po`` file with GNU ``msginit``;
* merges an existing one with GNU ``msgmerge --previous``: every translation is
  kept, a changed paragraph becomes ``#, fuzzy`` with the old source text as
  ``#| msgid`` so the reviewer sees what changed, and a removed paragraph is
  kept as an obsolete ``#~`` entry so its translation can be reused;
* leaves a file untouched when only the template's creation date changed, so a
  pull request that edits one paragraph changes one entry in one ``.po`` file.

Every file is written with the same line width (``--width``), which keeps diffs
small. Run ``python tools/update_po.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

#: Line width for every .po file (GNU gettext's default, as python-docs-fr uses).
WIDTH = 79

#: The templates' own words (``_()`` in ``_templates/``): their msgids are English
#: already, and their Danish is kept by hand in ``locale/da/LC_MESSAGES/sphinx.po``;
#: a policy translation has nothing to translate there.
THEME_TEMPLATE = "sphinx.pot"

_VOLATILE_HEADER = re.compile(r'^"POT-Creation-Date: .*\\n"\n', re.MULTILINE)


@dataclass(frozen=True)
class Result:
    """What happened to one ``.po`` file."""

    po: Path
    action: str  # "created", "updated", "unchanged" or "orphan"


def po_path_for(pot: Path, pot_dir: Path, locale_dir: Path, language: str) -> Path:
    """``_build/gettext/policy/klage.pot`` -> ``locale/en/LC_MESSAGES/policy/klage.po``."""
    return locale_dir / language / "LC_MESSAGES" / pot.relative_to(pot_dir).with_suffix(".po")


def same_but_for_dates(old: str, new: str) -> bool:
    """True if two .po texts differ at most in their POT-Creation-Date header."""
    return _VOLATILE_HEADER.sub("", old) == _VOLATILE_HEADER.sub("", new)


def new_catalog_text(pot_text: str, language: str) -> str:
    """A new, empty catalog for *language* from a template's text.

    The header is the catalog's metadata, not a translation: it loses the
    template's ``#, fuzzy`` flag and gains the ``Language`` field.
    """
    text = pot_text.replace('#, fuzzy\nmsgid ""', 'msgid ""', 1)
    return re.sub(
        r'^"Language-Team: .*\\n"$',
        lambda _match: f'"Language-Team: {language} <LL@li.org>\\n"\n"Language: {language}\\n"',
        text,
        count=1,
        flags=re.MULTILINE,
    )


def _run(command: list[str]) -> None:
    try:
        completed = subprocess.run(command, capture_output=True, check=False, encoding="utf-8")
    except FileNotFoundError as error:
        raise RuntimeError(f"{command[0]} not found: install GNU gettext (Debian: apt install gettext)") from error
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed with exit code {completed.returncode}:\n{completed.stderr}")


def merge_one(pot: Path, po: Path, language: str) -> str:
    """Create or merge one catalog; return what happened."""
    po.parent.mkdir(parents=True, exist_ok=True)
    if not po.exists():
        # Not msginit: for an English locale it copies every msgid into msgstr,
        # which would pass Danish text off as translated.
        po.write_text(new_catalog_text(pot.read_text(encoding="utf-8"), language), encoding="utf-8")
        _run(["msgcat", f"--width={WIDTH}", f"--output-file={po}", str(po)])
        return "created"
    old = po.read_text(encoding="utf-8")
    merged = po.with_name(po.name + ".new")
    try:
        _run(
            [
                "msgmerge",
                "--quiet",
                "--previous",
                # Write the file even when it has no entries (a page whose text is all
                # generated, such as henvisninger.md): msgmerge otherwise writes nothing.
                "--force-po",
                f"--width={WIDTH}",
                f"--lang={language}",
                f"--output-file={merged}",
                str(po),
                str(pot),
            ]
        )
        new = merged.read_text(encoding="utf-8")
    finally:
        merged.unlink(missing_ok=True)
    if same_but_for_dates(old, new):
        return "unchanged"
    po.write_text(new, encoding="utf-8")
    return "updated"


def update(pot_dir: Path, locale_dir: Path, languages: list[str]) -> list[Result]:
    """Merge every template under *pot_dir* into every language under *locale_dir*."""
    pots = sorted(pot for pot in pot_dir.rglob("*.pot") if pot.relative_to(pot_dir).as_posix() != THEME_TEMPLATE)
    if not pots:
        raise RuntimeError(f"no .pot files in {pot_dir}: run the gettext builder first")
    results = []
    for language in languages:
        expected = set()
        for pot in pots:
            po = po_path_for(pot, pot_dir, locale_dir, language)
            expected.add(po)
            results.append(Result(po, merge_one(pot, po, language)))
        for po in sorted((locale_dir / language / "LC_MESSAGES").rglob("*.po")):
            if po not in expected:
                results.append(Result(po, "orphan"))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pot-dir", type=Path, default=Path("_build/gettext"), help="where the gettext builder wrote the .pot files"
    )
    parser.add_argument("--locale-dir", type=Path, default=Path("locale"), help="the project's locale_dirs entry")
    parser.add_argument("languages", nargs="+", metavar="LANGUAGE", help="language codes, e.g. en")
    args = parser.parse_args(argv)
    try:
        results = update(args.pot_dir, args.locale_dir, args.languages)
    except RuntimeError as error:
        print(f"update-po: error: {error}", file=sys.stderr)
        return 1
    for result in results:
        if result.action == "orphan":
            print(
                f"{result.po}: warning: no source file extracts into this catalog any more; delete it if the page is gone",
                file=sys.stderr,
            )
        elif result.action != "unchanged":
            print(f"{result.po}: {result.action}")
    changed = sum(result.action in {"created", "updated"} for result in results)
    print(f"update-po: {changed} of {sum(r.action != 'orphan' for r in results)} catalogs changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
