"""The legal editor's loop, end to end, as CONTRIBUTING.md gives it ("The editor's loop, step by step").

One fresh fixture repository (tests/support/editor_repo.py) goes through every
step, each a fixture that runs the step's command after the step before it
(numbered as in CONTRIBUTING.md; the pull request is a commit here, nothing is pushed):

1. edit a paragraph, then ``make check``;
2. ``make update-po``: the paragraph's English entry is fuzzy, with the old text as ``#| msgid``;
3. translate it and remove the fuzzy flag; ``make check`` again;
4. ``make redline``: the change is shown, and the summary says it is not material;
5. commit;
6. ``make release DATE=…``: a ledger entry (``policy/versions.yaml``, committed
   on top) and a tag on the checked commit;
7. ``make site`` on a day before the new version's date (it is upcoming: a banner
   on its pages, an announcement on the pages in force, and a feed entry from its
   release) and on a day after it (in force, in the feed; the old
   version superseded). These build every version (marked ``site``).

Each test checks what the editor would look at after its step.
"""

from __future__ import annotations

import lxml.html
import pytest
from babel.messages.pofile import read_po

from tests.support import editor_repo
from tools.sitebuild.ledger import parse_ledger

SOURCE = "policy/behandling.md"
CATALOG = "locale/en/LC_MESSAGES/policy/behandling.po"
OLD_DANISH = "Vi gemmer oplysningerne i 5 år efter sidste kontakt."
NEW_DANISH = "Vi gemmer oplysningerne i 3 år efter sidste kontakt."
OLD_ENGLISH = "We keep the information for 5 years after the last contact."
NEW_ENGLISH = "We keep the information for 3 years after the last contact."
RELEASE_DATE = "2026-12-15"
FIRST_FEED_ENTRY = ["Version of 24 November 2026: First version"]
SUMMARY = {"da": "Kortere opbevaring", "en": "Shorter retention"}


def entry(repo, msgid: str):
    """The catalog's entry for *msgid*, as a translator's tool reads it (Babel)."""
    with (repo / CATALOG).open("rb") as catalog:
        return read_po(catalog, abort_invalid=True)[msgid]


def succeeded(result) -> bool:
    return result.returncode == 0


# -- The steps, in order: each fixture is one step, after the one before ------------------


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """A fresh clone's worth of the policy: its first version released as v2026-11-24."""
    return editor_repo.create(tmp_path_factory.mktemp("editor-loop") / "repo")


@pytest.fixture(scope="module")
def step1_edit(repo):
    """1. Edit a paragraph of policy/behandling.md, then run ``make check``."""
    editor_repo.edit(repo, SOURCE, OLD_DANISH, NEW_DANISH)
    return editor_repo.make(repo, "check")


@pytest.fixture(scope="module")
def step2_update_po(repo, step1_edit):
    """2. Run ``make update-po``."""
    assert succeeded(step1_edit), step1_edit.stdout + step1_edit.stderr
    return editor_repo.make(repo, "update-po")


@pytest.fixture(scope="module")
def step3_translate(repo, step2_update_po):
    """3. Translate the fuzzy entry, remove its flag (and the old text), run ``make check``."""
    assert succeeded(step2_update_po), step2_update_po.stderr
    editor_repo.edit(
        repo,
        CATALOG,
        f'#, fuzzy\n#| msgid "{OLD_DANISH}"\nmsgid "{NEW_DANISH}"\nmsgstr "{OLD_ENGLISH}"',
        f'msgid "{NEW_DANISH}"\nmsgstr "{NEW_ENGLISH}"',
    )
    return editor_repo.make(repo, "check")


@pytest.fixture(scope="module")
def step4_redline(repo, step3_translate):
    """4. Run ``make redline`` (against the latest version)."""
    assert succeeded(step3_translate), step3_translate.stdout + step3_translate.stderr
    return editor_repo.make(repo, "redline")


@pytest.fixture(scope="module")
def step5_commit(repo, step4_redline):
    """5. Commit the edit and its translation (the pull request, merged)."""
    assert succeeded(step4_redline), step4_redline.stderr
    editor_repo.commit_all(repo, "Opbevaring: 3 år")
    return editor_repo.git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def step6_release(repo, step5_commit):
    """6. ``make release DATE=2026-12-15 SUMMARY_da=… SUMMARY_en=… MATERIAL=no``."""
    result = editor_repo.make(
        repo, "release", f"DATE={RELEASE_DATE}", f"SUMMARY_da={SUMMARY['da']}", f"SUMMARY_en={SUMMARY['en']}",
        "MATERIAL=no",
    )  # fmt: skip
    return result, step5_commit


def make_site(repo, build_date: str, name: str):
    """``make site BUILD_DATE=…``; the site is then moved to ``_build/<name>`` (the build cache stays)."""
    result = editor_repo.make(repo, "site", f"BUILD_DATE={build_date}", timeout=900)
    assert succeeded(result), result.stdout + result.stderr
    built = repo / "_build" / name
    (repo / "_build/site").rename(built)
    return built


