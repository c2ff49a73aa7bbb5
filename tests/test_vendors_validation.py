"""Every mistake in vendors.yaml is a warning at file:line:column; nothing raises.

The cases run through a real Sphinx app: the registry is checked when the
builder starts, so creating the app is enough to see the warnings.
"""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path

import pytest

from tests.support.vendors_support import warning_lines

# isort: split
from vendors.jurisdictions import load_jurisdictions, parse_transfers, read_country_codes
from vendors.registry import Problem, parse_registry

VALID = """\
vendors:
  - name: Acme
    entity: Acme Inc.
    country: US
    basis: [scc, dpf]
    services:
      - name: Acme Mail
        description: Udsendelse af nyhedsbreve.
        terms: https://acme.example/terms
"""

# (id, the YAML, the exact warnings as "line:column: message [vendors.subtype]")
CASES = [
    (
        "unknown-field",
        VALID.replace("    country: US\n", "    country: US\n    website: https://acme.example\n"),
        [
            "5:5: unknown field 'website' in vendor 'Acme' (allowed: name, entity, country, basis, services) [vendors.unknown_field]"
        ],
    ),
    (
        "unknown-field-misspelt",
        VALID.replace("        terms:", "        term:"),
        [
            "9:9: unknown field 'term' in service 'Acme Mail' of vendor 'Acme' (did you mean 'terms'?) [vendors.unknown_field]"
        ],
    ),
    (
        "missing-field",
        VALID.replace("    entity: Acme Inc.\n", ""),
        ["2:5: missing required field 'entity' in vendor 'Acme' [vendors.missing_field]"],
    ),
    (
        "missing-field-in-service",
        VALID.replace("        description: Udsendelse af nyhedsbreve.\n", ""),
        ["7:9: missing required field 'description' in service 'Acme Mail' of vendor 'Acme' [vendors.missing_field]"],
    ),
    (
        "empty-field",
        VALID.replace("entity: Acme Inc.", 'entity: ""'),
        ["3:13: field 'entity' in vendor 'Acme' is empty [vendors.missing_field]"],
    ),
    (
        "unknown-country-uk",
        VALID.replace("country: US", "country: UK").replace("[scc, dpf]", "scc"),
        ["4:14: unknown country code 'UK' in vendor 'Acme' (did you mean 'GB'?) [vendors.country]"],
    ),
    (
        "unknown-country-lowercase",
        VALID.replace("country: US", "country: us"),
        ["4:14: unknown country code 'us' in vendor 'Acme' (did you mean 'US'?) [vendors.country]"],
    ),
    (
        "unknown-country",
        VALID.replace("country: US", "country: XY"),
        [
            (
                "4:14: unknown country code 'XY' in vendor 'Acme' "
                "(expected an ISO 3166-1 alpha-2 code such as 'DK' or 'US') [vendors.country]"
            )
        ],
    ),
    (
        "duplicate-vendor",
        VALID + VALID.split("\n", 1)[1].replace("Acme Inc.", "Acme Corporation"),
        ["10:5: duplicate vendor 'Acme' (first defined at line 2) [vendors.duplicate_vendor]"],
    ),
    (
        "duplicate-service",
        VALID + "      - name: acme mail\n        description: Noget andet.\n",
        ["10:9: duplicate service 'acme mail' in vendor 'Acme' (first defined at line 7) [vendors.duplicate_service]"],
    ),
    (
        "duplicate-field",
        VALID.replace("    country: US\n", "    country: US\n    country: CA\n"),
        ["5:5: field 'country' is given twice in vendor 'Acme' (first at line 4) [vendors.duplicate_field]"],
    ),
    (
        "third-country-without-basis",
        VALID.replace("    basis: [scc, dpf]\n", ""),
        [
            (
                "2:5: vendor 'Acme' is in a third country (US) but has no transfer basis; "
                "add 'basis' (one of: scc, dpf, adequacy, bcr, art49) [vendors.basis_missing]"
            )
        ],
    ),
    (
        "third-country-with-empty-basis",
        VALID.replace("basis: [scc, dpf]", "basis: []"),
        [
            (
                "5:12: vendor 'Acme' is in a third country (US) but has no transfer basis; "
                "add 'basis' (one of: scc, dpf, adequacy, bcr, art49) [vendors.basis_missing]"
            )
        ],
    ),
    (
        "dpf-outside-the-us",
        VALID.replace("country: US", "country: GB").replace("[scc, dpf]", "dpf"),
        [
            (
                "5:12: transfer basis 'dpf' in vendor 'Acme' is only valid for the US, not GB: "
                "the EU-U.S. Data Privacy Framework covers US organisations only [vendors.basis_dpf]"
            )
        ],
    ),
    (
        "adequacy-without-decision",
        VALID.replace("country: US", "country: CN").replace("[scc, dpf]", "[scc, adequacy]"),
        [
            (
                "5:18: transfer basis 'adequacy' in vendor 'Acme': CN has no EU adequacy decision "
                "(list checked 2026-11-25) [vendors.basis_adequacy]"
            )
        ],
    ),
    (
        "adequacy-for-the-us",
        VALID.replace("[scc, dpf]", "adequacy"),
        [
            (
                "5:12: transfer basis 'adequacy' in vendor 'Acme': the EU adequacy decision for US covers only "
                "organisations certified under the EU-U.S. Data Privacy Framework; use 'dpf' [vendors.basis_adequacy]"
            )
        ],
    ),
    (
        "unknown-basis",
        VALID.replace("[scc, dpf]", "[sccs, dpf]"),
        ["5:13: unknown transfer basis 'sccs' in vendor 'Acme' (did you mean 'scc'?) [vendors.basis_unknown]"],
    ),
    (
        "duplicate-basis",
        VALID.replace("[scc, dpf]", "[scc, dpf, scc]"),
        ["5:23: transfer basis 'scc' is listed twice in vendor 'Acme' [vendors.basis_duplicate]"],
    ),
    (
        "basis-inside-the-eu",
        VALID.replace("country: US", "country: DK"),
        [
            (
                "5:12: vendor 'Acme' is in the EU/EEA (DK) and needs no transfer basis; remove 'basis' "
                "[vendors.basis_eu_eea]"
            )
        ],
    ),
    (
        "wrong-type",
        VALID.split("    services:\n")[0] + "    services: Acme Mail\n",
        [
            "6:15: field 'services' in vendor 'Acme' must be a list, not text [vendors.type]",
        ],
    ),
    (
        "terms-not-https",
        VALID.replace("https://acme.example/terms", "www.acme.example/terms"),
        [
            (
                "9:16: the terms link of service 'Acme Mail' of vendor 'Acme' must start with https://, "
                "not 'www.acme.example/terms' [vendors.terms]"
            )
        ],
    ),
    (
        "yaml-syntax-error",
        VALID.replace("[scc, dpf]", "[scc, dpf"),
        [
            (
                "6:13: YAML syntax error: expected ',' or ']', but got ':' "
                "(while parsing a flow sequence started at line 5) [vendors.syntax]"
            )
        ],
    ),
    (
        "unclosed-quote-closed-by-a-later-quote",
        VALID.replace("entity: Acme Inc.", 'entity: "Acme Inc.') + '  # Acme says "hello".\n',
        [
            (
                '3:13: YAML syntax error: the quote " opened here is not closed on its line, so the value runs on '
                'to the next " at line 10, column 15; close it on line 3 [vendors.syntax]'
            )
        ],
    ),
    (
        "unclosed-quote-never-closed",
        VALID.replace("entity: Acme Inc.", "entity: 'Acme Inc."),
        ["3:13: YAML syntax error: the quote ' opened here is never closed; close it on line 3 [vendors.syntax]"],
    ),
    (
        "quote-closed-on-a-later-line",
        VALID.replace("entity: Acme Inc.", 'entity: "Acme Inc.').replace("country: US", 'country: US"'),
        [
            (
                '3:13: the quote " opened here is closed only at line 4, column 16, and the value takes in '
                "everything up to there; close it on line 3 [vendors.quote]"
            )
        ],
    ),
    (
        "quote-that-takes-in-the-terms-link",
        VALID.replace("description: ", 'description: "').replace("acme.example/terms", 'acme.example/terms"'),
        [
            (
                '8:22: the quote " opened here is closed only at line 9, column 42, and the value takes in '
                "everything up to there; close it on line 8 [vendors.quote]"
            )
        ],
    ),
    (
        "empty-file",
        "# nothing yet\n",
        ["1:1: the file is empty: expected a 'vendors' list [vendors.missing_field]"],
    ),
]


