"""The whole policy builds cleanly and says, word for word, what the published text says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXTURES
from htmltext import article_text, normalise_space

SOURCE_TEXT = FIXTURES / "privatlivspolitik-da.txt"

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


def source_blocks(text: str) -> list[str]:
    """The published text's paragraphs and headings: blocks split at blank lines."""
    return [normalise_space(block) for block in re.split(r"\n\s*\n", text) if block.strip()]


def missing_blocks(blocks: list[str], reading_text: str) -> list[str]:
    """Blocks that do not appear in *reading_text* in the given order."""
    missing = []
    position = 0
    for block in blocks:
        found = reading_text.find(block, position)
        if found < 0:
            missing.append(block)
        else:
            position = found + len(block)
    return missing


def site_reading_text(outdir: Path) -> str:
    return " ".join(article_text((outdir / page).read_text(encoding="utf-8")) for page in PAGES_IN_ORDER)


def test_policy_builds_without_warnings(policy_build):
    build = policy_build("html")
    assert build.warnings == ""
    for page in PAGES_IN_ORDER:
        assert (build.outdir / page).is_file(), page


def test_every_published_block_appears_in_order(policy_build):
    blocks = source_blocks(SOURCE_TEXT.read_text(encoding="utf-8"))
    assert len(blocks) == 64
    assert missing_blocks(blocks, site_reading_text(policy_build("html").outdir)) == []


@pytest.mark.parametrize(
    ("original", "altered"),
    [
        ("Vi beholder personoplysninger på debitorer og kreditorer i bogføringsmateriale i 5 år.", ""),
        ("i bogføringsmateriale i 5 år", "i bogføringsmateriale i 3 år"),
        ("Du har ret til at få urigtige oplysninger om dig selv rettet.", ""),
    ],
)
def test_faithfulness_check_catches_a_changed_sentence(policy_build, original, altered):
    reading_text = site_reading_text(policy_build("html").outdir)
    assert original in reading_text
    blocks = source_blocks(SOURCE_TEXT.read_text(encoding="utf-8"))
    changed = missing_blocks(blocks, reading_text.replace(original, altered))
    assert len(changed) == 1
    assert altered in changed[0] or original in changed[0]


def test_headings_keep_the_published_numbering(policy_build):
    html = policy_build("html").read("policy/formaal-og-retsgrundlag.html")
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


def test_sections_carry_stable_labels(policy_build):
    html = policy_build("html").read("policy/formaal-og-retsgrundlag.html")
    for label in ("besoegende", "nyhedsbrev", "kunder", "leads", "henvendelser", "jobsoegere"):
        assert f'id="{label}"' in html, label


def test_pages_load_nothing_from_other_hosts(policy_build):
    outdir = policy_build("html").outdir
    for page in PAGES_IN_ORDER:
        html = (outdir / page).read_text(encoding="utf-8")
        for attribute in re.findall(r'<(?:script|link|img|iframe)\b[^>]*>', html):
            assert not re.search(r'(?:src|href)="(?:https?:)?//', attribute), (page, attribute)
