"""The ``{gdpr}`` role: a checked, localised link to a provision of the GDPR.

Modelled on Sphinx's ``:pep:`` role (``sphinx.roles.PEP``): parse, validate,
link, and on bad input warn with the file and line and return a problematic
node, never raise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import ReferenceRole

from .citations import article_url, citation_text, reference_title
from .references import GDPRReferenceError, parse_reference
from .regulation import STRUCTURE_FILE, data_language, load_structure

if TYPE_CHECKING:
    from docutils.nodes import Node, system_message

logger = logging.getLogger(__name__)

#: The attribute on a reference node that holds the provision it cites, in the
#: role's own syntax ("6(1)(a)"). The domain collects citations by it.
CITATION_ATTRIBUTE = "gdpr_citation"


class GDPRRole(ReferenceRole):
    """``{gdpr}`6(1)(a)``, ``{gdpr}`~20-21``, ``{gdpr}`the consent rules <7>``."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        try:
            reference = parse_reference(self.target, load_structure())
            if reference.short and self.has_explicit_title:
                raise GDPRReferenceError(
                    "'~' leaves out the regulation's name from the role's own text; "
                    "with a text of your own, write the target without it"
                )
        except GDPRReferenceError as error:
            logger.warning(
                "invalid GDPR reference %r: %s",
                self.target,
                error,
                location=self.get_location(),
                type="gdpr",
                subtype="reference",
            )
            return [nodes.problematic(self.rawtext, self.rawtext)], []

        self.env.note_dependency(STRUCTURE_FILE)
        language = data_language(self.config.language)
        text = self.title if self.has_explicit_title else citation_text(reference)
        node = nodes.reference(
            self.rawtext,
            text,
            internal=False,
            refuri=article_url(self.config.gdpr_url, language, reference.first.article),
            reftitle=reference_title(reference, language),
            classes=["gdpr"],
            # Unique across documents, as a single-page build (and the PDF) puts them all on one page.
            ids=[nodes.make_id(f"gdpr-{self.env.docname}-{self.env.new_serialno('gdpr-citation')}")],
        )
        node[CITATION_ATTRIBUTE] = reference.canonical
        self.set_source_info(node)
        return [node], []
