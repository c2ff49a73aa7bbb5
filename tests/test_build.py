"""The draft builds cleanly; each released version says, word for word, what was published.

Faithfulness guards the released versions, not the draft. The first version in
the ledger (``policy/versions.yaml``, read by its own parser) is built from its
commit's tree, with its own ``conf.py`` and ``_ext/``, and must say what the
published text says (``tests/fixtures/privatlivspolitik-da.txt``). Each later version with declared
corrections (``tests/fixtures/corrections.yaml``) must say what the version
before it says with those corrections made, and nothing else. The working tree
is free to change: it must build without a warning, and its changes are
reviewed in ``make redline``.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from tests.support.build import FIXTURES, PROJECT_ROOT
from tests.support.htmltext import article_text, normalise_space
from tools.sitebuild.ledger_repo import read_ledger

SOURCE_TEXT = FIXTURES / "privatlivspolitik-da.txt"
CORRECTIONS = FIXTURES / "corrections.yaml"

# Built pages in reading order, as the toctree in index.md lists them.
PAGES_IN_ORDER = (
    "index.html",
    "policy/privatlivspolitik.html",
    "policy/formaal-og-retsgrundlag.html",
    "policy/opbevaringsperiode.html",
    "policy/modtagere.html",
    "policy/rettigheder.html",
    "policy/klage.html",
)


def released_versions() -> list[dict[str, str]]:
    """The ledger's versions, oldest first, as ``{"date": "YYYY-MM-DD", "commit": sha}``."""
    ledger = read_ledger(PROJECT_ROOT)
    assert ledger is not None and not ledger.problems, [problem.format() for problem in ledger.problems]
    return [{"date": entry.name, "commit": entry.commit} for entry in ledger.entries]


def declared_corrections() -> dict[str, list[dict]]:
    """The corrections each version after the first made, by the version's date."""
    fixture = yaml.safe_load(CORRECTIONS.read_text(encoding="utf-8"))
    return {str(version["date"]): version["corrections"] for version in fixture["versions"]}


def apply_corrections(published: str, corrections: list[dict]) -> str:
    """*published* with each correction made; a correction that does not match exactly fails."""
    text = published
    for correction in corrections:
        expected = correction.get("count", 1)
        found = text.count(correction["published"])
        if found != expected:
            raise AssertionError(f"correction {correction['why']!r}: published wording found {found} times, not {expected}")
        text = text.replace(correction["published"], correction["corrected"])
    return text


def expected_texts() -> dict[str, str]:
    """The Danish text of each version the fixtures describe, by date: the first
    version's is the published text, each next one's the one before, corrected."""
    versions = [version["date"] for version in released_versions()]
    corrections = declared_corrections()
    texts = {versions[0]: SOURCE_TEXT.read_text(encoding="utf-8")}
    for previous, date in zip(versions, versions[1:]):
        if date not in corrections:
            break
        texts[date] = apply_corrections(texts[previous], corrections[date])
    return texts


EXPECTED = expected_texts()
FIRST_VERSION = next(iter(EXPECTED))


def expected_text() -> str:
    """The Danish text of the latest version the fixtures describe (the published text, corrected)."""
    return list(EXPECTED.values())[-1]


def source_blocks(text: str) -> list[str]:
    """The published text's paragraphs and headings: blocks split at blank lines."""
    return [normalise_space(block) for block in re.split(r"\n\s*\n", text) if block.strip()]


def missing_blocks(blocks: list[str], reading_text: str) -> list[str]:
    """Blocks that do not appear in *reading_text* in the given order, as whole words
    ("3. Opbevaringsperiod" is not found in "3. Opbevaringsperiode")."""
    missing = []
    position = 0
    for block in blocks:
        found = re.compile(rf"(?<!\w){re.escape(block)}(?!\w)").search(reading_text, position)
        if found is None:
            missing.append(block)
        else:
            position = found.end()
    return missing


