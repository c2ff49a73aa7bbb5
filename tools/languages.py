"""The site's languages, read from a source tree's ``conf.py`` through Sphinx's own config reader.

``site_languages`` in ``conf.py`` is the one list: source language first, then
the translations. The Makefile (``python -m tools.languages``), the site builder
and the editor's tools all ask this module, never a list of their own. Trees
from before ``site_languages`` existed name the list ``language_switch_languages``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util.tags import Tags

from tools.diagnostics import exception_diagnostic
from tools.project import REPO_ROOT

SETTING = "site_languages"
#: What older trees called the same list.
EARLIER_SETTING = "language_switch_languages"


def site_languages(confdir: Path = REPO_ROOT) -> tuple[str, ...]:
    """The languages *confdir*'s ``conf.py`` builds, source language first."""
    config = Config.read(confdir, overrides={}, tags=Tags())
    for name in (SETTING, EARLIER_SETTING):
        config.add(name, None, "html", frozenset({list, tuple}))
    languages = config[SETTING] or config[EARLIER_SETTING]
    if not languages:
        raise ConfigError(f"conf.py has no {SETTING} list, e.g. {SETTING} = ['da', 'en']")
    return tuple(languages)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.languages", description=__doc__.splitlines()[0])
    parser.add_argument("confdir", nargs="?", type=Path, default=REPO_ROOT, help="the source tree (default: this one)")
    args = parser.parse_args(argv)
    try:
        print(" ".join(site_languages(args.confdir)))
    except Exception as error:  # noqa: BLE001 (a conf.py that raises: one line at its file:line, no traceback)
        print(exception_diagnostic(error, args.confdir, "cannot read the site's languages", code="languages.config"),
              file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
