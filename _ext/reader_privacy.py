"""Reader privacy: pages that tell no one else that they are being read.

* Every HTML page gets a Content-Security-Policy ``<meta>`` that lets it load
  only from its own site, and ``<meta name="referrer" content="no-referrer">``.
* Every link to another host carries ``rel="noopener noreferrer"``, so following
  it neither hands the page's address to that host nor gives it a handle on
  this window (Sphinx's HTML writer writes a reference node's ``rel``).

The policy is a string in ``reader_csp``; ``reader_referrer_policy`` is the
referrer policy. Both are validated once, on ``config-inited``.

``reader_csp_script_hashes`` (empty for the published site) allows inline
scripts by their hash only: ``make preview`` sets it to the hash of
sphinx-autobuild's reload script (``tools/editor/preview.py``), so the preview
reloads itself while every other inline script stays blocked.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from docutils import nodes
from markupsafe import Markup, escape
from sphinx.errors import ConfigError

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

# Everything from the site itself, nothing from anywhere else. "data:" images
# are allowed because Furo's stylesheet embeds its icons (e.g. the search
# field's magnifier) as data: URIs: they are part of the stylesheet, and a data:
# URI cannot reach any host. No inline script or style is allowed: the
# templates in _templates/ move Furo's inline bits into _static/ files.
DEFAULT_CSP = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'"
)
EXTERNAL_REL = "noopener noreferrer"
REFERRER_POLICIES = frozenset(
    {
        "no-referrer",
        "no-referrer-when-downgrade",
        "origin",
        "origin-when-cross-origin",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
        "unsafe-url",
    }
)
_UNSAFE_SOURCES = ("'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:")
_HASH_SOURCE = re.compile(r"'sha(?:256|384|512)-[A-Za-z0-9+/]+={0,2}'")


def csp_problems(policy: str) -> list[str]:
    """What is wrong with a Content-Security-Policy meant to allow only the site itself."""
    problems = []
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    if directives.get("default-src") != ["'self'"]:
        problems.append("default-src must be exactly 'self'")
    for name, sources in directives.items():
        for source in sources:
            if source.lower() in _UNSAFE_SOURCES or re.match(r"^(?:[a-z][a-z0-9+.-]*://|//)", source, re.IGNORECASE):
                problems.append(f"{name} allows {source}, which is not the site itself")
    return problems


def with_script_hashes(policy: str, hashes: str) -> str:
    """*policy* that also runs the inline scripts whose hash sources (``'sha256-…'``) are in *hashes*.

    >>> with_script_hashes("default-src 'self'", "'sha256-AbC='")
    "default-src 'self'; script-src 'self' 'sha256-AbC='"
    >>> with_script_hashes("default-src 'self'", "")
    "default-src 'self'"
    """
    if not hashes.split():
        return policy
    return f"{policy.rstrip('; ')}; script-src 'self' {' '.join(hashes.split())}"


def is_other_host(uri: str) -> bool:
    """True for a link that leaves the site: an absolute http(s) or protocol-relative URL."""
    parts = urlsplit(uri)
    return bool(parts.netloc) and parts.scheme.lower() in {"", "http", "https"}


def privacy_metatags(csp: str, referrer_policy: str) -> Markup:
    """The two ``<meta>`` elements every page carries, in HTML5 form."""
    return Markup(
        f'<meta http-equiv="Content-Security-Policy" content="{escape(csp)}">\n'
        f'    <meta name="referrer" content="{escape(referrer_policy)}">\n'
    )


def add_external_rel(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give every link to another host ``rel="noopener noreferrer"``.

    A late ``doctree-resolved`` handler rather than a post-transform, so that it
    also sees links that other extensions add on ``doctree-resolved`` (such as
    the EUR-Lex links of the gdpr extension's cited-provisions page).
    """
    for node in doctree.findall(nodes.reference):
        if is_other_host(node.get("refuri", "")):
            rel = node.get("rel", "").split()
            node["rel"] = " ".join(dict.fromkeys([*rel, *EXTERNAL_REL.split()]))


def validate_config(app: Sphinx, config: Config) -> None:
    problems = [f"reader_csp: {problem}" for problem in csp_problems(config.reader_csp)]
    problems += [f"reader_csp_script_hashes: {source!r} is not a hash source such as 'sha256-…'"
                 for source in config.reader_csp_script_hashes.split() if not _HASH_SOURCE.fullmatch(source)]
    if config.reader_referrer_policy not in REFERRER_POLICIES:
        problems.append(f"reader_referrer_policy: {config.reader_referrer_policy!r} is not a referrer policy")
    if problems:
        raise ConfigError("Invalid reader privacy settings:\n  " + "\n  ".join(problems))


def add_privacy_metatags(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    csp = with_script_hashes(app.config.reader_csp, app.config.reader_csp_script_hashes)
    tags = privacy_metatags(csp, app.config.reader_referrer_policy)
    context["metatags"] = tags + Markup(context.get("metatags", ""))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("reader_csp", DEFAULT_CSP, "html", types=frozenset({str}))
    app.add_config_value("reader_csp_script_hashes", "", "html", types=frozenset({str}))
    app.add_config_value("reader_referrer_policy", "no-referrer", "html", types=frozenset({str}))
    app.connect("doctree-resolved", add_external_rel, priority=900)
    app.connect("config-inited", validate_config)
    app.connect("html-page-context", add_privacy_metatags)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
