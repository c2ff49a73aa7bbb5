"""Reader contact: the data controller's contact details at the foot of every page.

GDPR articles 13 and 14 require the controller's identity and contact details;
a reader should not have to hunt for them. ``reader_controller`` holds them in
``conf.py``; the footer partial (``_templates/partials/reader-footer.html``)
shows them on every page with a link to the section that explains them, named
by its label in ``reader_contact_label``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError
from sphinx.util import logging

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

CONTROLLER_FIELDS = ("name", "address", "email", "phone", "phone_uri")


def controller_problems(controller: object) -> list[str]:
    """What is missing or malformed in ``reader_controller``."""
    if not isinstance(controller, dict):
        return ["must be a dict with the keys " + ", ".join(CONTROLLER_FIELDS)]
    problems = []
    for field in CONTROLLER_FIELDS:
        value = controller.get(field)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{field!r} must be a non-empty string")
    for field in sorted(set(controller) - set(CONTROLLER_FIELDS)):
        problems.append(f"unknown key {field!r}")
    if isinstance(controller.get("phone_uri"), str) and not controller["phone_uri"].startswith("tel:"):
        problems.append("'phone_uri' must start with 'tel:'")
    return problems


def validate_config(app: Sphinx, config: Config) -> None:
    problems = controller_problems(config.reader_controller)
    if problems:
        raise ConfigError("reader_controller: " + "; ".join(problems))


def check_contact_label(app: Sphinx, env: Any) -> None:
    label = app.config.reader_contact_label
    if label and label not in env.domains.standard_domain.labels:
        logger.warning(
            "reader_contact_label %r names no section label", label, type="reader", subtype="contact", location="conf.py"
        )


def add_contact(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    context["reader_controller"] = app.config.reader_controller
    label = app.config.reader_contact_label
    target = app.env.domains.standard_domain.labels.get(label) if label else None
    if target:
        docname, anchor, _title = target
        context["reader_contact_url"] = app.builder.get_relative_uri(pagename, docname) + "#" + anchor
    else:
        context["reader_contact_url"] = None


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("reader_controller", {}, "html", types=frozenset({dict}))
    app.add_config_value("reader_contact_label", "", "html", types=frozenset({str}))
    app.connect("config-inited", validate_config)
    app.connect("env-check-consistency", check_contact_label)
    app.connect("html-page-context", add_contact)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
