"""Honest languages: every catalog read by one reader, every language labelled in its own words."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html
from sphinx.util.console import strip_colors

import language_switch
from po_catalogs import CatalogError, read_po_file, translations
from tools import messages, rendering
from tools.i18n import update as update_po
from tools.i18n.catalogs import catalog_path, coverage_problems, entry_problems, templates_in
from tools.i18n.code_catalogs import CODE_CATALOGS
from tools.i18n.language_files import catalogs_needed, language_problems, site_catalog_problems
from tools.languages import main as languages_main
from tools.languages import site_languages
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
    assert language_switch.link_text("de", tmp_path) == "Deutsch"


def test_a_fuzzy_link_text_is_not_shown_and_the_own_name_is(tmp_path):
    locale = switch_locale(tmp_path, "de", "Diese Seite auf Deutsch lesen", fuzzy=True)
    assert language_switch.link_text("de", locale) == "Deutsch"


def test_a_reviewed_link_text_is_shown(tmp_path):
    locale = switch_locale(tmp_path, "de", "Diese Seite auf Deutsch lesen")
    assert language_switch.link_text("de", locale) == "Diese Seite auf Deutsch lesen"


def test_the_english_link_needs_no_catalog(tmp_path):
    assert language_switch.link_text("en", tmp_path) == "Read this page in English"


def test_a_broken_catalog_labels_the_link_with_the_own_name(tmp_path):
    locale = switch_locale(tmp_path, "de", 'Diese Seite "auf Deutsch lesen')
    assert language_switch.link_text("de", locale) == "Deutsch"


# -- One reader ----------------------------------------------------------------------


def test_every_consumer_reads_catalogs_through_the_one_reader():
    """No module but the reader parses .po files itself (tests excepted: they check the files)."""
    readers = []
    for path in sorted([*REPO_ROOT.glob("_ext/**/*.py"), *REPO_ROOT.glob("tools/**/*.py")]):
        if path.name == "po_catalogs.py":
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


# -- Every catalog in every language of conf.py ----------------------------------------------


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"\{(\w+)\}|%\((\w+)\)s", text))


SITE_LANGUAGES = site_languages()
CODE_PAIRS = catalogs_needed(SITE_LANGUAGES)


@pytest.mark.parametrize(
    ("code", "language"), CODE_PAIRS, ids=[f"{code.domain}-{language}" for code, language in CODE_PAIRS]
)
def test_every_catalog_of_the_code_is_complete(code, language):
    """Exactly the messages the code uses (a catalog kept by hand may hold more), each reviewed, placeholders kept."""
    po = read_po_file(code.po_path(language), f"{code.domain}-{language}")
    used = [message.id for message in code.template() if message.id]
    translated = {entry.msgid: entry for entry in po.entries}
    assert [msgid for msgid in used if msgid not in translated] == []
    if not code.hand_kept:
        assert sorted(set(translated) - set(used)) == []
    assert [entry.msgid for entry in po.entries if entry.fuzzy or not entry.msgstr.strip()] == []
    assert [e.msgid for e in po.entries if _placeholders(e.msgid) != _placeholders(e.msgstr)] == []


def test_every_language_but_english_has_every_catalog_of_the_code():
    needed = {(code.domain, language) for code, language in CODE_PAIRS}
    assert {(code.domain, language) for code in CODE_CATALOGS for language in SITE_LANGUAGES if language != "en"} <= needed
    assert language_problems(SITE_LANGUAGES) == []


@pytest.mark.parametrize("language", SITE_LANGUAGES[1:])
def test_every_catalog_of_the_policy_is_complete(policy_build, language):
    templates = templates_in(Path(policy_build("gettext").outdir))
    locale = REPO_ROOT / "locale"
    assert coverage_problems(locale, [language], templates, release=True, root=REPO_ROOT) == []
    for docname in templates:
        po = read_po_file(catalog_path(locale, language, docname))
        assert entry_problems(po, release=True) == [], docname


# -- The language list in conf.py ------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ('site_languages = ["da", "en", "xx"]\n', [
            "conf.py:1:31: error: 'xx' is not a language code Babel knows: use an ISO 639 code such as 'de' or "
            "'pt_BR' [language.unknown]",
        ]),
        ('site_languages = [\n    "da",\n    "english",\n    "da",\n]\n', [
            "conf.py:3:5: error: 'english' is not a language code Babel knows: use an ISO 639 code such as 'de' or "
            "'pt_BR' [language.unknown]",
            "conf.py:4:5: error: 'da' is listed twice [language.twice]",
        ]),
        ('codes = "da en"\nsite_languages = codes.split() + ["zz"]\n', [
            "conf.py:2:35: error: 'zz' is not a language code Babel knows: use an ISO 639 code such as 'de' or "
            "'pt_BR' [language.unknown]",
        ]),
        ("project = 'x'\n", [
            "conf.py: error: no site_languages list: write the site's languages, source language first, e.g. "
            "site_languages = ['da', 'en'] [language.missing]",
        ]),
    ],
)
def test_a_bad_language_list_is_one_line_at_its_place_in_conf_py(tmp_path, monkeypatch, capsys, setting, expected):
    (tmp_path / "conf.py").write_text(setting, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert languages_main([str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err.splitlines()) == ("", expected)


def test_a_good_language_list_is_printed_for_make(tmp_path, capsys):
    (tmp_path / "conf.py").write_text('site_languages = ["da", "en", "pt-BR", "de_AT"]\n', encoding="utf-8")
    assert languages_main([str(tmp_path)]) == 0
    assert capsys.readouterr().out == "da en pt-BR de_AT\n"


def test_make_site_refuses_a_language_whose_site_catalog_is_missing_or_unreviewed(tmp_path):
    assert site_catalog_problems(["da", "en"]) == []
    [missing] = site_catalog_problems(["da", "en", "sv"])
    assert str(missing) == (
        "tools/locale/sv/LC_MESSAGES/site.po: error: missing: the 'sv' catalog of the site's own pages "
        "(versions, redlines, PDF); 'make update-po' creates it [missing]"
    )
    root = tmp_path / "project"
    shutil.copytree(REPO_ROOT / "tools", root / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    catalog = root / "tools" / "locale" / "da" / "LC_MESSAGES" / "site.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace('msgstr "Sprog: {language}"', 'msgstr ""'), encoding="utf-8")
    line = text.splitlines().index('msgid "Language: {language}"') + 1
    assert [str(p) for p in site_catalog_problems(["da"], root)] == [
        f"tools/locale/da/LC_MESSAGES/site.po:{line}: error: untranslated [untranslated]"
    ]


@pytest.mark.sphinx("html", testroot="language-switch", freshenv=True)
def test_no_page_labels_a_language_in_another_languages_words(app):
    app.build()
    page = lxml_html.parse(str(app.outdir / "index.html")).getroot()
    links = {a.get("hreflang"): (a.get("lang"), a.text) for a in page.iterfind(".//div[@class='sidebar-language-switch']/a")}
    assert links == {"en": ("en", "Read this page in English"), "de": ("de", "Deutsch")}
    assert strip_colors(app.warning.getvalue()) == ""  # make check-po names the missing catalog, once


# -- make update-po for the code's catalogs ---------------------------------------------------


def test_update_po_extracts_and_merges_the_code_catalogs(tmp_path):
    """A new language gets each catalog; a changed message turns fuzzy with its old text; a hand-kept catalog
    (the theme's words) keeps what the code does not use."""
    switch = tmp_path / "_ext" / "language_switch.py"
    switch.parent.mkdir(parents=True)
    switch.write_text('# Translators: the link.\nLINK_TEXT = N_("Read this page in English")\n', encoding="utf-8")
    (tmp_path / "_templates").mkdir()
    (tmp_path / "_templates" / "footer.html").write_text('<a>{{ _("Next") }}</a>\n', encoding="utf-8")
    danish_switch = language_switch.catalog_file("da", tmp_path / "_ext" / "locale")
    danish_switch.parent.mkdir(parents=True)
    danish_switch.write_text(SWITCH_CATALOG.format(language="da", flag="", text="Læs denne side på dansk"))
    theme = tmp_path / "locale" / "da" / "LC_MESSAGES" / "sphinx.po"
    theme.parent.mkdir(parents=True)
    theme.write_text('msgid ""\nmsgstr ""\n"Language: da\\n"\n\nmsgid "Back to top"\nmsgstr "Til toppen"\n')

    results = update_po.update_code(["da", "en", "sv"], tmp_path)
    shown = {r.po.relative_to(tmp_path).as_posix(): r.action for r in results}
    assert shown == {
        "_ext/locale/da/LC_MESSAGES/language_switch.po": "updated",  # the translator's comment, the header
        "_ext/locale/sv/LC_MESSAGES/language_switch.po": "created",
        "locale/da/LC_MESSAGES/sphinx.po": "updated",
        "locale/sv/LC_MESSAGES/sphinx.po": "created",
    }
    theme_entries = {e.msgid: e.msgstr for e in read_po_file(theme).entries}
    assert theme_entries == {"Back to top": "Til toppen", "Next": ""}
    [new] = read_po_file(language_switch.catalog_file("sv", tmp_path / "_ext" / "locale")).entries
    assert (new.msgid, new.msgstr, new.fuzzy) == ("Read this page in English", "", False)
    assert {r.action for r in update_po.update_code(["da", "en", "sv"], tmp_path)} == {"unchanged"}

    switch.write_text('LINK_TEXT = N_("Read this page in English, please")\n', encoding="utf-8")
    update_po.update_code(["da", "en", "sv"], tmp_path)
    [changed] = read_po_file(danish_switch).entries
    assert (changed.msgid, changed.msgstr, changed.fuzzy, changed.previous_msgid) == (
        "Read this page in English, please", "Læs denne side på dansk", True, "Read this page in English"
    )


def test_every_catalog_of_the_code_is_in_the_one_list():
    """A new extension's catalog is one line in CODE_CATALOGS: a catalog outside it would be neither updated nor checked."""
    listed = {(code.locale_dir, code.domain) for code in CODE_CATALOGS}
    found = {
        (path.parent.parent.parent.relative_to(REPO_ROOT).as_posix(), path.stem)
        for pattern in ("_ext/**/locale/*/LC_MESSAGES/*.po", "tools/**/locale/*/LC_MESSAGES/*.po")
        for path in REPO_ROOT.glob(pattern)
    }
    assert found - listed == set()
    uses = {
        match for path in REPO_ROOT.glob("_ext/**/*.py")
        for match in re.findall(r'MESSAGE_CATALOG = "(\w+)"', path.read_text(encoding="utf-8"))
    }
    assert uses <= {code.domain for code in CODE_CATALOGS}