def site_reading_text(outdir: Path) -> str:
    return " ".join(article_text((outdir / page).read_text(encoding="utf-8")) for page in PAGES_IN_ORDER)


@pytest.fixture(scope="module")
def released_html(tmp_path_factory) -> dict[str, Path]:
    """The Danish HTML of each version in :data:`EXPECTED`, built from its commit's tree as ``make site`` does."""
    from tools.sitebuild.unit import build_ref

    commits = {version["date"]: version["commit"] for version in released_versions()}
    workdir = tmp_path_factory.mktemp("released")

    def build(date: str) -> Path:
        try:
            return build_ref(PROJECT_ROOT, commits[date], workdir / date, language="da", builders=("html",)) / "html"
        except Exception as error:  # noqa: BLE001 (one line: which version, and why)
            pytest.fail(f"version {date} (commit {commits[date]}) did not build: {error}", pytrace=False)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(EXPECTED, pool.map(build, EXPECTED)))


def test_the_draft_builds_without_warnings(policy_build):
    build = policy_build("html")
    assert build.warnings == ""
    for page in PAGES_IN_ORDER:
        assert (build.outdir / page).is_file(), page


def test_corrections_follow_the_ledger():
    """Corrections are declared for the versions right after the first, in the ledger's order, none skipped."""
    versions = [version["date"] for version in released_versions()]
    declared = list(declared_corrections())
    assert declared == versions[1 : 1 + len(declared)]
    assert list(EXPECTED) == versions[: 1 + len(declared)]


# The one exception to word-for-word: section 4's list of vendors. The published
# text gives it as five paragraphs ("Microsoft Inc i USA" and its services, ...),
# between the transfer basis and section 5. The site renders the same facts from
# policy/vendors.yaml as a table, so those paragraphs cannot appear verbatim;
# test_published_vendors_are_the_table_rows checks them fact by fact instead.
# Every other block of the text stays strict, word for word and in order.
LAST_BLOCK_BEFORE_VENDORS = "Ved overførsel af personoplysninger til tredjelande,"
FIRST_BLOCK_AFTER_VENDORS = "5. Dine rettigheder"


def split_vendor_blocks(blocks: list[str]) -> tuple[list[str], list[str]]:
    """(the blocks checked word for word, the vendor-list blocks checked as table facts)."""
    start = next(i for i, block in enumerate(blocks) if block.startswith(LAST_BLOCK_BEFORE_VENDORS)) + 1
    end = blocks.index(FIRST_BLOCK_AFTER_VENDORS)
    return blocks[:start] + blocks[end:], blocks[start:end]


def strict_blocks(text: str) -> list[str]:
    return split_vendor_blocks(source_blocks(text))[0]


# Blocks of each version's text, and of them the ones checked word for word.
BLOCK_COUNTS = {
    "2026-11-24": (64, 59),
    "2026-12-01": (62, 57),  # less the repeated 4.2 heading and paragraph
}


@pytest.mark.parametrize("date", EXPECTED)
def test_only_the_vendor_list_is_exempt(date):
    blocks = source_blocks(EXPECTED[date])
    strict, vendor_blocks = split_vendor_blocks(blocks)
    assert (len(blocks), len(strict)) == BLOCK_COUNTS[date]
    assert [block.split(" i ")[0] for block in vendor_blocks] == [
        "Microsoft Inc",
        "Google Inc",
        "Meta Platforms Inc.",
        "TikTok Information Technologies UK Limited",
        "Active Campaign",
    ]
    assert all("Aftalevilkår findes her." in block for block in vendor_blocks)


@pytest.mark.parametrize("date", EXPECTED)
def test_each_released_version_says_its_text_word_for_word_in_order(released_html, date):
    assert missing_blocks(strict_blocks(EXPECTED[date]), site_reading_text(released_html[date])) == []


