"""The {vendor-table} directive on a small test project (tests/roots/test-vendors)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import lxml.html
import pytest
from docutils import nodes
from sphinx.testing.util import assert_node
from sphinx.util.console import strip_colors

from tests.support.htmltext import element_text, normalise_space, parse
from tests.support.vendors_support import warning_lines


def tables(html: str) -> list[lxml.html.HtmlElement]:
    return parse(html).xpath("//table")


def cells(table: lxml.html.HtmlElement) -> list[list[str]]:
    """Each row's cell texts (header row first), whitespace-normalised."""
    return [[normalise_space(" ".join(cell.itertext())) for cell in row.xpath("./th|./td")] for row in table.iter("tr")]


@pytest.mark.sphinx("html", testroot="vendors", freshenv=True)
def test_danish_table(app):
    app.build()
    assert warning_lines(app) == []
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    everything, third_countries, eu_eea = tables(html)
    assert cells(everything) == [
        ["Virksomhed", "Land", "Tjeneste", "Beskrivelse", "Overførselsgrundlag", "Aftalevilkår"],
        [
            "Acme Inc.",
            "USA",
            "Acme Mail",
            "Udsendelse af nyhedsbreve.",
            (
                "EU-Kommissionens standardkontraktbestemmelser (SCC’er) med supplerende foranstaltninger "
                "EU-U.S. Data Privacy Framework"
            ),
            "Aftalevilkår for Acme Mail",
        ],
        ["Acme Stats", "Statistik på hjemmesiden.", ""],
        [
            "Britco Ltd",
            "Storbritannien",
            "Britco Hosting",
            "Hjemmesidehosting.",
            "EU-Kommissionens afgørelse om tilstrækkeligheden af beskyttelsesniveauet i landet",
            "Aftalevilkår for Britco Hosting",
        ],
        [
            "Dansk Drift ApS",
            "Danmark",
            "Backup",
            "Sikkerhedskopier.",
            "Ingen overførsel uden for EU/EØS",
            "Aftalevilkår for Backup",
        ],
    ]
    # Grouped by vendor: Acme's own cells span its two services' rows.
    assert everything.xpath(".//@rowspan") == ["2", "2", "2"]
    assert "https://acme.example/terms" in everything.xpath(".//a/@href")
    assert everything.get("id") == "alle"
    # :rows: third-country with only vendor columns: one row per vendor, and a title.
    [caption] = third_countries.xpath("./caption")
    assert element_text(caption) == "Overførsler til tredjelande"
    assert cells(third_countries)[1:] == [
        [
            "Acme Inc.",
            "USA",
            (
                "EU-Kommissionens standardkontraktbestemmelser (SCC’er) med supplerende foranstaltninger "
                "EU-U.S. Data Privacy Framework"
            ),
        ],
        [
            "Britco Ltd",
            "Storbritannien",
            "EU-Kommissionens afgørelse om tilstrækkeligheden af beskyttelsesniveauet i landet",
        ],
    ]
    assert cells(eu_eea) == [["Tjeneste", "Beskrivelse"], ["Backup", "Sikkerhedskopier."]]


@pytest.mark.sphinx("html", testroot="vendors", freshenv=True, confoverrides={"language": "en"})
def test_english_table(app):
    """Headers and bases from the extension's catalog, countries from Babel, descriptions from the .po."""
    app.build()
    assert warning_lines(app) == []
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    everything, third_countries, _ = tables(html)
    rows = cells(everything)
    assert rows[0] == ["Company", "Country", "Service", "Description", "Transfer basis", "Terms"]
    assert rows[1][:2] == ["Acme Inc.", "United States"]
    # Sphinx's smart quotes turn the catalog's apostrophe into a typographic one.
    assert rows[1][4] == (
        "The European Commission’s standard contractual clauses (SCCs) with supplementary measures "
        "EU-U.S. Data Privacy Framework"
    )
    assert rows[1][5] == "Terms for Acme Mail"
    assert rows[3][1] == "United Kingdom"
    assert rows[4][1] == "Denmark" and rows[4][4] == "No transfer outside the EU/EEA"
    # locale/en/LC_MESSAGES/index.po translates one description and the title...
    assert rows[2][1] == "Website statistics."
    assert [element_text(caption) for caption in third_countries.xpath("./caption")] == ["Transfers to third countries"]
    # ...and the others fall back to the Danish source text.
    assert rows[1][3] == "Udsendelse af nyhedsbreve."
    assert rows[3][3] == "Hjemmesidehosting."


