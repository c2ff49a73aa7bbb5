"""The page of cited provisions: ``{gdpr-cited}`` and the content it becomes.

The directive leaves a titled section with a :class:`cited_provisions`
placeholder. On ``doctree-resolved``, when every document has been read (and,
in a parallel build, merged), the placeholder becomes the list: each provision
the policy cites, in article order, with its official title, its official text
in the reader's language and a back-link to every place that cites it; then
the credit the regulation's reuse terms ask for.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .citations import _, article_url, point_label, provision_heading
from .domain import Citation, GDPRDomain, cited_provisions
from .regulation import (
    ArticleText,
    Point,
    Subparagraph,
    data_language,
    load_text,
    text_file,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import OptionSpec

    from .references import Provision

EURLEX_HOME = "https://eur-lex.europa.eu/"


class CitedProvisionsDirective(SphinxDirective):
    """``{gdpr-cited}``: a section titled "GDPR provisions cited in this policy", filled in late."""

    has_content = False
    option_spec: ClassVar[OptionSpec] = {}

    def run(self) -> list[Node]:
        title = str(_("GDPR provisions cited in this policy"))
        section = nodes.section(ids=["gdpr-cited-provisions"], classes=["gdpr-cited"])
        # The words come from the extension's catalog: not for the project's .po files.
        section += nodes.title(title, title, translatable=False)
        section += nodes.paragraph(
            "",
            str(
                _(
                    "This page quotes, in their official wording and in article order, the provisions "
                    "of the General Data Protection Regulation that this policy cites. Under each "
                    "provision are links back to the places in the policy that cite it."
                )
            ),
            translatable=False,
        )
        placeholder = cited_provisions("")
        self.set_source_info(placeholder)
        section += placeholder
        self.env.note_dependency(text_file(data_language(self.config.language)))
        return [section]


# -- Filling in the placeholder ---------------------------------------------------


def reading_order(env: BuildEnvironment) -> dict[str, int]:
    """Each document's position in the toctree, depth first from the root; others after."""
    order: dict[str, int] = {}

    def visit(docname: str) -> None:
        if docname in order:
            return
        order[docname] = len(order)
        for child in env.toctree_includes.get(docname, ()):
            visit(child)

    visit(env.config.root_doc)
    for docname in sorted(env.found_docs):
        order.setdefault(docname, len(order))
    return order


def citations_by_provision(
    citations: dict[str, list[Citation]], order: dict[str, int]
) -> list[tuple[Provision, list[Citation]]]:
    """Every provision cited, in article order, with its citations in reading order."""
    grouped: dict[Provision, list[Citation]] = defaultdict(list)
    for docname in sorted(citations, key=lambda name: (order.get(name, len(order)), name)):
        for citation in citations[docname]:
            for provision in citation.reference.provisions:
                grouped[provision].append(citation)
    return sorted(grouped.items(), key=lambda item: item[0].sort_key)


def _text_nodes(template: str, **links: nodes.Node) -> list[nodes.Node]:
    """*template* as nodes, each ``{name}`` replaced by ``links[name]``."""
    result: list[nodes.Node] = []
    for index, piece in enumerate(re.split(r"\{(\w+)\}", template)):
        if index % 2:
            result.append(links[piece])
        elif piece:
            result.append(nodes.Text(piece))
    return result


def _points(points: Iterable[Point], only: str | None = None, only_sub: str | None = None) -> nodes.container:
    box = nodes.container(classes=["gdpr-points"])
    for point in points:
        if only is not None and point.label != only:
            continue
        paragraph = nodes.paragraph()
        paragraph += nodes.inline("", point_label(point.label), classes=["gdpr-label"])
        paragraph += nodes.Text(" " + point.text)
        box += paragraph
        if point.points:
            box += _points(point.points, only=only_sub)
    return box


def _subparagraph(
    subparagraph: Subparagraph, number: str | None, only: str | None = None, only_sub: str | None = None
) -> list[nodes.Node]:
    """One subparagraph of the official text; with *only*, just that point after the lead-in."""
    result: list[nodes.Node] = []
    prefix = f"{number}. " if number else ""
    if subparagraph.text or prefix:
        result.append(nodes.paragraph("", prefix + subparagraph.text))
    if subparagraph.points:
        result.append(_points(subparagraph.points, only, only_sub))
    if subparagraph.indents and only is None:
        indents = nodes.container(classes=["gdpr-indents"])
        for indent in subparagraph.indents:
            indents += nodes.paragraph("", "— " + indent)
        result.append(indents)
    if subparagraph.text_after and only is None:
        result.append(nodes.paragraph("", subparagraph.text_after))
    return result


