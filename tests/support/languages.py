"""A test language whose data is complete, added to a copy of a project: copies, not translations.

German stays out of the real ``conf.py`` (there is no German GDPR text); a test
that needs a third language adds one to a copy, with every file a language needs
(:mod:`tools.i18n.language_files`): the policy's catalogs copied from English,
the code's from Danish, the GDPR text from English, each relabelled.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tools.i18n.code_catalogs import CODE_CATALOGS

_LANGUAGE_HEADER = re.compile(r'^"Language: [\w-]+\\n"$', re.MULTILINE)


def _copy_catalog(source: Path, destination: Path, language: str) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    text = _LANGUAGE_HEADER.sub(f'"Language: {language}\\\\n"', source.read_text(encoding="utf-8"))
    destination.write_text(text, encoding="utf-8")


def add_test_language(project: Path, language: str = "sv") -> list[Path]:
    """Add *language* to *project*'s ``site_languages`` with complete data; return the files written."""
    conf = project / "conf.py"
    text = conf.read_text(encoding="utf-8")
    listed = 'site_languages = ["da", "en"]'
    assert listed in text, f"{conf} does not list the languages as {listed}"
    conf.write_text(text.replace(listed, f'site_languages = ["da", "en", "{language}"]'), encoding="utf-8")
    written = []
    english = project / "locale" / "en" / "LC_MESSAGES"
    for source in sorted(english.rglob("*.po")):
        destination = project / "locale" / language / "LC_MESSAGES" / source.relative_to(english)
        _copy_catalog(source, destination, language)
        written.append(destination)
    for code in CODE_CATALOGS:
        source = code.po_path("da", project)
        if code.in_tree(project) and source.is_file():
            _copy_catalog(source, code.po_path(language, project), language)
            written.append(code.po_path(language, project))
    data = project / "_ext" / "gdpr" / "data"
    shutil.copy2(data / "gdpr-text-en.json", data / f"gdpr-text-{language}.json")
    written.append(data / f"gdpr-text-{language}.json")
    return written
