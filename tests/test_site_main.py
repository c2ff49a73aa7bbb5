"""``make site`` on a fresh clone of this repository without any tag: both dated versions, from the ledger.

The published text (2026-11-24, commit cb74824) and the corrected text
(2026-12-01, commit 604f12e) are in ``policy/versions.yaml``; a clone of main
has no tags. The site must still hold both, in Danish and English, HTML and
PDF; ``current/`` is 2026-12-01; the 2026-11-24 pages carry the published text
word for word (tests/fixtures/privatlivspolitik-da.txt, uncorrected).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.htmltext import article_text
from tests.support.published import PAGES_IN_ORDER, SOURCE_TEXT, missing_blocks, source_blocks, split_vendor_blocks
from tests.support.synthetic import run_git
from tools.project import REPO_ROOT

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def main_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("main-site")
    head = run_git(REPO_ROOT, "rev-parse", "HEAD").strip()
    run_git(base, "clone", "-q", "--no-tags", "--no-checkout", str(REPO_ROOT), "repo")
    run_git(base / "repo", "checkout", "-q", head)
    assert run_git(base / "repo", "tag", "--list") == ""
    process = subprocess.run(
        [sys.executable, "-m", "tools.sitebuild", "--repo", str(base / "repo"), "--out", str(base / "site"),
         "--cache", str(base / "cache"), "--build-date", "2026-12-02"],
        cwd=REPO_ROOT, capture_output=True, check=False, encoding="utf-8",
    )
    assert process.returncode == 0, process.stderr
    assert "2 version(s): built 2 (2026-11-24, 2026-12-01), cached 0" in process.stderr
    return base / "site"


def reading_text(site: Path, version: str) -> str:
    return " ".join(article_text((site / "da" / version / page).read_text(encoding="utf-8")) for page in PAGES_IN_ORDER)


def test_both_versions_in_both_languages_html_and_pdf(main_site: Path) -> None:
    for language in ("da", "en"):
        for version in ("2026-11-24", "2026-12-01"):
            assert (main_site / language / version / "index.html").is_file()
            assert (main_site / language / version / f"privatlivspolitik-{version}-{language}.pdf").is_file()
    catalog = json.loads((main_site / "versions.json").read_text(encoding="utf-8"))
    assert [(v["date"], v["status"], v["commit"][:7]) for v in catalog["versions"]] == [
        ("2026-11-24", "superseded", "cb74824"), ("2026-12-01", "in-force", "604f12e")]


def test_current_is_the_corrected_text(main_site: Path) -> None:
    assert (main_site / "da" / "current" / "privatlivspolitik-2026-12-01-da.pdf").is_file()
    assert reading_text(main_site, "current") == reading_text(main_site, "2026-12-01")


def test_the_published_version_carries_the_published_text_word_for_word(main_site: Path) -> None:
    strict, _vendor_list = split_vendor_blocks(source_blocks(SOURCE_TEXT.read_text(encoding="utf-8")))
    assert missing_blocks(strict, reading_text(main_site, "2026-11-24")) == []
    # The corrected version does differ from it: the check can fail.
    assert missing_blocks(strict, reading_text(main_site, "2026-12-01")) != []


@pytest.mark.filterwarnings("ignore:.*deprecated:DeprecationWarning")  # rdflib's JSON-LD parser
@pytest.mark.parametrize("language", ["da", "en"])
def test_current_notice_of_a_fresh_clone(main_site: Path, language: str) -> None:
    """The issue's "done when": make site on a fresh clone writes <lang>/current/notice.jsonld, and it holds
    one process per activity, the five-year bookkeeping retention and the seven vendors with their countries."""
    import rdflib

    from notice.vocabulary import load_vocabulary
    from tools.sitebuild.notices import read_data

    dpv = rdflib.Namespace("https://w3id.org/dpv#")
    path = main_site / language / "current" / "notice.jsonld"
    graph = rdflib.Graph().parse(path, format="json-ld")
    vocabulary = load_vocabulary()
    namespaces = tuple(vocabulary.prefixes.values())
    dpv_iris = {str(t) for triple in graph for t in triple if isinstance(t, rdflib.URIRef)
                and str(t).startswith(namespaces) and not str(t).startswith(("http://www.w3.org", "http://purl.org"))}
    assert dpv_iris and dpv_iris <= vocabulary.concepts
    identifiers = [str(graph.value(p, rdflib.URIRef("http://purl.org/dc/terms/identifier")))
                   for p in graph.objects(None, dpv.hasProcess)]
    assert sorted(identifiers) == sorted(a.id for a in read_data(REPO_ROOT).processing.activities)
    durations = {str(d) for d in graph.objects(None, rdflib.RDF.value)}
    assert "P5Y" in durations
    countries = sorted(str(graph.value(p, dpv.hasCountry)).rsplit("#", 1)[1]
                       for p in graph.objects(None, dpv.hasDataProcessor))
    assert countries == ["GB", "US", "US", "US", "US", "US", "US"]
    catalog = json.loads((main_site / "versions.json").read_text(encoding="utf-8"))
    first, second = catalog["versions"]
    assert (first["valid_from"], first["valid_until"], second["valid_until"]) == ("2026-11-24", "2026-11-30", None)
    assert second["notice"][language]["url"] == f"{language}/2026-12-01/notice.jsonld"
    # current/ holds the version in force's notice; only the link to the source language's differs.
    current, dated = (json.loads(notice.read_text(encoding="utf-8"))
                      for notice in (path, main_site / second["notice"][language]["url"]))
    if language == "en":
        assert current.pop("schema:translationOfWork")["@id"] == "../../da/current/notice.jsonld"
        assert dated.pop("schema:translationOfWork")["@id"] == "../../da/2026-12-01/notice.jsonld"
    assert current == dated


def test_the_readmes_point_in_time_example_on_the_published_versions(main_site: Path, tmp_path: Path,
                                                                       monkeypatch, capsys) -> None:
    """The README's answer for 27 November 2026, a date inside the first version, is the first version's notice."""
    from tests.support.readme import POINT_IN_TIME, python_example

    (tmp_path / "_build").mkdir()
    (tmp_path / "_build" / "site").symlink_to(main_site)
    monkeypatch.chdir(tmp_path)
    exec(compile(python_example(POINT_IN_TIME), "README.md", "exec"), {})  # noqa: S102 (as readers run it)
    assert capsys.readouterr().out == "da/2026-11-24/notice.jsonld\n"