def published_vendor_services(text: str) -> list[dict[str, str]]:
    """Section 4's vendor list as facts: one dict per service, from the published text's own lines."""
    start = text.index("Microsoft Inc i USA")
    end = text.index("5. Dine rettigheder")
    services = []
    entity = place = ""
    for line in text[start:end].splitlines():
        line = normalise_space(line)
        if not line:
            continue
        if heading := re.fullmatch(r"(.+) i (\w+)", line):
            entity, place = heading.groups()
        elif item := re.fullmatch(r"(.+?) i (\w+): (.+?) (Aftalevilkår findes her\.)", line):
            # "Active Campaign i USA: Marketingsplatform. ...": no heading, the name is the entity.
            name, item_place, description, terms = item.groups()
            services.append({"entity": name, "place": item_place, "service": name, "description": description, "terms": terms})
        elif item := re.fullmatch(r"(.+?): (.+?) (Aftalevilkår findes her\.)", line):
            name, description, terms = item.groups()
            services.append({"entity": entity, "place": place, "service": name, "description": description, "terms": terms})
        else:
            raise AssertionError(f"unexpected line in the vendor list: {line!r}")
    return services


# How the table names the published places: Babel's Danish country names. The
# text says "England"; ISO 3166-1 has no code for England, so the data says GB,
# which Danish calls "Storbritannien".
PLACE_AS_COUNTRY = {"USA": "USA", "England": "Storbritannien"}


def vendor_table_mismatches(html: str, text: str) -> list[str]:
    """Vendor facts of *text* that section 4's table (in *html*) does not state, as readable lines."""
    from tests.support.vendors_support import table_grid

    published = published_vendor_services(text)
    tables = re.findall(r"<table\b.*?</table>", html, re.S)
    if len(tables) != 1:
        return [f"expected one table, found {len(tables)}"]
    header, *rows = table_grid(tables[0])
    mismatches = []
    header_texts = [cell["text"] for cell in header]
    if header_texts != ["Virksomhed", "Land", "Tjeneste", "Beskrivelse", "Overførselsgrundlag", "Aftalevilkår"]:
        mismatches.append(f"header: {header_texts}")
    if len(rows) != len(published):
        mismatches.append(f"{len(rows)} rows for {len(published)} published services")
    for fact, row in zip(published, rows):
        entity, country, service, description, basis, terms = (cell["text"] for cell in row)
        expected = (fact["entity"], PLACE_AS_COUNTRY[fact["place"]], fact["service"], fact["description"])
        if (entity, country, service, description) != expected:
            mismatches.append(f"{fact['service']}: {(entity, country, service, description)} != {expected}")
        # The text names the basis once for all vendors ("SCC'er ... samt Data Privacy Framework").
        if not basis.startswith("EU-Kommissionens standardkontraktbestemmelser (SCC’er) med supplerende foranstaltninger"):
            mismatches.append(f"{fact['service']}: basis {basis!r}")
        # "Aftalevilkår findes her.": the link where its address is known. The published
        # links were lost; a missing one is a notice of `make check` (tests/test_vendors_policy.py).
        link = row[5]["href"]
        if (terms, link.startswith("https://")) not in {("", False), (f"Aftalevilkår for {fact['service']}", True)}:
            mismatches.append(f"{fact['service']}: terms {terms!r} -> {link!r}")
    # The table stands where the list stood: after the transfer basis, before section 5.
    reading = article_text(html)
    if not 0 <= reading.index("samt Data Privacy Framework.") < reading.find("Virksomhed Land Tjeneste"):
        mismatches.append("the table is not after the transfer basis paragraph")
    return mismatches


@pytest.mark.parametrize("date", EXPECTED)
def test_published_vendors_are_the_table_rows(released_html, date):
    """Section 4's table states every published fact: entity, country, service, description, terms."""
    assert len(published_vendor_services(EXPECTED[date])) == 10
    html = (released_html[date] / "policy/modtagere.html").read_text(encoding="utf-8")
    assert vendor_table_mismatches(html, EXPECTED[date]) == []


