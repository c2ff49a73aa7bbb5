"""The modules of ``tools/``: what each imports (read from the source with ast) and the data files it names.

Two uses, both derived from the code rather than from a list kept by hand:

- the cache key of a version's build (:func:`tools.sitebuild.driver.tooling_digest`)
  covers every module the build imports and the data files those modules name;
- a test fails on an import cycle among the tools (:func:`cycles`).

Every import of a ``tools`` module counts: at module level, inside a function,
and under ``TYPE_CHECKING``. A module's data files are its module-level
:class:`~pathlib.Path` constants (or tuples of them) that point inside
``tools/``, such as ``PRINT_CSS = Path(__file__).with_name("print.css")``.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

PACKAGE = "tools"
TOOLS_DIR = Path(__file__).resolve().parent
#: The extensions, importable by their own names (conf.py and pytest put ``_ext`` on the path).
EXTENSIONS_DIR = TOOLS_DIR.parent / "_ext"
#: Compiled files that are made from tracked ones (``.mo`` from ``.po``).
_DERIVED_SUFFIXES = (".mo", ".pyc")


def module_file(name: str) -> Path | None:
    """The source file of module *name* (``tools.a.b``), or None if there is no such module."""
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return None
    base = TOOLS_DIR.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def all_modules() -> list[str]:
    """Every module under ``tools/``, packages included."""
    names = []
    for file in sorted(TOOLS_DIR.rglob("*.py")):
        parts = file.relative_to(TOOLS_DIR).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join((PACKAGE, *parts)))
    return names


@cache
def imports(name: str) -> frozenset[str]:
    """The ``tools`` modules that module *name* imports anywhere in its source."""
    file = module_file(name)
    if file is None:
        return frozenset()
    is_package = file.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(_syntax(file)):
        if isinstance(node, ast.Import):
            found.update(_existing(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(name, node.module, node.level, is_package=is_package)
            for alias in node.names:
                found.add(_existing(f"{base}.{alias.name}"))
    return frozenset(found - {"", name})


def closure(name: str) -> set[str]:
    """Module *name*, every ``tools`` module it imports directly or not, and their packages."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        module = todo.pop()
        if module in seen or module_file(module) is None:
            continue
        seen.add(module)
        todo += imports(module)
        todo += [".".join(module.split(".")[:end]) for end in range(1, module.count(".") + 1)]
    return seen


def cycles(graph: Mapping[str, Iterable[str]] | None = None) -> list[list[str]]:
    """Every group of modules that import each other (directly or through others), sorted.

    *graph* maps a module to the modules it imports; by default, that of ``tools/``.
    """
    if graph is None:
        graph = {module: sorted(imports(module)) for module in all_modules()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in graph.get(module, ()):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in graph:
        if module not in index:
            visit(module)
    return sorted(found)


def data_files(name: str) -> set[Path]:
    """The files under ``tools/`` that module *name* names in its module-level Path constants."""
    module = importlib.import_module(name)
    paths: set[Path] = set()
    for value in vars(module).values():
        for path in value if isinstance(value, tuple) else (value,):
            if isinstance(path, Path) and path.resolve().is_relative_to(TOOLS_DIR) and path.resolve() != TOOLS_DIR:
                paths.add(path.resolve())
    return {file for path in paths for file in _source_files(path)}


def top_level_imports(file: Path) -> set[str]:
    """The top-level names *file* imports absolutely, anywhere: ``yaml`` for ``from yaml.nodes import Node``."""
    names: set[str] = set()
    for node in ast.walk(_syntax(file)):
        if isinstance(node, ast.Import):
            names.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.partition(".")[0])
    return names


def extension_files(modules: Iterable[str]) -> set[Path]:
    """The source files of the extension modules (``_ext/<name>.py`` or a package's modules) that *modules* import."""
    files: set[Path] = set()
    for module in modules:
        file = module_file(module)
        for name in top_level_imports(file) if file else ():
            single, package = EXTENSIONS_DIR / f"{name}.py", EXTENSIONS_DIR / name
            if single.is_file():
                files.add(single)
            elif (package / "__init__.py").is_file():  # its modules and its data (patterns, catalogs)
                files.update(_source_files(package))
    return files


@cache
def _syntax(file: Path) -> ast.Module:
    """*file* parsed once, for both :func:`imports` and :func:`top_level_imports`."""
    return ast.parse(file.read_text(encoding="utf-8"), filename=str(file))


def _source_files(path: Path) -> list[Path]:
    """*path*, or the files under it, without compiled ones (``.mo``, ``.pyc``, ``__pycache__/``)."""
    candidates = path.rglob("*") if path.is_dir() else [path]
    return [file for file in candidates if file.is_file() and file.suffix not in _DERIVED_SUFFIXES
            and "__pycache__" not in file.parts]


def _absolute(name: str, module: str | None, level: int, *, is_package: bool) -> str:
    """The absolute name of ``from <level dots><module> import …`` written in module *name*."""
    if level == 0:
        return module or ""
    parts = name.split(".")
    keep = len(parts) - level + (1 if is_package else 0)
    return ".".join(parts[:keep] + ([module] if module else []))


def _existing(name: str) -> str:
    """The longest prefix of *name* that is a ``tools`` module ("" if none): ``from a import b`` may name
    a module ``a.b`` or a name in ``a``."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if module_file(candidate) is not None:
            return candidate
    return ""
