"""The README's examples, as the tests run them: the Python block after a marker comment."""

from __future__ import annotations

from tools.project import REPO_ROOT


def python_example(marker: str) -> str:
    """The ``python`` code block that follows the line *marker* (an HTML comment) in README.md."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    after = readme.split(f"{marker}\n```python\n", 1)
    if len(after) != 2:
        raise LookupError(f"README.md has no python block after {marker!r}")
    return after[1].split("```", 1)[0]


#: The marker above the point-in-time example (README, "The machine-readable notice").
POINT_IN_TIME = "<!-- The tests (tests/test_site.py, tests/test_site_main.py) run this example. -->"
