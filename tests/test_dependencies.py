"""requirements.in declares every package the code imports, and nothing the project does not use."""

from __future__ import annotations

import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

from tools.modules import top_level_imports
from tools.project import REPO_ROOT

#: Where the project's Python lives (tests/roots are small Sphinx projects, not the project's code).
CODE = ("conf.py", "_ext", "tools", "scripts", "tests")
#: Where a package used by its command or by name (a theme, a CLI) is named.
USED_BY_NAME = ("Makefile", "conf.py", "tools", ".github", "scripts")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(file: str = "requirements.in") -> dict[str, str]:
    """``{normalised name: version}`` of a requirements file ("" for a name without ``==``)."""
    lines = (REPO_ROOT / file).read_text(encoding="utf-8").splitlines()
    pins = [line.split("#")[0].strip() for line in lines]
    return {normalise(pin.partition("==")[0]): pin.partition("==")[2] for pin in pins if pin}


def code_files() -> list[Path]:
    files: list[Path] = []
    for name in CODE:
        path = REPO_ROOT / name
        files += [path] if path.is_file() else [f for f in path.rglob("*.py") if "roots" not in f.parts]
    return files


def imported_distributions() -> dict[str, str]:
    """``{normalised distribution: a file importing it}`` for every third-party import of the code."""
    local = {path.stem for path in (REPO_ROOT / "_ext").iterdir()} | {"tools", "tests", "scripts", "conf"}
    local |= {path.stem for path in (REPO_ROOT / "tests").glob("test_*.py")}
    by_module = packages_distributions()
    found: dict[str, str] = {}
    for file in code_files():
        for module in top_level_imports(file) - set(sys.stdlib_module_names) - local:
            for distribution in by_module.get(module, [module]):
                found.setdefault(normalise(distribution), file.relative_to(REPO_ROOT).as_posix())
    return found


def test_every_imported_package_is_declared_with_its_pin() -> None:
    pins = declared()
    missing = {name: file for name, file in imported_distributions().items() if name not in pins}
    assert missing == {}
    # Each with the exact version requirements.txt pins.
    pinned = declared("requirements.txt")
    assert {name: version for name, version in pins.items() if pinned.get(name) != version or not version} == {}


def test_every_declared_package_is_used() -> None:
    imported = imported_distributions()
    texts = []
    for name in USED_BY_NAME:
        path = REPO_ROOT / name
        files = [path] if path.is_file() else [f for f in path.rglob("*") if f.is_file() and f.suffix != ".pyc"]
        texts += [f.read_text(encoding="utf-8", errors="replace") for f in files]
    text = "\n".join(texts)
    unused = [name for name in declared() if name not in imported
              and name not in text and name.replace("-", "_") not in text]
    assert unused == []
