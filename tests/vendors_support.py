"""Shared by the vendor registry's tests: makes ``_ext`` importable, reads warnings."""

from __future__ import annotations

import sys

from sphinx.util.console import strip_colors

from conftest import PROJECT_ROOT

# The test roots' conf.py loads the "vendors" extension from the project's _ext/.
if str(PROJECT_ROOT / "_ext") not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT / "_ext"))


def warning_lines(app) -> list[str]:
    """The app's warnings, one per line, without colours."""
    return [line for line in strip_colors(app.warning.getvalue()).splitlines() if line.strip()]
