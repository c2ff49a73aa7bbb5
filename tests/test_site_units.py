"""Pure functions of the site tooling, and its message catalog."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path, PurePosixPath

import lxml.html
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tools.git import SCISSORS, TagNameError, parse_tag_name, split_message, tag_message, tag_name
from tools.messages import LOCALE_DIR, long_date, translator
from tools.modules import cycles
from tools.sitebuild import manifest
from tools.sitebuild.driver import tooling_files
from tools.sitebuild.layout import BUILD_INFO, relative
from tools.sitebuild.model import Built, SiteState
from tools.sitebuild.pages import insert_into_page
from tools.sitebuild.pdf import css_content
from tools.sitebuild.versions import (
    Version,
    current_version,
    parse_build_date,
    predecessor,
    statuses,
    successor,
)
from tools.sitebuild.views import footer, language_name
from tools.sitebuild.writers import WRITERS

TOOLS = Path(__file__).resolve().parent.parent / "tools"


def version(name: str) -> Version:
    if name == "draft":
        return Version("draft", None, "c", 0)
    return Version(name, dt.date.fromisoformat(name), "c", 0, summary={"da": "h", "en": "h"})


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("v2026-11-24", dt.date(2026, 11, 24)), ("v2024-02-29", dt.date(2024, 2, 29))],
)
def test_parse_tag_name(tag: str, expected: dt.date) -> None:
    assert parse_tag_name(tag) == expected


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("v1.0", "does not have the form vYYYY-MM-DD"),
        ("v2026-11-24-fix", "does not have the form vYYYY-MM-DD"),
        ("v20261124", "does not have the form vYYYY-MM-DD"),
        ("v2026-13-01", "'2026-13-01' is not a calendar date"),
        ("v2025-02-29", "'2025-02-29' is not a calendar date"),
    ],
)
def test_bad_tag_names(tag: str, message: str) -> None:
    with pytest.raises(TagNameError, match=message):
        parse_tag_name(tag)


def test_tag_name_is_the_inverse_of_parse_tag_name() -> None:
    assert tag_name(dt.date(2026, 11, 24)) == tag_name("2026-11-24") == "v2026-11-24"
    assert parse_tag_name(tag_name(dt.date(2024, 2, 29))) == dt.date(2024, 2, 29)


def test_one_tag_message_for_release_and_make_tags() -> None:
    message = tag_message(" Ny leverandør ", summaries={"en": "A new vendor", "da": "Ny leverandør"},
                          languages=["da", "en"], details="Vi bruger nu X.", reviewers=["Changes since v1:", "  x"],
                          material=True)
    assert message == ("Ny leverandør\n\nda: Ny leverandør\nen: A new vendor\n\nVi bruger nu X.\n\n"
                       f"{SCISSORS}\nChanges since v1:\n  x\n\nMaterial-change: yes\n")
    assert split_message(message) == ("Ny leverandør", "da: Ny leverandør\nen: A new vendor\n\nVi bruger nu X.")
    assert tag_message("Rettelser") == "Rettelser\n"


def test_split_message() -> None:
    assert split_message("Headline\n\nBody line 1.\nBody line 2.\n") == ("Headline", "Body line 1.\nBody line 2.")
    assert split_message("Only a headline") == ("Only a headline", "")
    assert split_message("Signed\n\nBody\n-----BEGIN PGP SIGNATURE-----\nxyz\n") == ("Signed", "Body")
    assert split_message("") == ("", "")


def test_build_date() -> None:
    assert parse_build_date("2026-09-01") == dt.date(2026, 9, 1)
    assert parse_build_date("", today=dt.date(2030, 1, 1)) == dt.date(2030, 1, 1)
    with pytest.raises(ValueError) as caught:
        parse_build_date("1/9/2026")
    assert str(caught.value) == "BUILD_DATE=1/9/2026 is not of the form YYYY-MM-DD (e.g. BUILD_DATE=2026-11-24)"
    with pytest.raises(ValueError) as caught:  # the form is right; the day is not in the calendar
        parse_build_date("2026-02-30")
    assert str(caught.value) == "BUILD_DATE=2026-02-30 is not a date in the calendar (day is out of range for month)"


def test_statuses_on_the_day_of_a_change() -> None:
    versions = [version("2026-01-01"), version("2026-06-01"), version("2027-01-01"), version("draft")]
    on = statuses(versions, dt.date(2026, 6, 1))
    assert on == {"2026-01-01": "superseded", "2026-06-01": "in-force", "2027-01-01": "upcoming", "draft": "draft"}
    before = statuses(versions, dt.date(2026, 5, 31))
    assert before["2026-01-01"] == "in-force" and before["2026-06-01"] == "upcoming"
    assert current_version(versions, dt.date(2025, 12, 31)) is None
    assert set(statuses(versions, dt.date(2025, 12, 31)).values()) == {"upcoming", "draft"}
    assert successor(versions, versions[0]).name == "2026-06-01"
    assert predecessor(versions, versions[0]) is None
    assert predecessor(versions, versions[3]).name == "2027-01-01"  # the draft follows the latest version


def test_css_content_from_a_translated_sentence() -> None:
    counters = {"page": "counter(page)", "pages": "counter(pages)"}
    assert css_content("Side {page} af {pages}", counters) == '"Side " counter(page) " af " counter(pages)'
    assert css_content('{page}/{pages} "x"', counters) == 'counter(page) "/" counter(pages) " \\"x\\""'


def test_relative_urls_and_page_insertion() -> None:
    here = PurePosixPath("da/2026-01-01/policy/rettigheder.html")
    assert relative(here, "da/current/policy/rettigheder.html") == "../../current/policy/rettigheder.html"
    assert relative(here, "_site/site.css") == "../../../_site/site.css"
    assert relative(PurePosixPath("index.html"), "da/current/index.html") == "da/current/index.html"
    page = '<html><head><title>x</title></head><body class="a">\n<p>text</p></body></html>'
    result = insert_into_page(page, head="<link>", body_start="<nav></nav>")
    assert result == '<html><head><title>x</title><link>\n</head><body class="a">\n<nav></nav>\n<p>text</p></body></html>'


def test_dates_and_language_names() -> None:
    assert long_date(dt.date(2026, 11, 24), "da") == "24. november 2026"
    assert long_date(dt.date(2026, 11, 24), "en") == "24 November 2026"
    assert language_name("da") == "Dansk"
    assert language_name("en") == "English"


def test_placeholders_are_escaped() -> None:
    t = translator("da")
    assert str(t("This version applied up to and including {date}.", date="<b>")) == "Denne version gjaldt til og med &lt;b&gt;."


def test_every_message_is_translated_into_danish() -> None:
    """Each msgid used in tools/ (t(...) and N_(...), in code and templates) has a Danish translation,
    and no catalog entry is unused."""
    keywords = {"t": None, "N_": None}
    in_code = extract_from_dir(TOOLS, method_map=[("**.py", "python")], keywords=keywords)
    in_templates = extract_from_dir(
        TOOLS, method_map=[("**/templates/**.html", "jinja2.ext:babel_extract")], keywords=keywords
    )
    used = {message for _file, _line, message, _comments, _context in [*in_code, *in_templates]}
    assert "Skip to content" in used  # a template's t(...)
    assert "This version applied up to and including {date}." in used
    assert "Unchanged" in used  # marked with N_ in a table
    with (LOCALE_DIR / "da" / "LC_MESSAGES" / "site.po").open("rb") as handle:
        catalog = read_po(handle)
    translated = {m.id: m.string for m in catalog if m.id}
    missing = sorted(used - {k for k, v in translated.items() if v})
    assert missing == []
    assert sorted(set(translated) - used) == []
    # Named placeholders survive translation.
    import re

    for message in catalog:
        if message.id:
            assert sorted(re.findall(r"\{(\w+)\}", message.id)) == sorted(re.findall(r"\{(\w+)\}", message.string)), \
                message.id


def test_tools_have_no_import_cycle() -> None:
    assert cycles() == []


def test_an_import_cycle_is_found_through_other_modules() -> None:
    graph = {"a": ["b"], "b": ["c"], "c": ["a", "d"], "d": [], "e": ["e"]}
    assert cycles(graph) == [["a", "b", "c"]]


def test_the_build_tooling_is_what_the_unit_imports_and_the_files_it_names() -> None:
    names = {file.relative_to(TOOLS.parent).as_posix() for file in tooling_files()}
    assert {"tools/sitebuild/unit.py", "tools/sitebuild/layout.py", "tools/sitebuild/pdf.py",
            "tools/sitebuild/print.css", "tools/messages.py", "tools/locale/da/LC_MESSAGES/site.po",
            "requirements.txt"} <= names
    # The site's assembly changes no version's build, so it does not invalidate the cache.
    assert not names & {"tools/sitebuild/assemble.py", "tools/sitebuild/pages.py", "tools/sitebuild/site.css"}
    assert not any(name.endswith(".mo") for name in names)


def test_the_manifest_is_written_last() -> None:
    assert WRITERS[-1] is manifest.write
    assert manifest.write not in WRITERS[:-1]


def _build(tmp_path: Path, name: str, controller: str) -> Built:
    path = tmp_path / name
    (path / "da" / "html").mkdir(parents=True)
    (path / "da" / "html" / "index.html").write_text('<p id="dataansvarlig">x</p>', encoding="utf-8")
    settings = {"reader_controller": {"name": controller, "address": "", "email": "a@b.dk", "phone": "1",
                                      "phone_uri": "tel:1"},
                "reader_contact_label": "dataansvarlig", "copyright": controller}
    (path / BUILD_INFO).write_text(f'{{"languages": ["da"], "titles": {{"da": "{name}"}}, '
                                   f'"settings": {json.dumps(settings)}}}', encoding="utf-8")
    return Built.read(version(name), path)


def test_site_pages_take_the_footer_of_the_version_in_force_from_its_own_conf(tmp_path: Path) -> None:
    builds = [_build(tmp_path, "2026-01-01", "Old Name A/S"), _build(tmp_path, "2026-06-01", "New Name A/S"),
              _build(tmp_path, "2027-01-01", "Future Name A/S")]
    state = SiteState(builds, dt.date(2026, 7, 1))
    assert builds[0].settings["root_doc"] == "index"  # a default, for a setting the build did not record
    assert state.titles == {"da": "2027-01-01"}  # the newest version's title
    html = lxml.html.fragment_fromstring(footer(state, "da", PurePosixPath("da/versions.html")), create_parent=True)
    text = html.text_content()
    assert "New Name A/S" in text and "Old Name A/S" not in text and "Future Name A/S" not in text
    assert "current/index.html#dataansvarlig" in [a.get("href") for a in html.iter("a")]