@pytest.mark.parametrize(
    ("original", "altered"),
    [
        ("<p>Statistik på hjemmesiden.</p>", "<p>Statistik.</p>"),
        ("<p>Storbritannien</p>", "<p>Irland</p>"),
        ("<p>Meta Platforms Inc.</p>", "<p>Meta</p>"),
        (">Aftalevilkår for YouTube<", ">Aftalevilkår<"),
    ],
)
def test_vendor_check_catches_a_changed_fact(released_html, original, altered):
    html = (released_html[FIRST_VERSION] / "policy/modtagere.html").read_text(encoding="utf-8")
    assert html.count(original) == 1
    assert vendor_table_mismatches(html, EXPECTED[FIRST_VERSION]) == []
    assert len(vendor_table_mismatches(html.replace(original, altered), EXPECTED[FIRST_VERSION])) >= 1


@pytest.mark.parametrize(
    ("original", "altered"),
    [
        ("Vi beholder personoplysninger på debitorer og kreditorer i bogføringsmateriale i 5 år.", ""),
        ("i bogføringsmateriale i 5 år", "i bogføringsmateriale i 3 år"),
        ("Du har ret til at få urigtige oplysninger om dig selv rettet.", ""),
    ],
)
@pytest.mark.parametrize("date", EXPECTED)
def test_faithfulness_check_catches_a_changed_sentence(released_html, date, original, altered):
    """A released version built with one sentence dropped or changed fails the word-for-word check."""
    reading_text = site_reading_text(released_html[date])
    assert original in reading_text
    changed = missing_blocks(strict_blocks(EXPECTED[date]), reading_text.replace(original, altered))
    assert len(changed) == 1
    assert altered in changed[0] or original in changed[0]


@pytest.mark.parametrize("date", EXPECTED)
def test_headings_keep_the_published_numbering(released_html, date):
    html = (released_html[date] / "policy/formaal-og-retsgrundlag.html").read_text(encoding="utf-8")
    headings = [normalise_space(re.sub(r"<[^>]+>|¶", "", h)) for h in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", html, re.S)]
    assert headings == [
        "2. Formål og retsgrundlag for behandling og kategorier af personoplysninger",
        "2.1 Besøgende på hjemmesiden",
        "2.2 Nyhedsbrev",
        "2.3 Kunder",
        "2.4 Leads",
        "2.5 Generelle henvendelser",
        "2.6 Jobsøgere",
    ]


@pytest.mark.parametrize("date", EXPECTED)
def test_sections_carry_stable_labels(released_html, date):
    html = (released_html[date] / "policy/formaal-og-retsgrundlag.html").read_text(encoding="utf-8")
    for label in ("besoegende", "nyhedsbrev", "kunder", "leads", "henvendelser", "jobsoegere"):
        assert f'id="{label}"' in html, label


def test_the_draft_loads_nothing_from_other_hosts(policy_build):
    outdir = policy_build("html").outdir
    for page in PAGES_IN_ORDER:
        html = (outdir / page).read_text(encoding="utf-8")
        for attribute in re.findall(r'<(?:script|link|img|iframe)\b[^>]*>', html):
            assert not re.search(r'(?:src|href)="(?:https?:)?//', attribute), (page, attribute)


def test_corrections_are_exact_and_change_the_text():
    published = SOURCE_TEXT.read_text(encoding="utf-8")
    corrections = declared_corrections()["2026-12-01"]
    assert len(corrections) == 12
    corrected = apply_corrections(published, corrections)
    assert "Opbevaringsperide" in published and "Opbevaringsperide" not in corrected
    assert "4.2 WEXO som databehandler" not in corrected
    stale = [{"published": "Denne formulering findes ikke.", "corrected": "", "why": "stale"}]
    with pytest.raises(AssertionError, match="found 0 times, not 1"):
        apply_corrections(published, stale)