def official_text(article: ArticleText, provision: Provision) -> nodes.block_quote:
    """The official text of *provision*: a whole article, a paragraph, or a point with its lead-in."""
    quote = nodes.block_quote(classes=["gdpr-text"])
    paragraphs = (
        {provision.paragraph: article.paragraphs[provision.paragraph]}
        if provision.paragraph is not None
        else article.paragraphs
    )
    for number, subparagraphs in paragraphs.items():
        for index, subparagraph in enumerate(subparagraphs):
            if provision.point is not None and provision.point not in {p.label for p in subparagraph.points}:
                continue
            shown_number = str(number) if article.numbered_paragraphs and index == 0 else None
            quote += _subparagraph(subparagraph, shown_number, provision.point, provision.subpoint)
    if provision.paragraph is None and provision.point is None:
        for footnote in article.footnotes:
            quote += nodes.paragraph("", footnote, classes=["gdpr-footnote"])
    return quote


def backlink(builder: Builder, fromdocname: str, citation: Citation) -> nodes.reference:
    """A link to the citing link itself, titled with the heading of the section it is in."""
    # Keep only the page of the builder's URI: a single-page builder already
    # answers "#document-<name>", and the citation's id is unique on that page.
    page = builder.get_relative_uri(fromdocname, citation.docname).partition("#")[0]
    return nodes.reference("", citation.context, internal=True, refuri=f"{page}#{citation.node_id}")


def _provision_id(provision: Provision) -> str:
    return nodes.make_id("gdpr-" + provision.canonical)


def _entry(
    provision: Provision,
    citations: list[Citation],
    *,
    language: str,
    url_pattern: str,
    builder: Builder,
    fromdocname: str,
) -> list[nodes.Node]:
    article = load_text(language)[provision.article]
    heading_text = str(_("{provision} – {title}")).format(
        provision=provision_heading(provision), title=article.title
    )
    heading = nodes.rubric(heading_text, heading_text, ids=[_provision_id(provision)])
    heading["heading-level"] = 2
    result: list[nodes.Node] = [heading, official_text(article, provision)]

    cited_in = nodes.paragraph("", str(_("Cited in this policy:")), classes=["gdpr-cited-in"])
    backlinks = nodes.bullet_list(classes=["gdpr-backlinks"])
    for citation in citations:
        backlinks += nodes.list_item("", nodes.paragraph("", "", backlink(builder, fromdocname, citation)))
    result += [cited_in, backlinks]

    eurlex_text = str(_("Article {article} on EUR-Lex")).format(article=provision.article)
    eurlex = nodes.reference(
        "", eurlex_text, internal=False, refuri=article_url(url_pattern, language, provision.article)
    )
    result.append(nodes.paragraph("", "", eurlex, classes=["gdpr-eurlex"]))
    return result


def credit() -> nodes.container:
    """The acknowledgement that Commission Decision 2011/833/EU asks for when the text is reused."""
    box = nodes.container(classes=["gdpr-credit"])
    heading = str(_("Source of the regulation's text"))
    box += nodes.rubric(heading, heading, ids=["gdpr-source"])
    box[-1]["heading-level"] = 2
    box += nodes.paragraph(
        "",
        str(
            _(
                "The text of the regulation is quoted from Regulation (EU) 2016/679 of the European "
                "Parliament and of the Council (General Data Protection Regulation), OJ L 119, 4.5.2016, "
                "p. 1, as corrected by OJ L 127, 23.5.2018, p. 2, in the consolidated version published "
                "by the Publications Office of the European Union."
            )
        ),
    )
    eurlex = nodes.reference("", EURLEX_HOME, internal=False, refuri=EURLEX_HOME)
    box += nodes.paragraph(
        "",
        "",
        *_text_nodes(
            str(
                _(
                    "© European Union, {eurlex}. Reused in accordance with Commission Decision "
                    "2011/833/EU on the reuse of Commission documents."
                )
            ),
            eurlex=eurlex,
        ),
    )
    box += nodes.paragraph(
        "", str(_("Only the text published in the Official Journal of the European Union is authentic."))
    )
    return box


def fill_in_cited_provisions(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: replace each placeholder with the list of cited provisions."""
    placeholders = list(doctree.findall(cited_provisions))
    if not placeholders:
        return
    env = app.env
    domain: GDPRDomain = env.domains["gdpr"]  # type: ignore[assignment]
    language = data_language(app.config.language)
    provisions = citations_by_provision(domain.citations, reading_order(env))
    for placeholder in placeholders:
        content: list[nodes.Node] = []
        for provision, citations in provisions:
            content += _entry(
                provision,
                citations,
                language=language,
                url_pattern=app.config.gdpr_url,
                builder=app.builder,
                fromdocname=docname,
            )
        if not provisions:
            content.append(nodes.paragraph("", str(_("This policy cites no provisions of the GDPR."))))
        content.append(credit())
        placeholder.replace_self(content)


def rewrite_listing_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: a changed citation anywhere changes the list, so always rewrite it."""
    domain: GDPRDomain = env.domains["gdpr"]  # type: ignore[assignment]
    return sorted(domain.listing_pages)