@pytest.mark.sphinx("html", testroot="vendors", freshenv=True)
def test_doctree_is_a_real_table_with_translatable_descriptions(app):
    app.build()
    doctree = app.env.get_doctree("index")
    table = next(iter(doctree.findall(nodes.table)))
    assert_node(table, nodes.table, classes=["vendor-table", "colwidths-auto"], ids=["alle"])
    assert_node(table[0], nodes.tgroup, cols=6)
    descriptions = [row[3 if len(row) == 6 else 1][0] for row in table.findall(nodes.row) if len(row) in (6, 3)][1:]
    assert [p.astext() for p in descriptions] == [
        "Udsendelse af nyhedsbreve.",
        "Statistik på hjemmesiden.",
        "Hjemmesidehosting.",
        "Sikkerhedskopier.",
    ]
    for paragraph in descriptions:
        assert paragraph.rawsource == paragraph.astext()
        assert paragraph.source.endswith("index.md")
        assert paragraph.line == 9  # the directive's line
    header = next(iter(table.findall(nodes.thead)))
    assert all(not p.source for p in header.findall(nodes.paragraph))  # from the catalog, not for gettext


@pytest.mark.sphinx("gettext", testroot="vendors", freshenv=True)
def test_gettext_extracts_descriptions_and_nothing_else_of_the_table(app):
    app.build()
    pot = (app.outdir / "index.pot").read_text(encoding="utf-8")
    msgids = re.findall(r'^msgid "(.+)"$', pot, re.MULTILINE)
    for description in (
        "Udsendelse af nyhedsbreve.",
        "Statistik på hjemmesiden.",
        "Hjemmesidehosting.",
        "Sikkerhedskopier.",
    ):
        assert msgids.count(description) == 1, description
    assert "Overførsler til tredjelande" in msgids
    for not_for_translators in ("Acme Inc.", "Acme Mail", "USA", "Virksomhed", "Company", "Data Privacy Framework"):
        assert not_for_translators not in msgids
    assert not (app.outdir / "vendors.json").exists()


@pytest.mark.sphinx("html", testroot="vendors", freshenv=True)
def test_vendors_json_and_missing_link_notice(app, status):
    app.build()
    data = json.loads((app.outdir / "vendors.json").read_text(encoding="utf-8"))
    assert data["source"] == "data/vendors.yaml"
    assert data["checked"] == {"eu_eea": "2026-11-25", "adequacy": "2026-11-25"}
    assert [v["name"] for v in data["vendors"]] == ["Acme", "Britco", "Dansk Drift"]
    assert data["vendors"][0] == {
        "name": "Acme",
        "entity": "Acme Inc.",
        "country": "US",
        "third_country": True,
        "transfer_basis": ["scc", "dpf"],
        "services": [
            {"name": "Acme Mail", "description": "Udsendelse af nyhedsbreve.", "terms": "https://acme.example/terms"},
            {"name": "Acme Stats", "description": "Statistik på hjemmesiden.", "terms": None},
        ],
    }
    assert data["vendors"][2]["third_country"] is False and data["vendors"][2]["transfer_basis"] == []
    # The missing link is a notice on the status stream, not a warning.
    registry = Path(app.srcdir) / "data" / "vendors.yaml"
    assert (
        f"{registry}:12:9: notice: no terms link for service 'Acme Stats' of vendor 'Acme' yet; "
        "add 'terms' when the official address is known [vendors.terms]"
    ) in status.getvalue()
    assert warning_lines(app) == []


