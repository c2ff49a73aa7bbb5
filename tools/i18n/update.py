"""Merge freshly extracted templates into the translators' ``.po`` files: the policy's and the code's.

``make update-po`` runs the gettext builder into ``_build/gettext`` and then this
tool, which, for every template and every translation (``site_languages[1:]``),
and (``--source-language``) for every catalog of the code (:data:`~tools.i18n.code_catalogs.CODE_CATALOGS`,
extracted by Babel from the extensions, the templates and the site tooling) in
every language but English:

* creates a missing ``.po`` file, every entry untranslated;
* merges an existing one as ``sphinx-intl update`` does (Babel's ``Catalog.update``):
  every translation is kept, a changed paragraph becomes ``#, fuzzy`` with the
  old source text as ``#| msgid`` so the reviewer sees what changed, and a
  removed paragraph is kept as an obsolete ``#~`` entry so its translation can be
  reused;
* leaves a file untouched when nothing but the template's creation date changed,
  so a pull request that edits one paragraph changes one entry in one ``.po`` file.

The theme's catalog (``locale/<language>/LC_MESSAGES/sphinx.po``) also holds
Furo's words, which are not in the project's templates: new messages are added
to it, and none is removed.

Every file is written by Babel with the same line width, which keeps diffs small.
No GNU gettext is needed. Run ``python -m tools.i18n.update --help`` for the options.
"""

from __future__ import annotations

import argparse
import copy
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.pofile import normalize, write_po
from sphinx_intl.catalog import update_with_fuzzy

from po_catalogs import CatalogError, read_po_file
from tools.i18n.catalogs import catalog_path, templates_in
from tools.i18n.language_files import catalogs_needed
from tools.languages import shown
from tools.project import REPO_ROOT

#: Line width for every .po file (GNU gettext's default, as python-docs-fr uses).
WIDTH = 79

#: Flags Babel guesses from "{...}" and "%s" in a msgid; the policy's text is not Python.
_GUESSED_FLAGS = frozenset({"python-format", "python-brace-format"})

_VOLATILE_HEADER = re.compile(r'^"(?:POT-Creation-Date|Generated-By): .*\\n"\n', re.MULTILINE)


@dataclass(frozen=True)
class Result:
    """What happened to one ``.po`` file."""

    po: Path
    action: str  # "created", "updated", "unchanged", "orphan" or "invalid"
    detail: str = ""


def same_but_for_dates(old: str, new: str) -> bool:
    """True if two .po texts differ at most in the template's date and the writer's version."""
    return _VOLATILE_HEADER.sub("", old) == _VOLATILE_HEADER.sub("", new)


def catalog_text(catalog: Catalog, *, sort: bool = False) -> str:
    """*catalog* as the project writes every .po file: width 79, previous msgids, obsolete entries kept.

    *sort*: entries in msgid order (the code's catalogs, so that moving code between
    files changes nothing), else in the template's (the policy's, in reading order).
    """
    for message in list(catalog) + list(catalog.obsolete.values()):
        message.flags -= _GUESSED_FLAGS
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, include_previous=False, ignore_obsolete=False, sort_output=sort)
    return with_previous_msgids(buffer.getvalue().decode("utf-8"), catalog)


def previous_msgid_lines(previous: str) -> str:
    """``#| msgid`` lines as msgmerge --previous writes them: one quoted line per
    wrapped piece, each behind ``#| ``, within the file's width."""
    lines = f"msgid {normalize(previous, width=WIDTH - len('#| '))}".splitlines()
    return "".join(f"#| {line}\n" for line in lines)


def with_previous_msgids(text: str, catalog: Catalog) -> str:
    """*text* (written by Babel) with each fuzzy entry's previous msgid above its msgid.

    Babel's own ``include_previous`` re-wraps the quoted lines as one comment, so
    the old text reads ``#| msgid "" "Du har …`` with its quotes run together; a
    translator compares the old and new text line by line, as msgmerge lays it out.
    """
    blocks = text.split("\n\n")
    for message in catalog:
        if not (message.id and message.fuzzy and message.previous_id):
            continue
        msgid = f"msgid {normalize(message.id, width=WIDTH)}\n"
        start = f"msgctxt {normalize(message.context, width=WIDTH)}\n" if message.context else msgid
        for index, block in enumerate(blocks):
            at = block.find(start) if block.startswith(start) else block.find("\n" + start) + 1
            if at > 0 or block.startswith(start):
                blocks[index] = block[:at] + previous_msgid_lines(message.previous_id[0]) + block[at:]
                break
    return "\n\n".join(blocks)


def new_catalog(template: Catalog, language: str) -> Catalog:
    """A new catalog for *language*: the template's entries, none translated.

    Not msginit: for an English locale it copies every msgid into msgstr, which
    would pass Danish text off as translated.
    """
    template.fuzzy = False  # the header is the catalog's metadata, not a translation
    try:
        template.locale = Locale.parse(language)
    except (ValueError, UnknownLocaleError):
        template.locale = None
    return template


