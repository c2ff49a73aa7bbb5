"""Honest languages: every catalog read by one reader, every language labelled in its own words."""

from __future__ import annotations

import shutil
from pathlib import Path

import language_switch
import pytest
from message_catalogs import CatalogError, read_po_file, translations

from tools import messages, rendering
from tools.project import REPO_ROOT

SWITCH_CATALOG = """\
msgid ""
msgstr ""
"Language: {language}\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

{flag}msgid "Read this page in English"
msgstr "{text}"
"""


def switch_locale(tmp_path: Path, language: str, text: str, *, fuzzy: bool = False) -> Path:
    path = language_switch.catalog_file(language, tmp_path)
    path.parent.mkdir(parents=True)
    flag = "#, fuzzy\n" if fuzzy else ""
    path.write_text(SWITCH_CATALOG.format(language=language, flag=flag, text=text), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("language", "expected"),
    [("de", "Deutsch"), ("da", "Dansk"), ("sv", "Svenska"), ("fr", "Français"), ("en", "English")],
)
def test_a_language_is_named_in_its_own_words(language, expected):
    assert language_switch.own_name(language) == expected


def test_a_language_without_a_catalog_is_labelled_with_its_own_name(tmp_path):
    text, why = language_switch.reviewed_link_text("de", tmp_path)
    assert (text, why) == (None, "no catalog; 'make update-po' creates it")
    assert language_switch.link_text("de", tmp_path) == "Deutsch"


def test_a_fuzzy_link_text_is_not_shown_and_the_own_name_is(tmp_path):
    locale = switch_locale(tmp_path, "de", "Diese Seite auf Deutsch lesen", fuzzy=True)
    assert language_switch.reviewed_link_text("de", locale) == (
        None, "no reviewed translation of 'Read this page in English'"
    )
    assert language_switch.link_text("de", locale) == "Deutsch"


def test_a_reviewed_link_text_is_shown(tmp_path):
    locale = switch_locale(tmp_path, "de", "Diese Seite auf Deutsch lesen")
    assert language_switch.link_text("de", locale) == "Diese Seite auf Deutsch lesen"


def test_the_english_link_needs_no_catalog(tmp_path):
    assert language_switch.link_text("en", tmp_path) == "Read this page in English"


def test_a_broken_catalog_is_named_with_its_line(tmp_path):
    locale = switch_locale(tmp_path, "de", 'Diese Seite "auf Deutsch lesen')
    text, why = language_switch.reviewed_link_text("de", locale)
    assert text is None
    assert why == 'cannot be read: text after the closing quote: a double quote inside a string must be written \\" (line 7)'


# -- One reader ----------------------------------------------------------------------


def test_every_consumer_reads_catalogs_through_the_one_reader():
    """No module but the reader parses .po files itself (tests excepted: they check the files)."""
    readers = []
    for path in sorted([*REPO_ROOT.glob("_ext/**/*.py"), *REPO_ROOT.glob("tools/**/*.py")]):
        if path.name == "message_catalogs.py":
            continue
        text = path.read_text(encoding="utf-8")
        if "babel.messages.pofile import" in text and "read_po" in text.split("babel.messages.pofile import")[1][:80]:
            readers.append(path.relative_to(REPO_ROOT).as_posix())
    assert readers == []


def test_the_site_catalog_and_the_theme_catalog_come_from_the_reader(tmp_path):
    da = translations(messages.catalog_path("da"), "site")
    assert da.gettext("Language: {language}") == "Sprog: {language}"
    assert messages.translations("da").gettext("Language: {language}") == "Sprog: {language}"
    theme = rendering._sphinx_catalog("da", REPO_ROOT)
    assert theme.gettext("Next") == "Næste"


def test_a_broken_catalog_is_refused_by_the_reader_where_babel_would_guess(tmp_path):
    broken = tmp_path / "site.po"
    shutil.copy(messages.catalog_path("da"), broken)
    with broken.open("a", encoding="utf-8") as handle:
        handle.write('\nmsgid "Next"\nmsgstr "Næste\n')
    with pytest.raises(CatalogError) as raised:
        translations(broken, "site")
    line = broken.read_text(encoding="utf-8").count("\n")
    assert str(raised.value) == f"{broken}:{line}: the string is not closed: end it with a double quote on the same line"
    assert read_po_file(messages.catalog_path("da")).language == "da"