def test_editing_the_registry_rereads_only_the_pages_that_use_it(make_app, rootdir, tmp_path):
    import shutil

    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-vendors", srcdir)
    builddir = tmp_path / "build"
    first = make_app("html", srcdir=srcdir, builddir=builddir)
    first.build()
    registry = srcdir / "data" / "vendors.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace("Sikkerhedskopier.", "Sikkerhedskopier hver nat."),
        encoding="utf-8",
    )
    stat = registry.stat()
    os.utime(registry, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # newer than the environment
    second = make_app("html", srcdir=srcdir, builddir=builddir)
    second.build()
    output = strip_colors(second.status.getvalue())
    assert "0 added, 1 changed, 0 removed" in output
    assert re.search(r"reading sources\.\.\. \[100%\] index", output)
    assert "Sikkerhedskopier hver nat." in (second.outdir / "index.html").read_text(encoding="utf-8")
    assert (
        json.loads((second.outdir / "vendors.json").read_text(encoding="utf-8"))["vendors"][2]["services"][0][
            "description"
        ]
        == "Sikkerhedskopier hver nat."
    )


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (
            ":columns: service, colour",
            (
                "'vendor-table': Invalid option value for 'columns': service, colour: unknown column 'colour'; "
                "choose from: entity, country, service, description, basis, terms [myst.directive_option]"
            ),
        ),
        (
            ":rows: europe",
            (
                "'vendor-table': Invalid option value for 'rows': europe: "
                '"europe" unknown; choose from "all", "third-country", or "eu-eea" [myst.directive_option]'
            ),
        ),
    ],
)
def test_bad_options_are_located_warnings(make_app, rootdir, tmp_path, options, expected):
    import shutil

    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-vendors", srcdir)
    (srcdir / "other.md").write_text(f"# Andet\n\n```{{vendor-table}}\n{options}\n```\n", encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    # MyST reports a bad option value at the option's own line.
    assert warning_lines(app) == [f"{srcdir / 'other.md'}:4: WARNING: {expected}"]


def test_unknown_vendor_and_empty_selection(make_app, rootdir, tmp_path):
    import shutil

    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-vendors", srcdir)
    (srcdir / "other.md").write_text(
        "# Andet\n\n```{vendor-table}\n:vendors: Acme, Nobody\n```\n\n```{vendor-table}\n:vendors: Dansk Drift\n:rows: third-country\n```\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert warning_lines(app) == [
        f"{srcdir / 'other.md'}:3: WARNING: vendor-table: no vendor named 'Nobody' in data/vendors.yaml [vendors.directive]",
        f"{srcdir / 'other.md'}:7: WARNING: vendor-table: no vendor in data/vendors.yaml matches the options [vendors.directive]",
    ]
    [table] = tables((app.outdir / "other.html").read_text(encoding="utf-8"))
    assert [row[0] for row in cells(table)] == ["Virksomhed", "Acme Inc.", "Acme Inc."]


def test_the_danish_catalog_translates_every_message_of_the_extension():
    """The .po holds exactly the msgids the code uses, each translated, none fuzzy."""
    from babel.messages.extract import extract_from_file
    from babel.messages.pofile import read_po

    from tests.support.build import PROJECT_ROOT

    extension = PROJECT_ROOT / "_ext" / "vendors"
    used = {message for _line, message, _comments, _context in extract_from_file("python", extension / "directive.py")}
    with open(extension / "locale" / "da" / "LC_MESSAGES" / "vendors.po", "rb") as stream:
        catalog = read_po(stream)
    translated = {m.id: m for m in catalog if m.id}
    assert used == translated.keys()
    assert not [m.id for m in translated.values() if not m.string or m.fuzzy]
    assert "{service}" in translated["Terms for {service}"].string
    assert not list(extension.rglob("*.mo"))  # compiled into the build directory, never beside the .po


@pytest.mark.sphinx("html", testroot="vendors", freshenv=True)
def test_the_table_stylesheet_ships_with_the_page(app):
    app.build()
    assert (app.outdir / "_static" / "vendors.css").is_file()
    stylesheets = parse((app.outdir / "index.html").read_text(encoding="utf-8")).xpath("//link[@rel='stylesheet']/@href")
    assert any(href.startswith("_static/vendors.css") for href in stylesheets), stylesheets
