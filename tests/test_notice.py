"""The machine-readable notice (W3C DPV 2.3, JSON-LD): the DPV mapping's checks, the generator on the real
policy (rdflib, pySHACL with the project's shapes, every IRI in DPV's concept list), gaps never filled in,
a removed citation or vendor changing the notice, and ``make html``'s notice and head links."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest
import rdflib
from pyshacl import validate
from rdflib.namespace import RDF, RDFS

from notice.generator import Edition, notice_document, serialise
from notice.mapping import parse_mapping
from notice.text import section_citations
from notice.vocabulary import DPV_DIR, DPV_PREFIXES, load_vocabulary
from tests.support.build import app_lines
from tools.project import REPO_ROOT
from tools.sitebuild.notices import Tree, notice_text, read_data
from vendors.jurisdictions import load_jurisdictions
from vendors.registry import parse_registry

DPV = rdflib.Namespace("https://w3id.org/dpv#")
PD = rdflib.Namespace("https://w3id.org/dpv/pd#")
GDPR = rdflib.Namespace("https://w3id.org/dpv/legal/eu/gdpr#")
LOC = rdflib.Namespace("https://w3id.org/dpv/loc#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
SCHEMA = rdflib.Namespace("https://schema.org/")
SHAPES = REPO_ROOT / "_ext" / "notice" / "data" / "shapes.ttl"
BASE = "https://example.org/da/draft/notice.jsonld"
# rdflib 7.6's JSON-LD parser uses its own deprecated ConjunctiveGraph.
pytestmark = pytest.mark.filterwarnings("ignore:.*deprecated:DeprecationWarning")


# -- the mapping's checks: one table of cases -------------------------------------------

MAPPING_CASES = [
    pytest.param(
        "purposes:\n  - activity: leads\n    concepts: [dpv:Marketng]\n",
        "3:16: unknown DPV 2.3 concept 'dpv:Marketng' in the purposes of activity 'leads' "
        "(did you mean 'dpv:Marketing'?) [notice.unknown_concept]",
        id="unknown-concept",
    ),
    pytest.param(
        "purposes: []\npersonal_data:\n  - term: e-mail\n    concept: pd:EmailAdress\n",
        "4:14: unknown DPV 2.3 concept 'pd:EmailAdress' in term 'e-mail' of 'personal_data' "
        "(did you mean 'pd:EmailAddress'?) [notice.unknown_concept]",
        id="unknown-personal-data",
    ),
    pytest.param(
        "purposes: []\nsources:\n  - term: selv\n    concept: ex:Self\n",
        "4:14: 'ex:Self' in term 'selv' of 'sources' is not a DPV concept: write prefix:Name with a prefix of "
        "dpv, pd, eu-gdpr, legal-eu, legal-dk, loc [notice.unknown_prefix]",
        id="not-dpv",
    ),
    pytest.param(
        "purposes: []\npersonal_data:\n  - term: CV\n    concept: pd:Name\n    no_concept: none\n",
        "3:5: term 'CV' of 'personal_data' has both 'concept' and 'no_concept': give the DPV concept, "
        "or say with no_concept why DPV has none [notice.concept_or_none]",
        id="both",
    ),
    pytest.param(
        "purposes: []\npersonal_data:\n  - term: CV\n",
        "3:5: term 'CV' of 'personal_data' has neither 'concept' and 'no_concept': give the DPV concept, "
        "or say with no_concept why DPV has none [notice.concept_or_none]",
        id="neither",
    ),
    pytest.param(
        "purposes: []\ntransfer_bases:\n  - basis: privacy-shield\n    no_concept: gone\n",
        "3:12: unknown transfer basis 'privacy-shield' (vendors.yaml knows scc, dpf, adequacy, bcr, art49) "
        "[notice.unknown_basis]",
        id="unknown-basis",
    ),
    pytest.param(
        "purposes: []\npersonal_data:\n  - term: navn\n    concept: pd:Name\n  - term: Navn\n    concept: pd:Name\n",
        "5:5: term 'Navn' of 'personal_data' is given twice (first at line 3) [notice.duplicate]",
        id="duplicate-term",
    ),
    pytest.param(
        "purposes: []\ntransfer_bases:\n  - basis: scc\n    concept: eu-gdpr:A46-2-c\n  - basis: scc\n    no_concept: x\n",
        "5:5: transfer basis 'scc' is given twice (first at line 3) [notice.duplicate]",
        id="duplicate-basis",
    ),
    pytest.param(
        "purposes: []\npersonal_data:\n  - term: navn\n    concept: pd:Name\n    label: x\n",
        "5:5: unknown field 'label' in a term of 'personal_data' (allowed: term, concept, no_concept) "
        "[notice.unknown_field]",
        id="unknown-field",
    ),
]


@pytest.mark.parametrize(("text", "expected"), MAPPING_CASES)
def test_mapping_problems(text: str, expected: str) -> None:
    problems = parse_mapping(text).problems
    assert [p.format("dpv.yaml", "notice").removeprefix("dpv.yaml:") for p in problems] == [expected]


def test_the_policys_mapping_and_facts_are_complete() -> None:
    data = read_data(REPO_ROOT)
    assert data.problems() == []
    vocabulary = load_vocabulary()
    concepts = [c for cs in data.mapping.purposes.values() for c in cs]
    concepts += [t.concept for terms in data.mapping.terms.values() for t in terms if t.concept]
    assert concepts and all(vocabulary.exists(concept) for concept in concepts)
    # The DPF is the case DPV has no concept for: said so, never an invented IRI.
    assert data.mapping.transfer_bases["dpf"].concept is None
    assert "Data Privacy Framework" in data.mapping.transfer_bases["dpf"].no_concept


# -- the notice of the working tree, by the generator make site runs -----------------------


@pytest.fixture(scope="module")
def working_tree() -> Tree:
    return Tree(REPO_ROOT, None)


def notice_of(tree: Tree, language: str = "da") -> str:
    source = "../../da/draft/notice.jsonld" if language != "da" else None
    edition = Edition(version="draft", language=language, source_language="da", html="index.html",
                      pdf=f"privatlivspolitik-draft-{language}.pdf", source_notice=source)
    return notice_text(read_data(REPO_ROOT), tree, edition)


def graph_of(text: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=text, format="json-ld", base=BASE)


@pytest.fixture(scope="module", params=["da", "en"])
def notice(request: pytest.FixtureRequest, working_tree: Tree) -> tuple[str, rdflib.Graph]:
    text = notice_of(working_tree, request.param)
    return text, graph_of(text)


def processes(graph: rdflib.Graph) -> dict[str, rdflib.term.Node]:
    return {str(graph.value(p, DCT.identifier)): p for p in graph.objects(None, DPV.hasProcess)}


def test_notice_parses_and_conforms_to_the_projects_shapes(notice) -> None:
    _text, graph = notice
    conforms, _report, message = validate(graph, shacl_graph=str(SHAPES), shacl_graph_format="turtle")
    assert conforms, message


def test_every_dpv_iri_in_the_notice_exists_in_dpv_2_3(notice) -> None:
    _text, graph = notice
    vocabulary = load_vocabulary()
    namespaces = tuple(vocabulary.prefixes[prefix] for prefix in DPV_PREFIXES)
    iris = {str(term) for triple in graph for term in triple if isinstance(term, rdflib.URIRef)}
    used = sorted(iri for iri in iris if iri.startswith(namespaces))
    assert len(used) > 40
    assert [iri for iri in used if iri not in vocabulary.concepts] == []


def test_one_process_per_activity_with_the_texts_legal_bases(notice) -> None:
    _text, graph = notice
    data = read_data(REPO_ROOT)
    found = processes(graph)
    assert list(found) == [activity.id for activity in data.processing.activities]
    citations = {}
    for path in sorted((REPO_ROOT / "policy").glob("*.md")):
        citations.update(section_citations(path.read_text(encoding="utf-8")))
    cited = 0
    for activity in data.processing.activities:
        bases = {b for b in graph.objects(found[activity.id], DPV.hasLegalBasis) if isinstance(b, rdflib.URIRef)}
        # 6(1)(a) -> eu-gdpr:A6-1-a, for each point of Article 6(1) the activity's section cites.
        expected = {GDPR["A" + "-".join(re.findall(r"[0-9a-z]+", ref))]
                    for ref in citations[activity.section] if ref.startswith("6(1)(")}
        assert bases == (expected or {DPV.NotAvailable}), activity.id
        cited += bool(expected)
    assert cited == 6  # every activity of section 2 cites its point; section 3's bookkeeping cites none


def test_five_year_bookkeeping_retention_and_gaps_never_filled_in(notice) -> None:
    _text, graph = notice
    found = processes(graph)
    storage = graph.value(found["bookkeeping"], DPV.hasStorageCondition)
    assert (storage, RDF.type, DPV.StorageDuration) in graph
    duration = graph.value(graph.value(storage, DPV.hasDuration), RDF.value)
    assert (str(duration), duration.datatype) == ("P5Y", rdflib.XSD.duration)
    # The policy gives no purpose for customers and no period for cookie data: recorded as not available.
    assert list(graph.objects(found["customers"], DPV.hasPurpose)) == [DPV.NotAvailable]
    assert list(graph.objects(found["website-visitors"], DPV.hasStorageCondition)) == [DPV.NotAvailable]
    # The bookkeeping section cites no point of Article 6(1): no legal basis is invented.
    assert list(graph.objects(found["bookkeeping"], DPV.hasLegalBasis)) == [DPV.NotAvailable]


def test_seven_vendors_with_their_countries_and_transfer_bases(notice) -> None:
    _text, graph = notice
    vendors = {str(graph.value(p, DPV.hasName)): p for p in graph.objects(None, DPV.hasDataProcessor)}
    assert {name: graph.value(node, DPV.hasCountry) for name, node in vendors.items()} == {
        "Microsoft Inc": LOC.US, "Google Inc": LOC.US, "Meta Platforms Inc.": LOC.US,
        "TikTok Information Technologies UK Limited": LOC.GB, "Active Campaign": LOC.US, "Zapier": LOC.US,
        "Webflow": LOC.US,
    }
    bases = list(graph.objects(vendors["Microsoft Inc"], DPV.hasLegalBasis))
    assert GDPR["A46-2-c"] in bases
    # The Data Privacy Framework has no DPV concept: a transfer basis labelled with the text's words.
    dpf = [b for b in bases if isinstance(b, rdflib.BNode)]
    assert [(graph.value(b, RDF.type), str(graph.value(b, RDFS.label))) for b in dpf] == [
        (DPV.DataTransferLegalBasis, "Data Privacy Framework")]
    assert list(graph.objects(vendors["TikTok Information Technologies UK Limited"], DPV.hasLegalBasis)) == [
        GDPR["A46-2-c"]]


def test_rights_authority_controller_and_translation(notice) -> None:
    text, graph = notice
    document = json.loads(text)
    notice_node = rdflib.URIRef(BASE)
    assert set(graph.objects(notice_node, DPV.hasRight)) == {GDPR[f"A{n}"] for n in (15, 16, 17, 18, 20, 21, 77)}
    assert list(graph.objects(notice_node, DPV.hasAuthority)) == [rdflib.URIRef("https://w3id.org/dpv/legal/dk#DPA-DK")]
    controller = graph.value(notice_node, DPV.hasDataController)
    assert str(graph.value(controller, DPV.hasName)) == "WEXO A/S"
    newsletter = next(p for p in document["dpv:hasProcess"] if p["dct:identifier"] == "newsletter")
    labels = {label["@language"]: label["@value"] for label in newsletter["dpv:hasPurpose"]["rdfs:label"]}
    if document["dct:language"] == "en":
        assert document["schema:translationOfWork"] == {"@id": "../../da/draft/notice.jsonld",
                                                      "schema:inLanguage": "da"}
        # The Danish words, and their reviewed translation from the overview's catalog.
        assert set(labels) == {"da", "en"} and labels["da"].startswith("informere dig om")
    else:
        assert "schema:translationOfWork" not in document
        assert set(labels) == {"da"}


def test_byte_reproducible(working_tree: Tree) -> None:
    first = notice_of(working_tree)
    assert notice_of(Tree(REPO_ROOT, None)) == first
    assert first == serialise(json.loads(first))  # keys sorted, nothing but the document


# -- the text decides: a removed citation or vendor changes the notice -----------------------


def test_removing_a_citation_or_a_vendor_changes_the_notice(working_tree: Tree, tmp_path: Path) -> None:
    data = read_data(REPO_ROOT)
    edition = Edition(version="draft", language="da", source_language="da")

    def document(**changed) -> rdflib.Graph:
        inputs = {"processing": data.processing, "mapping": data.mapping, "vendors": working_tree.vendors,
                  "text": working_tree.text, "controller": working_tree.controller, "edition": edition, **changed}
        return graph_of(serialise(notice_document(**inputs)))

    before = document()
    # Section 2.1 without its {gdpr} citation: the visitors' process loses its legal basis.
    markdown = (REPO_ROOT / "policy" / "formaal-og-retsgrundlag.md").read_text(encoding="utf-8")
    uncited = markdown.replace("dit samtykke, jf. {gdpr}`6(1)(a)`.\n\n(nyhedsbrev)=", "dit samtykke.\n\n(nyhedsbrev)=")
    assert uncited != markdown
    from notice.text import policy_text

    files = {p.relative_to(REPO_ROOT).as_posix(): p.read_text(encoding="utf-8")
             for p in sorted((REPO_ROOT / "policy").glob("*.md"))}
    files["policy/formaal-og-retsgrundlag.md"] = uncited
    after = document(text=policy_text(files))
    assert list(before.objects(processes(before)["website-visitors"], DPV.hasLegalBasis)) == [GDPR["A6-1-a"]]
    assert list(after.objects(processes(after)["website-visitors"], DPV.hasLegalBasis)) == [DPV.NotAvailable]
    assert list(after.objects(processes(after)["newsletter"], DPV.hasLegalBasis)) == [GDPR["A6-1-a"]]
    # vendors.yaml without Webflow: six processors, and no process names it as a recipient.
    vendors_text = (REPO_ROOT / "policy" / "vendors.yaml").read_text(encoding="utf-8")
    without = vendors_text[: vendors_text.index("  - name: Webflow")]
    after = document(vendors=parse_registry(without, load_jurisdictions()))
    names = sorted(str(after.value(p, DPV.hasName)) for p in after.objects(None, DPV.hasDataProcessor))
    assert len(names) == 6 and "Webflow" not in names
    assert not any("webflow" in str(o) for o in after.objects(None, DPV.hasRecipient))
    assert any("webflow" in str(o) for o in before.objects(None, DPV.hasRecipient))


# -- make html: notice.jsonld and the link in every page's head -------------------------------


@pytest.mark.parametrize("language", ["da", "en"])
def test_make_html_writes_the_notice_and_every_page_links_it(policy_build, language: str) -> None:
    build = policy_build("html", language=language)
    outdir = build.outdir
    written = (outdir / "notice.jsonld").read_text(encoding="utf-8")
    # The same generator as make site's: the build's notice is the working tree's, without a version.
    expected = json.loads(notice_of(Tree(REPO_ROOT, None), language))
    for key in ("schema:version", "dct:hasFormat"):
        expected.pop(key)
    if language != "da":
        expected["schema:translationOfWork"]["@id"] = "../da/notice.jsonld"
    assert json.loads(written) == expected
    # The front page's overview links it, in one sentence of the page's language.
    front = lxml.html.parse(str(outdir / "index.html"))
    sentence = front.xpath('//p[@class="transparency-summary"]/following-sibling::p[1][@class="notice-link"]')
    assert len(sentence) == 1
    link = sentence[0].xpath("a")[0]
    assert link.get("href") == "notice.jsonld"
    assert link.text == {"da": "maskinlæsbar version", "en": "machine-readable version"}[language]
    assert sentence[0].text_content().startswith({"da": "Oversigten og politikken findes også i en",
                                                  "en": "This summary and the policy are also published as"}[language])
    pages = sorted(outdir.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        links = lxml.html.parse(str(page)).xpath('//head/link[@rel="alternate"][@type="application/ld+json"]/@href')
        assert len(links) == 1, page
        assert (page.parent / links[0]).resolve() == (outdir / "notice.jsonld").resolve(), page


# -- make check: the mapping's problems at its line ------------------------------------------


@pytest.mark.sphinx("html", testroot="notice", freshenv=True)
def test_an_unknown_concept_or_an_unmapped_quote_fails_at_its_line(app) -> None:
    app.build()
    assert app_lines(app) == [
        "SRC/dpv.yaml:3:16: WARNING: unknown DPV 2.3 concept 'dpv:DirectMarketting' in the purposes of activity "
        "'newsletter' (did you mean 'dpv:DirectMarketing'?) [notice.unknown_concept]",
        "SRC/processing.yaml:27:16: WARNING: the personal-data quote \"skostørrelse\" has no DPV concept in dpv.yaml "
        "(add a term to 'personal_data', with its concept or no_concept) [notice.unmapped]",
    ]
    document = json.loads((Path(app.outdir) / "notice.jsonld").read_text(encoding="utf-8"))
    process = document["dpv:hasProcess"][0]
    # A purpose whose concept is unknown keeps the text's words, as a plain dpv:Purpose.
    assert process["dpv:hasPurpose"] == {"@type": ["dpv:Purpose"],
                                         "rdfs:label": [{"@language": "da", "@value": "informere dig om nyheder"}]}
    assert process["dpv:hasStorageCondition"]["dpv:hasDuration"]["rdf:value"]["@value"] == "P2Y"


def test_the_dpv_copy_carries_its_licence_and_version() -> None:
    readme = (DPV_DIR / "README.md").read_text(encoding="utf-8")
    assert "**version 2.3**" in readme and "Copyright © 2026 World Wide Web Consortium" in readme
    assert (DPV_DIR / "LICENSE.md").is_file()
    assert len((DPV_DIR / "concepts.txt").read_text(encoding="utf-8").split()) == 7014


# -- make site's side: the data it refuses, a version's controller read without running its conf.py -----


def test_make_site_refuses_a_mapping_with_an_unknown_concept(tmp_path: Path) -> None:
    (tmp_path / "policy").mkdir()
    (tmp_path / "policy" / "processing.yaml").write_bytes((REPO_ROOT / "policy" / "processing.yaml").read_bytes())
    (tmp_path / "policy" / "dpv.yaml").write_text(
        "purposes:\n  - activity: leads\n    concepts: [dpv:Marketng]\n", encoding="utf-8")
    assert [str(problem) for problem in read_data(tmp_path).problems()] == [
        "policy/dpv.yaml:3:16: error: unknown DPV 2.3 concept 'dpv:Marketng' in the purposes of activity 'leads' "
        "(did you mean 'dpv:Marketing'?) [notice.unknown_concept]"]


def test_a_versions_controller_is_read_from_its_conf_py_without_running_it() -> None:
    from tools.project import config_literal

    conf = (REPO_ROOT / "conf.py").read_text(encoding="utf-8")
    assert config_literal(conf, "reader_controller")["name"] == "WEXO A/S"
    assert config_literal("import os\nreader_controller = dict(name=os.getcwd())\n", "reader_controller") is None
    assert config_literal("reader_controller = {\n", "reader_controller") is None


def test_fuzzy_or_empty_translations_never_label_a_notice() -> None:
    from notice.text import quote_translations

    po = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
          'msgid "navn"\nmsgstr "name"\n\n#, fuzzy\nmsgid "firma"\nmsgstr "firm"\n\nmsgid "CV"\nmsgstr ""\n')
    assert quote_translations(po) == {"navn": "name"}