@pytest.fixture(scope="module")
def step7_before(repo, step6_release):
    """7a. ``make site`` on a day before the new version's date."""
    result, _ = step6_release
    assert succeeded(result), result.stdout + result.stderr
    return make_site(repo, "2026-12-10", "site-before")


@pytest.fixture(scope="module")
def step7_after(repo, step7_before):
    """7b. ``make site`` on a day after it."""
    return make_site(repo, "2026-12-20", "site-after")


# -- What the editor sees after each step ----------------------------------------------------


def test_1_an_edited_paragraph_passes_make_check(repo, step1_edit):
    assert succeeded(step1_edit), step1_edit.stdout + step1_edit.stderr
    assert ": error: " not in step1_edit.stderr
    assert step1_edit.stderr.splitlines()[-1].startswith("check: 0 errors, ")
    # Until it is translated, English readers see the new Danish sentence.
    english = (repo / "_build/check/en/policy/behandling.html").read_text(encoding="utf-8")
    assert NEW_DANISH in english and OLD_ENGLISH not in english


def test_2_update_po_makes_the_entry_fuzzy_with_the_old_text(repo, step2_update_po):
    assert succeeded(step2_update_po), step2_update_po.stderr
    message = entry(repo, NEW_DANISH)
    assert message.fuzzy
    assert message.string == OLD_ENGLISH  # the old translation, to revise
    assert entry(repo, "1.1 Nyhedsbrev").string == "1.1 Newsletter"  # the rest is untouched
    # What the translator sees: the flag, and what the Danish said before ("#| msgid").
    text = (repo / CATALOG).read_text(encoding="utf-8")
    assert f'#, fuzzy\n#| msgid "{OLD_DANISH}"\nmsgid "{NEW_DANISH}"\nmsgstr "{OLD_ENGLISH}"\n' in text
    # Only the catalog of the edited file changed.
    assert editor_repo.git(repo, "status", "--porcelain", "--", "locale").splitlines() == [f" M {CATALOG}"]


def test_2_a_fuzzy_entry_is_unfinished_for_a_release(repo, step2_update_po):
    result = editor_repo.make(repo, "check-po", "RELEASE=1")
    assert not succeeded(result)
    assert f"{CATALOG}:" in result.stdout + result.stderr
    assert "fuzzy: review the translation against the changed msgid" in result.stdout + result.stderr


def test_3_the_translated_entry_passes_make_check_and_is_published(repo, step3_translate):
    assert succeeded(step3_translate), step3_translate.stdout + step3_translate.stderr
    message = entry(repo, NEW_DANISH)
    assert not message.fuzzy
    assert message.string == NEW_ENGLISH
    assert OLD_DANISH not in (repo / CATALOG).read_text(encoding="utf-8")
    released = editor_repo.make(repo, "check-po", "RELEASE=1")
    assert succeeded(released), released.stdout + released.stderr
    english = (repo / "_build/check/en/policy/behandling.html").read_text(encoding="utf-8")
    assert NEW_ENGLISH in english and NEW_DANISH not in english


def section(page: str, label: str):
    found = lxml.html.document_fromstring(page).xpath(f'//section[@id="{label}"]')
    assert found, f"no section {label!r} in the redline"
    return found[0]


@pytest.mark.parametrize(("language", "old", "new"), [("da", "5", "3"), ("en", "5", "3")])
def test_4_redline_shows_the_change_in_both_languages(repo, step4_redline, language, old, new):
    assert succeeded(step4_redline), step4_redline.stdout + step4_redline.stderr
    page = (repo / f"_build/redline/{language}/index.html").read_text(encoding="utf-8")
    retention = section(page, "opbevaring")
    assert [node.text_content() for node in retention.iter("del")] == [old]
    assert [node.text_content() for node in retention.iter("ins")] == [new]
    # Nothing else changed.
    for label in ("behandling", "nyhedsbrev", "modtagere"):
        assert "redline-unchanged" in section(page, label).get("class"), label


def test_4_redline_summary_says_the_change_is_not_material(step4_redline):
    assert succeeded(step4_redline), step4_redline.stderr
    lines = step4_redline.stdout.splitlines()
    start = lines.index("Changes since v2026-11-24:")
    assert lines[start : lines.index("", start)] == [
        "Changes since v2026-11-24:",
        "Sections changed (1):",
        "  changed: 1.2 Opbevaring (#opbevaring; da, en)",
        "Vendors: no change.",
        "GDPR references: no change.",
        "Not a material change: the vendors and the GDPR provisions cited are the same.",
    ]



