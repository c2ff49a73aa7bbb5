"""Expensive test data made once per test session, however many pytest-xdist workers ask for it.

``make test`` runs the suite in several worker processes (tests/conftest.py). A
session fixture that builds something big (the real project, a fixture site)
would be built once per worker; :func:`made_once` builds it once, in a directory
that every worker of the session sees, and lets the others wait for it.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def session_directory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary directory of the whole session: each xdist worker's own one is inside it."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def made_once(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[tuple[Path, bool]]:
    """``with made_once(factory, "site") as (directory, to_make):`` make *directory*'s content if *to_make*.

    The first worker to enter holds a lock while it makes the content; the others
    wait for the lock and find it made. Content left by a maker that failed is
    removed and made again.
    """
    root = session_directory(tmp_path_factory) / "made-once"
    root.mkdir(parents=True, exist_ok=True)
    directory, finished = root / name, root / f"{name}.finished"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        to_make = not finished.is_file()
        if to_make:
            shutil.rmtree(directory, ignore_errors=True)
            directory.mkdir()
        yield directory, to_make
        finished.touch()
