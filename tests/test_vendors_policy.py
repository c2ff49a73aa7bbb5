"""The real policy's vendor registry: valid, rendered in section 4, extracted for translators."""

from __future__ import annotations

import json
import re

import pytest
from sphinx.util.console import strip_colors

from tests.support.build import PROJECT_ROOT, copy_project
from tests.support.htmltext import normalise_space, parse
from tests.support.vendors_support import table_grid, warning_lines
from tools.diagnostics import sphinx_notices

# isort: split
from vendors.jurisdictions import load_jurisdictions
from vendors.registry import read_registry

REGISTRY = PROJECT_ROOT / "policy" / "vendors.yaml"

DESCRIPTIONS = (
    "Leverandør af officepakken.",
    "Virksomhedsprofil på LinkedIn.",
    "Statistik på hjemmesiden.",
    "Virksomhedsprofil på YouTube.",
    "Markedsføring af vore produkter.",
    "Marketingsplatform.",
    "Hjemmesidehosting.",
)


def test_the_registry_holds_every_published_vendor():
    registry = read_registry(REGISTRY, load_jurisdictions())
    assert registry.problems == ()
    assert [(v.entity, v.country, v.bases) for v in registry.vendors] == [
        ("Microsoft Inc", "US", ("scc", "dpf")),
        ("Google Inc", "US", ("scc", "dpf")),
        ("Meta Platforms Inc.", "US", ("scc", "dpf")),
        ("TikTok Information Technologies UK Limited", "GB", ("scc",)),
        ("Active Campaign", "US", ("scc", "dpf")),
        ("Zapier", "US", ("scc", "dpf")),
        ("Webflow", "US", ("scc", "dpf")),
    ]
    services = [s.name for v in registry.vendors for s in v.services]
    assert services == [
        "Microsoft Office 365", "LinkedIn", "Google Analytics", "YouTube", "Facebook",
        "Instagram", "TikTok", "Active Campaign", "Zapier", "Webflow",
    ]  # fmt: skip
    assert {s.description for v in registry.vendors for s in v.services} == set(DESCRIPTIONS)
    assert all(v.third_country for v in registry.vendors)


def test_check_lists_missing_terms_links_as_notices(make_app, tmp_path):
    app = make_app("html", srcdir=copy_project(tmp_path / "src"))
    assert warning_lines(app) == []
    notices = re.findall(
        r"^(.*vendors\.yaml:\d+:\d+): notice: no terms link for service '([^']+)'",
        strip_colors(app.status.getvalue()),
        re.MULTILINE,
    )
    assert [service for _location, service in notices] == ["Microsoft Office 365", "TikTok", "Zapier", "Webflow"]
    assert all(location.startswith(str(tmp_path / "src" / "policy" / "vendors.yaml")) for location, _ in notices)
    # make check's line for each, with its own code to search for.
    lines = [str(notice) for notice in sphinx_notices(strip_colors(app.status.getvalue()), tmp_path / "src")]
    registry = read_registry(tmp_path / "src" / "policy" / "vendors.yaml", load_jurisdictions())
    tiktok = next(service for vendor, service in registry.services_without_terms() if vendor.name == "TikTok")
    assert f"policy/vendors.yaml:{tiktok.line}:{tiktok.column}: notice: no terms link for service 'TikTok' of vendor 'TikTok' yet; " \
        "add 'terms' when the official address is known [vendors.terms]" in lines
    assert [line.rsplit(" ", 1)[-1] for line in lines if "no terms link" in line] == ["[vendors.terms]"] * 4