def merged_catalog(catalog: Catalog, template: Catalog) -> Catalog:
    """*catalog* merged with *template*, as ``sphinx-intl update`` merges (Babel's ``Catalog.update``).

    Two things are added around it. Babel's update drops the previous msgid of an
    entry that was fuzzy before and is unchanged now, so it is carried over; and an
    obsolete ``#~`` entry whose text is back is revived with its translation, as
    msgmerge does.
    """
    previous = {message.id: message.previous_id for message in catalog if message.fuzzy and message.previous_id}
    for key, message in list(catalog.obsolete.items()):
        if template.get(message.id, message.context) is not None and catalog.get(message.id, message.context) is None:
            catalog[message.id] = message
            del catalog.obsolete[key]
    update_with_fuzzy(catalog, template)
    for message in catalog:
        if message.fuzzy and not message.previous_id and message.id in previous:
            message.previous_id = previous[message.id]
    return catalog


def added_catalog(catalog: Catalog, template: Catalog) -> Catalog:
    """*catalog* with the messages of *template* it lacks, untranslated; nothing removed or made fuzzy."""
    for message in template:
        if message.id and catalog.get(message.id, message.context) is None:
            catalog.add(message.id, "", auto_comments=message.auto_comments, context=message.context)
    return catalog


def merge_one(pot: Path, po: Path, language: str) -> Result:
    """Create or merge one catalog of the policy from its ``.pot`` file."""
    return merge_template(read_po_file(pot).catalog, po, language)


def merge_template(template: Catalog, po: Path, language: str, *, add_only: bool = False, sort: bool = False) -> Result:
    """Create or merge one catalog, writing it only if more than its dates changed.

    *add_only*: add the template's new messages and keep every other one (a catalog kept by hand).
    *sort*: write the entries in msgid order (:func:`catalog_text`).
    """
    template = copy.deepcopy(template)  # one template serves every language
    if not po.exists():
        po.parent.mkdir(parents=True, exist_ok=True)
        po.write_text(catalog_text(new_catalog(template, language), sort=sort), encoding="utf-8")
        return Result(po, "created")
    try:
        existing = read_po_file(po)
    except CatalogError as error:
        # Babel would skip what it cannot read and write the rest: a translation lost.
        return Result(po, "invalid", str(error))
    old = po.read_text(encoding="utf-8")
    merge = added_catalog if add_only else merged_catalog
    new = catalog_text(merge(existing.catalog, template), sort=sort)
    if same_but_for_dates(old, new):
        return Result(po, "unchanged")
    po.write_text(new, encoding="utf-8")
    return Result(po, "updated")


def update_code(languages: list[str], root: Path = REPO_ROOT) -> list[Result]:
    """Extract every catalog of the code and merge it into each language that needs it or has it."""
    results, templates = [], {}
    for code, language in catalogs_needed(languages, root):
        if code.domain not in templates:
            templates[code.domain] = code.template(root)
        po = code.po_path(language, root)
        results.append(merge_template(templates[code.domain], po, language, add_only=code.hand_kept, sort=True))
    return results


# sphinx-intl's own update() (sphinx_intl.basic.update) is not used: it writes with
# Babel's write_po but passes no include_previous (sphinx-intl issue #121), so the
# reviewer would lose the old text of a changed paragraph; it would also create a
# catalog of Sphinx's own template (sphinx.pot) for every language.
def update(pot_dir: Path, locale_dir: Path, languages: list[str]) -> list[Result]:
    """Merge every template under *pot_dir* into every language under *locale_dir*."""
    templates = templates_in(pot_dir)
    if not templates:
        raise RuntimeError(f"no .pot files in {pot_dir}: run the gettext builder first")
    results = []
    for language in languages:
        expected = set()
        for docname, pot in templates.items():
            po = catalog_path(locale_dir, language, docname)
            expected.add(po)
            results.append(merge_one(pot, po, language))
        for po in sorted((locale_dir / language / "LC_MESSAGES").rglob("*.po")):
            if po not in expected and po.stem != "sphinx":
                results.append(Result(po, "orphan"))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.i18n.update", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pot-dir", type=Path, default=Path("_build/gettext"), help="where the gettext builder wrote the .pot files"
    )
    parser.add_argument("--locale-dir", type=Path, default=Path("locale"), help="the project's locale_dirs entry")
    parser.add_argument(
        "--source-language", metavar="LANGUAGE",
        help="the policy's language (site_languages[0]): also update the code's catalogs (extensions, templates, "
        "site tooling) in it and every language given",
    )
    parser.add_argument("languages", nargs="+", metavar="LANGUAGE", help="the translations' codes, e.g. en")
    args = parser.parse_args(argv)
    try:
        results = update(args.pot_dir, args.locale_dir, args.languages)
        if args.source_language:
            results += update_code([args.source_language, *args.languages])
    except (RuntimeError, CatalogError) as error:
        print(f"update-po: error: {error}", file=sys.stderr)
        return 1
    for result in results:
        if result.action == "orphan":
            print(
                f"{shown(result.po)}: warning: no source file extracts into this catalog any more; delete it if the page is gone",
                file=sys.stderr,
            )
        elif result.action == "invalid":
            print(f"{result.detail}; not updated: fix the file, then run 'make update-po' again", file=sys.stderr)
        elif result.action != "unchanged":
            print(f"{shown(result.po)}: {result.action}")
    changed = sum(result.action in {"created", "updated"} for result in results)
    print(f"update-po: {changed} of {sum(r.action != 'orphan' for r in results)} catalogs changed")
    return 1 if any(r.action == "invalid" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