def test_6_release_adds_the_ledger_entry_and_tags_the_checked_commit(repo, step6_release):
    result, text = step6_release
    assert succeeded(result), result.stdout + result.stderr
    # The ledger entry, in a commit of its own on top of the checked text.
    assert editor_repo.git(repo, "rev-parse", "HEAD^").strip() == text
    assert editor_repo.git(repo, "diff", "--name-only", "HEAD^", "HEAD").split() == ["policy/versions.yaml"]
    ledger = parse_ledger((repo / "policy/versions.yaml").read_text(encoding="utf-8"))
    assert ledger.problems == ()
    assert [(entry.name, entry.commit, entry.material, dict(entry.summary)) for entry in ledger.entries[1:]] == [
        (RELEASE_DATE, text, False, SUMMARY)
    ]
    # The tag, annotated, on the checked text.
    assert editor_repo.git(repo, "tag", "--list").split() == [editor_repo.FIRST_TAG, f"v{RELEASE_DATE}"]
    assert editor_repo.git(repo, "cat-file", "-t", f"v{RELEASE_DATE}").strip() == "tag"
    assert editor_repo.git(repo, "rev-parse", f"v{RELEASE_DATE}^{{commit}}").strip() == text
    message = editor_repo.git(repo, "tag", "--list", "--format=%(contents)", f"v{RELEASE_DATE}")
    assert message.splitlines()[0] == SUMMARY["da"]
    assert "Not a material change: the vendors and the GDPR provisions cited are the same." in message
    assert "Material-change: yes" not in message
    assert editor_repo.git(repo, "status", "--porcelain") == ""


def notices(site, page: str) -> list[tuple[str, str, list[str]]]:
    """The status notices on a page of the built site: (kind, text, link targets)."""
    tree = lxml.html.parse(str(site / page))
    return [
        (node.get("class").split()[-1].removeprefix("site-notice-"), " ".join(node.text_content().split()),
         [link.get("href") for link in node.iter("a")])
        for node in tree.xpath('//div[contains(concat(" ", @class, " "), " site-notice ")]')
    ]  # fmt: skip


def feed_titles(site, language: str) -> list[str]:
    """The entries of the language's Atom feed, newest first, as a feed reader shows them."""
    import feedparser

    feed = feedparser.parse((site / language / "versions.atom").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    return [entry.title for entry in feed.entries]


def statuses(site, language: str = "da") -> str:
    return " ".join(lxml.html.parse(str(site / language / "versions.html")).xpath("//main")[0].text_content().split())


@pytest.mark.site
def test_7_before_its_date_the_new_version_is_upcoming_and_announced(step7_before):
    site = step7_before
    # The version in force is still the first; its pages announce the new one, with its redline.
    assert (site / "da/current/privatlivspolitik-2026-11-24-da.pdf").is_file()
    assert OLD_DANISH in (site / "da/current/policy/behandling.html").read_text(encoding="utf-8")
    assert notices(site, "da/current/policy/behandling.html") == [
        ("announcement", "En ny version træder i kraft den 15. december 2026. Se, hvad der ændres.",
         ["../../changes/2026-11-24_2026-12-15.html"]),
    ]  # fmt: skip
    assert notices(site, "en/current/index.html")[0][1] == "A new version takes effect on 15 December 2026. See what changes."
    # The new version's own pages say when it applies.
    assert notices(site, "da/2026-12-15/policy/behandling.html") == [
        ("upcoming", "Denne version træder i kraft den 15. december 2026. Indtil da gælder versionen af "
         "24. november 2026. Læs denne side i den gældende version.", ["../../current/policy/behandling.html"]),
    ]  # fmt: skip
    assert "15. december 2026 Kommende Gælder fra 15. december 2026 Kortere opbevaring" in statuses(site)
    assert "24. november 2026 Gældende" in statuses(site)
    # Released: the feed announces it from its release, ahead of its date, unmarked (not material).
    assert feed_titles(site, "en") == ["New version from 15 December 2026: Shorter retention", *FIRST_FEED_ENTRY]
    assert feed_titles(site, "da")[0] == "Ny version fra 15. december 2026: Kortere opbevaring"


@pytest.mark.site
def test_7_after_its_date_the_new_version_is_in_force_and_the_old_superseded(step7_after):
    site = step7_after
    assert (site / "da/current/privatlivspolitik-2026-12-15-da.pdf").is_file()
    assert NEW_DANISH in (site / "da/current/policy/behandling.html").read_text(encoding="utf-8")
    assert NEW_ENGLISH in (site / "en/current/policy/behandling.html").read_text(encoding="utf-8")
    assert notices(site, "da/current/policy/behandling.html") == []
    assert notices(site, "da/2026-11-24/policy/behandling.html") == [
        ("superseded", "Denne version gjaldt til og med 14. december 2026. Læs denne side i den gældende version.",
         ["../../current/policy/behandling.html"]),
    ]  # fmt: skip
    assert "15. december 2026 Gældende" in statuses(site)
    assert "24. november 2026 Afløst" in statuses(site)
    # In force: the feed lists it first.
    assert feed_titles(site, "en") == ["Version of 15 December 2026: Shorter retention", *FIRST_FEED_ENTRY]
    assert feed_titles(site, "da")[0] == "Versionen af 15. december 2026: Kortere opbevaring"