def test_dpf_for_the_uk_vendor_fails_naming_file_and_line(make_app, tmp_path):
    srcdir = copy_project(tmp_path / "src")
    registry = srcdir / "policy" / "vendors.yaml"
    lines = registry.read_text(encoding="utf-8").splitlines(keepends=True)
    tiktok = next(i for i, line in enumerate(lines) if "entity: TikTok Information Technologies UK Limited" in line)
    basis = next(i for i in range(tiktok, len(lines)) if lines[i].strip() == "basis: scc")
    lines[basis] = lines[basis].replace("basis: scc", "basis: dpf")
    registry.write_text("".join(lines), encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    assert warning_lines(app) == [
        (
            f"{registry}:{basis + 1}:12: WARNING: transfer basis 'dpf' in vendor 'TikTok' is only valid for the US, "
            "not GB: the EU-U.S. Data Privacy Framework covers US organisations only [vendors.basis_dpf]"
        )
    ]


def test_section_4_shows_all_ten_services_with_their_countries(policy_build):
    html = policy_build("html").read("policy/modtagere.html")
    [table] = parse(html).xpath("//table")
    rows = [[cell["text"] for cell in row] for row in table_grid(table)[1:]]
    assert [(row[2], row[1]) for row in rows] == [
        ("Microsoft Office 365", "USA"),
        ("LinkedIn", "USA"),
        ("Google Analytics", "USA"),
        ("YouTube", "USA"),
        ("Facebook", "USA"),
        ("Instagram", "USA"),
        ("TikTok", "Storbritannien"),
        ("Active Campaign", "USA"),
        ("Zapier", "USA"),
        ("Webflow", "USA"),
    ]


def test_vendors_json_is_published(policy_build):
    build = policy_build("html")
    data = json.loads(build.read("vendors.json"))
    assert data["source"] == "policy/vendors.yaml"
    assert [s["name"] for v in data["vendors"] for s in v["services"]][6] == "TikTok"
    assert [(v["name"], v["country"], v["transfer_basis"]) for v in data["vendors"]][3] == ("TikTok", "GB", ["scc"])
    assert sum(len(v["services"]) for v in data["vendors"]) == 10


def test_the_pot_for_section_4_holds_every_description(policy_build):
    pot = policy_build("gettext").read("policy/modtagere.pot")
    msgids = re.findall(r'^msgid "(.+)"$', pot, re.MULTILINE)
    for description in DESCRIPTIONS:
        assert msgids.count(description) == 1, description
    # Names are not for translation, and the headers come from the extension's catalog.
    assert not {"Microsoft Inc", "LinkedIn", "Virksomhed", "USA"} & set(msgids)


@pytest.mark.parametrize(
    ("language", "header", "countries"),
    [
        (
            "da",
            ["Virksomhed", "Land", "Tjeneste", "Beskrivelse", "Overførselsgrundlag", "Aftalevilkår"],
            {"USA", "Storbritannien"},
        ),
        (
            "en",
            ["Company", "Country", "Service", "Description", "Transfer basis", "Terms"],
            {"United States", "United Kingdom"},
        ),
    ],
)
def test_section_4_in_each_language(policy_build, language, header, countries):
    """English comes from the catalog and Babel; descriptions follow locale/en/.../policy/modtagere.po when it exists."""
    build = policy_build("html", language=None if language == "da" else language)
    assert build.warnings == ""
    html = build.read("policy/modtagere.html")
    [table] = parse(html).xpath("//table")
    grid = table_grid(table)
    assert [cell["text"] for cell in grid[0]] == header
    assert {row[1]["text"] for row in grid[1:]} == countries


@pytest.mark.parametrize(
    ("language", "bases"),
    [
        ("da", {"EU-Kommissionens standardkontraktbestemmelser (SCC’er) med supplerende foranstaltninger",
                "Data Privacy Framework"}),
        ("en", {"The European Commission’s standard contractual clauses (SCCs) with supplementary measures",
                "Data Privacy Framework"}),
    ],
)
def test_the_transfer_basis_is_section_4_1s_own_words(policy_build, language, bases):
    """Each vendor's basis is the quote of 4.1 that states it (policy/processing.yaml's safeguards), translated."""
    import lxml.html

    page = lxml.html.document_fromstring(policy_build("html", language=None if language == "da" else language)
                                         .read("policy/modtagere.html"))
    shown = page.xpath('//table[contains(@class, "vendor-table")]//p[contains(@class, "vendor-basis-quote")]')
    assert len(shown) == 13  # scc for each of the seven vendors, dpf for the six in the US
    assert {normalise_space(p.text_content()) for p in shown} == bases