@pytest.fixture
def project_with(tmp_path: Path, rootdir: Path):
    """A copy of the test-vendors root whose registry holds the given text (or bytes)."""

    def write(content: str | bytes) -> Path:
        srcdir = tmp_path / "src"
        shutil.copytree(rootdir / "test-vendors", srcdir)
        registry = srcdir / "data" / "vendors.yaml"
        if isinstance(content, bytes):
            registry.write_bytes(content)
        else:
            registry.write_text(content, encoding="utf-8")
        return srcdir

    return write


def test_the_valid_registry_has_no_warnings(make_app, project_with):
    app = make_app("html", srcdir=project_with(VALID))
    assert warning_lines(app) == []


@pytest.mark.parametrize(("content", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_each_mistake_is_one_warning_at_its_line(make_app, project_with, content, expected):
    srcdir = project_with(content)
    app = make_app("html", srcdir=srcdir)
    prefix = f"{srcdir / 'data' / 'vendors.yaml'}:"
    assert warning_lines(app) == [prefix + line.replace(": ", ": WARNING: ", 1) for line in expected]


def test_undecodable_file_is_one_warning_not_a_traceback(make_app, project_with):
    srcdir = project_with(VALID.encode("utf-8").replace(b"nyhedsbreve", b"nyhedsbr\xe9ve"))
    app = make_app("html", srcdir=srcdir)
    assert warning_lines(app) == [
        f"{srcdir / 'data' / 'vendors.yaml'}:8:44: WARNING: not valid UTF-8: byte 0xe9 cannot be decoded [vendors.encoding]"
    ]


def test_missing_file_names_the_setting(make_app, project_with):
    srcdir = project_with(VALID)
    (srcdir / "data" / "vendors.yaml").unlink()
    app = make_app("html", srcdir=srcdir)
    assert warning_lines(app) == [
        f"WARNING: cannot read the vendor registry {srcdir / 'data' / 'vendors.yaml'}: No such file or directory "
        "(vendors_file = 'data/vendors.yaml') [vendors.missing]"
    ]


def test_strict_build_fails_with_one_line_for_a_syntax_error(project_with, tmp_path, capsys):
    from sphinx.cmd.build import build_main

    srcdir = project_with(VALID.replace("[scc, dpf]", "[scc, dpf"))
    status = build_main(["-q", "-E", "-W", "--keep-going", "-b", "html", str(srcdir), str(tmp_path / "out")])
    stderr = capsys.readouterr().err
    assert status == 1
    assert "Traceback" not in stderr
    assert f"{srcdir / 'data' / 'vendors.yaml'}:6:13: WARNING: YAML syntax error:" in stderr


# -- The pure functions, without Sphinx -----------------------------------------


def parse(text: str) -> tuple[Problem, ...]:
    return parse_registry(textwrap.dedent(text), load_jurisdictions()).problems


def test_norway_stays_norway():
    """YAML 1.1 reads a bare NO as False; the registry keeps every scalar as text."""
    registry = parse_registry(
        VALID.replace("country: US", "country: NO").replace("    basis: [scc, dpf]\n", ""), load_jurisdictions()
    )
    assert registry.problems == ()
    assert registry.vendors[0].country == "NO"
    assert registry.vendors[0].third_country is False


def test_a_yaml_tag_is_never_constructed():
    problems = parse("vendors: !!python/object/apply:os.system ['touch /tmp/vendors-yaml-ran']\n")
    assert problems == (
        Problem(1, 43, "type", "a vendor must be a mapping of fields (name, entity, country, basis, services)"),
    )
    assert not Path("/tmp/vendors-yaml-ran").exists()


def test_the_shipped_jurisdictions_are_consistent():
    jurisdictions = load_jurisdictions()
    assert len(jurisdictions.countries) == 249
    assert len(jurisdictions.eu_eea & {"AT", "DE", "DK", "SE", "IS", "LI", "NO"}) == 7
    assert jurisdictions.is_third_country("GB") and jurisdictions.is_third_country("CH")
    assert not jurisdictions.is_third_country("DK")
    assert {"GB", "CH", "JP", "KR", "US"} <= jurisdictions.adequacy.keys()
    assert isinstance(jurisdictions.adequacy_checked, dt.date)
    # Every country the data names is one that Babel can name in both languages.
    from babel import Locale

    for language in ("da", "en"):
        territories = Locale.parse(language).territories
        assert not [code for code in jurisdictions.countries if code not in territories]


def test_inconsistent_jurisdiction_data_is_refused(tmp_path):
    countries = read_country_codes(Path(__file__).parent.parent / "_ext" / "vendors" / "data" / "iso3166-1-alpha2.txt")
    data = {
        "eu_eea": {"checked": "2026-11-25", "members": ["DK"]},
        "adequacy": {"checked": "2026-11-25", "countries": {"DK": {"decision": "x"}}},
    }
    with pytest.raises(ValueError, match="'DK' is in the EU/EEA"):
        parse_transfers(data, countries)
    data["adequacy"]["countries"] = {"UK": {"decision": "x"}}
    with pytest.raises(ValueError, match="'UK' is not an ISO 3166-1 alpha-2 code"):
        parse_transfers(data, countries)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "vendors:\n  - name: A\x07cme\n",
            Problem(
                2, 12, "syntax", "YAML syntax error: unacceptable character #x0007: special characters are not allowed"
            ),
        ),
        (
            "vendors:\n\t- name: Acme\n",
            Problem(
                2,
                1,
                "syntax",
                "YAML syntax error: found character '\\t' that cannot start any token "
                "(while scanning for the next token)",
            ),
        ),
        (
            "vendors: []\n---\nvendors: []\n",
            Problem(
                2,
                1,
                "syntax",
                "YAML syntax error: but found another document "
                "(expected a single document in the stream started at line 1)",
            ),
        ),
        ("vendors: []\n", Problem(1, 10, "missing_field", "field 'vendors' in the file is an empty list")),
        ("- Acme\n", Problem(1, 1, "type", "the file must be a mapping of fields (vendors)")),
    ],
    ids=["control-character", "tab-indent", "two-documents", "no-vendors", "not-a-mapping"],
)
def test_other_unreadable_files_are_one_problem(text, expected):
    assert parse_registry(text, load_jurisdictions()).problems == (expected,)
