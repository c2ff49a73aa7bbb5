"""The one line format of every check (tools.diagnostics): lines, Sphinx's warnings mapped, the summary."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tools.diagnostics import (
    Diagnostic,
    Report,
    exception_location,
    exception_message,
    parse,
    sphinx_diagnostics,
    sphinx_notices,
    summary,
)


@pytest.mark.parametrize(
    ("diagnostic", "line"),
    [
        (Diagnostic("policy/versions.yaml", 12, 5, "error", "date is wrong", "ledger.date"),
         "policy/versions.yaml:12:5: error: date is wrong [ledger.date]"),
        (Diagnostic("locale/en/LC_MESSAGES/index.po", 7, 0, "warning", "fuzzy", "fuzzy"),
         "locale/en/LC_MESSAGES/index.po:7: warning: fuzzy [fuzzy]"),
        (Diagnostic("locale/de/LC_MESSAGES/index.po", severity="notice", message="missing\n  file", code="missing"),
         "locale/de/LC_MESSAGES/index.po: notice: missing file [missing]"),
    ],
    ids=["line-column", "line", "whole-file"],
)
def test_line_format(diagnostic: Diagnostic, line: str) -> None:
    assert str(diagnostic) == line


def test_unknown_severity_is_refused() -> None:
    with pytest.raises(ValueError, match="severity 'fatal'"):
        Diagnostic("x", severity="fatal")


def test_prefixed_reports_at_the_ledger_line() -> None:
    inner = Diagnostic("policy/klage.md", 6, 0, "error", "invalid GDPR reference '100'", "gdpr.reference")
    outer = inner.prefixed("policy/versions.yaml:12", "version 2026-12-01 (commit abc1234)")
    assert str(outer) == ("policy/versions.yaml:12: error: version 2026-12-01 (commit abc1234): "
                          "policy/klage.md:6: invalid GDPR reference '100' [gdpr.reference]")
    whole = Diagnostic(".", message="building 2026-12-01 failed: OSError: no font", code="site.build")
    assert str(whole.prefixed("policy/versions.yaml:12", "version 2026-12-01 (commit abc1234)")) == (
        "policy/versions.yaml:12: error: version 2026-12-01 (commit abc1234): building 2026-12-01 failed: "
        "OSError: no font [site.build]")


SPHINX_OUTPUT = """\
/src/policy/klage.md:13: WARNING: invalid GDPR reference '100': Article 100 does not exist [gdpr.reference]
/src/policy/transparency.yaml:52:13: WARNING: 'besoegende' cites no 6(1) [transparency.no_evidence]
(en) /src/index.md:3: ERROR: Unknown directive type "foo".
  continued on the next line
WARNING: the config value 'x' is not a string [config.cache]
/src/policy/klage.md:13: WARNING: invalid GDPR reference '100': Article 100 does not exist [gdpr.reference]
"""


def test_sphinx_warnings_mapped() -> None:
    lines = [str(d) for d in sphinx_diagnostics(SPHINX_OUTPUT, Path("/src"))]
    assert lines == [
        "policy/klage.md:13: error: invalid GDPR reference '100': Article 100 does not exist [gdpr.reference]",
        "policy/transparency.yaml:52:13: error: 'besoegende' cites no 6(1) [transparency.no_evidence]",
        "index.md:3: error: Unknown directive type \"foo\". continued on the next line [sphinx]",
        "conf.py: error: the config value 'x' is not a string [config.cache]",
        "policy/klage.md:13: error: invalid GDPR reference '100': Article 100 does not exist [gdpr.reference]",
    ]


def test_a_problem_in_a_translated_message_is_at_the_source_paragraphs_line() -> None:
    output = ("/src/policy/klage.md:23:<translated>:1: WARNING: invalid GDPR reference '100': Article 100 does not "
              "exist [gdpr.reference]\n")
    assert [str(d) for d in sphinx_diagnostics(output, Path("/src"))] == [
        "policy/klage.md:23: error: in the translation: invalid GDPR reference '100': Article 100 does not exist "
        "[gdpr.reference]"]


def test_report_prints_each_problem_once_then_the_summary() -> None:
    report = Report("check")
    report.extend(sphinx_diagnostics(SPHINX_OUTPUT, Path("/src")))
    report.add(Diagnostic("locale/en/LC_MESSAGES/index.po", 4, 0, "warning", "fuzzy entry", "fuzzy"))
    stream = io.StringIO()
    assert report.finish(stream) == 1
    lines = stream.getvalue().splitlines()
    assert len(lines) == len(set(lines)) == 6
    assert lines[-1] == "check: 4 errors, 1 warning, 0 notices"


def test_report_without_errors_exits_zero() -> None:
    report = Report("check")
    report.add(Diagnostic("a.po", 1, 0, "notice", "n", "glossary"))
    stream = io.StringIO()
    assert report.finish(stream, checked="2 languages") == 0
    assert stream.getvalue().splitlines() == ["a.po:1: notice: n [glossary]",
                                              "check: 0 errors, 0 warnings, 1 notice; 2 languages"]
    assert summary("tags", []) == "tags: 0 errors, 0 warnings, 0 notices"


def test_exception_location_names_the_file_inside_the_tree(tmp_path: Path) -> None:
    conf = tmp_path / "conf.py"
    conf.write_text("x = 1\nraise RuntimeError('broken\\nsecond line')\n", encoding="utf-8")
    try:
        try:
            exec(compile(conf.read_text(encoding="utf-8"), str(conf), "exec"), {})
        except RuntimeError as error:
            raise ValueError("wrapped") from error
    except ValueError as wrapped:
        assert exception_location(wrapped, tmp_path) == ("conf.py", 2)
        assert exception_message(wrapped) == "RuntimeError: broken"


def test_exception_location_of_a_syntax_error(tmp_path: Path) -> None:
    conf = tmp_path / "conf.py"
    conf.write_text("x = 1\ny = (\n", encoding="utf-8")
    with pytest.raises(SyntaxError) as caught:
        compile(conf.read_text(encoding="utf-8"), str(conf), "exec")
    assert exception_location(caught.value, tmp_path) == ("conf.py", 2)


def test_notices_from_sphinx_status_output() -> None:
    status = (
        "reading sources... [100%] index\n"
        "checking consistency... /src/policy/transparency.yaml:44:3: notice: 13(1)(b) is a gap: no record\n"
        "/src/policy/vendors.yaml:98:9: notice: no terms link for service 'Zapier' [vendors.no_terms]\n"
        "build succeeded.\n"
    )
    assert [str(d) for d in sphinx_notices(status, Path("/src"))] == [
        "policy/transparency.yaml:44:3: notice: 13(1)(b) is a gap: no record [sphinx.notice]",
        "policy/vendors.yaml:98:9: notice: no terms link for service 'Zapier' [vendors.no_terms]",
    ]


@pytest.mark.parametrize(
    "line",
    ["policy/versions.yaml:12: error: version 2027-01-01 (commit abc): policy/klage.md:6: bad [gdpr.reference]",
     "a.po:3:4: warning: fuzzy [fuzzy]", "locale/de: notice: not checked [glossary]"],
)
def test_a_line_reads_back_as_the_same_diagnostic(line: str) -> None:
    diagnostic = parse(line)
    assert diagnostic is not None and str(diagnostic) == line
    assert parse("sphinx-build: progress, not a problem") is None
