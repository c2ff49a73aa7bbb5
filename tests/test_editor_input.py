"""What a legal editor can get wrong in the policy's Markdown, and the one line each gets.

Labels (``_ext/policy_labels.py``) in tests/roots/test-labels/: a label copied into
another file, a label its anchor does not spell, a heading without a label, a link
to a label that does not exist. Each is one warning at file:line and fails the strict build, serial or parallel.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policy_labels import Label, anchor_problem, duplicates, suggested_label
from tests.support.build import strict_build

ROOTS = Path(__file__).resolve().parent / "roots"


def copy_root(name: str, tmp_path: Path, *, extra_conf: str = "") -> Path:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / f"test-{name}", srcdir)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + extra_conf, encoding="utf-8")
    return srcdir


@pytest.mark.parametrize("jobs", ["1", "4"])
def test_each_label_mistake_is_one_line_naming_the_file_to_fix(tmp_path, jobs):
    srcdir = copy_root("labels", tmp_path)
    result = strict_build(srcdir, tmp_path / "out", jobs=jobs)
    assert result.returncode == 1
    klage, rettigheder = srcdir / "klage.md", srcdir / "rettigheder.md"
    assert sorted(line for line in result.stderr.splitlines() if "WARNING" in line) == sorted(
        [
            # The copy is reported where it was pasted (klage.md comes after rettigheder.md in the
            # table of contents), naming the original's file and line; Sphinx's own line is replaced.
            f"{klage}:6: WARNING: duplicate label 'sletning': also defined at {rettigheder}:4; a label names one "
            "place in the whole policy, so rename this one (or remove it if it was copied) [labels.duplicate]",
            f"{rettigheder}:9: WARNING: label 'Indsigelse' becomes the anchor '#indsigelse', so links to "
            "'#Indsigelse' miss it: write (indsigelse)= (lower-case a-z, digits and hyphens) [labels.anchor]",
            f"{rettigheder}:12: WARNING: label 'overførsel' becomes the anchor '#overforsel', so links to "
            "'#overførsel' miss it: write (overfoersel)= (lower-case a-z, digits and hyphens) [labels.anchor]",
            f"{klage}:11: WARNING: heading '6.2 Nyt afsnit om ønsker' has no label: put one on the line above it, "
            "e.g. (nyt-afsnit-om-oensker)=, so that links, translations and redlines can follow the section "
            "[labels.missing]",
            # A label twice in one file is docutils' own warning, and not also a heading without a label.
        f'{rettigheder}:15: WARNING: Duplicate explicit target name: "rettigheder". [docutils]',
        f"{klage}:4: WARNING: 'myst' cross-reference target not found: 'findes-ikke' [myst.xref_missing]",
            f"{klage}:4: WARNING: undefined label: 'findes-heller-ikke' [ref.ref]",
        ]
    )


def test_without_the_extension_sphinx_names_no_line_in_the_other_file(tmp_path):
    """Why the extension replaces it: Sphinx's own warning is at the file the editor did not touch
    (files are read in name order), at its heading, with no line for the copy and no type."""
    srcdir = copy_root("labels", tmp_path, extra_conf="extensions.remove('policy_labels')\n")
    result = strict_build(srcdir, tmp_path / "out")
    duplicate = [line for line in result.stderr.splitlines() if "duplicate label" in line]
    assert duplicate == [
        f"{srcdir / 'rettigheder.md'}:5: WARNING: duplicate label sletning, other instance in {srcdir / 'klage.md'}"
    ]


def label(name: str, docname: str, line: int, written: str | None = None) -> Label:
    return Label(name=name, docname=docname, line=line, written=written or name, anchor=name)


def test_duplicates_are_reported_at_the_later_copy_in_reading_order():
    original, copy = label("sletning", "policy/rettigheder", 16), label("sletning", "policy/klage", 3)
    order = ["index", "policy/rettigheder", "policy/klage"]
    assert duplicates([copy, original], order) == [(copy, original)]
    assert duplicates([original, copy], list(reversed(order))) == [(original, copy)]
    assert duplicates([original, label("klage", "policy/klage", 1)], order) == []


def test_a_label_that_is_its_own_anchor_is_fine():
    assert anchor_problem(label("overfoersel-til-tredjelande", "policy/modtagere", 8)) is None


@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("6.1 Nyt afsnit", "nyt-afsnit"),
        ("4.1 Overførsel til tredjelande", "overfoersel-til-tredjelande"),
        ("7.", "afsnit"),
    ],
)
def test_a_heading_without_a_label_gets_a_suggestion(title, label):
    assert suggested_label(title) == label
