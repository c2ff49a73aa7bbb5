"""The front page's overview links the machine-readable notice, in one whole translatable sentence.

The sentence goes right after the overview's summary ("This is a summary. The
full privacy policy below applies."), in HTML builds only: a PDF has no
``notice.jsonld`` beside it. ``{link}`` and ``{end}`` in the sentence enclose the
words of the link, so translators keep the sentence whole and place the link.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.osutil import relative_uri

MESSAGE_CATALOG = "notice"
_ = get_translation(MESSAGE_CATALOG)

#: The class of the overview's summary paragraph (_ext/transparency/overview.py).
SUMMARY_CLASS = "transparency-summary"


def linked_sentence(template: str, refuri: str) -> nodes.paragraph:
    """*template* as a paragraph whose words between ``{link}`` and ``{end}`` link to *refuri*."""
    before, words, after = re.fullmatch(r"(.*)\{link\}(.*)\{end\}(.*)", template, flags=re.DOTALL).groups()
    link = nodes.reference(words, words, refuri=refuri, internal=True, type="application/ld+json")
    return nodes.paragraph("", "", nodes.Text(before), link, nodes.Text(after), classes=["notice-link"],
                           translatable=False)


class LinkFromOverview(SphinxPostTransform):
    """Add the sentence that links ``notice.jsonld`` after the overview's summary."""

    default_priority = 900
    builders = ("html",)

    def run(self, **kwargs: object) -> None:
        name = self.config.notice_file
        if not name:
            return
        for summary in list(self.document.findall(nodes.paragraph)):
            if SUMMARY_CLASS not in summary["classes"]:
                continue
            # The html builder's URI of the page, as its get_target_uri gives it.
            suffix = self.config.html_link_suffix or self.config.html_file_suffix or ".html"
            refuri = relative_uri(self.env.docname + suffix, name)
            sentence = str(_("This summary and the policy are also published as a {link}machine-readable "
                             "version{end} (W3C Data Privacy Vocabulary, JSON-LD), for programs that read "
                             "privacy notices."))
            summary.parent.insert(summary.parent.index(summary) + 1, linked_sentence(sentence, refuri))
