"""The test suite's own layout: test modules share code only through tests/support/.

A test module that imports another runs that module's top level (and its
fixtures' names) in every worker that collects it, and hides shared code where
nobody looks for it. tests/conftest.py's docstring says where shared pieces go.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent


def imported_test_modules(source: str) -> list[tuple[int, str]]:
    """(line, module) for each import of a test module (``test_x``, ``tests.test_x``) in *source*."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module] if _is_test_module(node.module) else [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.ImportFrom):  # relative: "from . import test_x", "from .test_x import y"
            names = [node.module or ""] + [alias.name for alias in node.names]
        else:
            continue
        found += [(node.lineno, name) for name in names if _is_test_module(name)]
    return found


def _is_test_module(name: str) -> bool:
    parts = name.split(".")
    return parts[0].startswith("test_") or (parts[0] == "tests" and len(parts) > 1 and parts[1].startswith("test_"))


def python_files() -> list[Path]:
    return sorted(path for path in TESTS.rglob("*.py") if "roots" not in path.relative_to(TESTS).parts)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from test_build import PAGES_IN_ORDER\n", [(1, "test_build")]),
        ("import os\nfrom tests.test_build import X\n", [(2, "tests.test_build")]),
        ("def f():\n    import test_reader_browser\n", [(2, "test_reader_browser")]),
        ("from tests import test_site\n", [(1, "tests.test_site")]),
        ("from . import test_site\n", [(1, "test_site")]),
        ("from tests.support.published import PAGES_IN_ORDER\nimport pytest\n", []),
        ("from tools.sitebuild import test_data\n", []),
    ],
)
def test_the_check_finds_imports_of_test_modules(source, expected):
    assert imported_test_modules(source) == expected


def test_no_test_module_imports_another():
    problems = [
        f"{path.relative_to(TESTS.parent)}:{line}: error: imports the test module {module}; "
        "move what it shares to tests/support/ [tests.import]"
        for path in python_files()
        for line, module in imported_test_modules(path.read_text(encoding="utf-8"))
    ]
    assert len(python_files()) > 20
    assert problems == []
