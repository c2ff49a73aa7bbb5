"""The published text of the policy and the corrections each later version made, as the tests read them.

The first version in the ledger (``policy/versions.yaml``) must say what the
published text says (``tests/fixtures/privatlivspolitik-da.txt``); each later
version with declared corrections (``tests/fixtures/corrections.yaml``) what the
version before it says with those corrections made. Shared by tests/test_build.py
(each released version, built from its commit), tests/test_site_main.py (the
same versions built by ``make site``), tests/test_gdpr_policy.py and tests/test_i18n.py.
"""

from __future__ import annotations

import re
from pathlib import Path

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
