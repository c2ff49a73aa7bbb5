"""tools/check_po.py catches each broken case, naming the .po file and the entry's line."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.support.build import PROJECT_ROOT


from tools.i18n import check as check_po

LOCALE = PROJECT_ROOT / "locale"
GLOSSARY = LOCALE / "glossary.csv"

HEADER = """msgid ""
msgstr ""
"Language: en\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"""

# A good entry as the GDPR role will make it, and broken variants of its msgstr.
MSGID = "Retsgrundlaget er dit samtykke, jf. {gdpr}`6(1)(a)`."
GOOD = "The legal basis is your consent, pursuant to {gdpr}`6(1)(a)`."


def write_po(tmp_path: Path, msgstr: str, *, flags: str = "", msgid: str = MSGID) -> tuple[Path, int]:
    """A .po file with one entry after a padding entry; returns its path and the entry's msgid line."""
    text = HEADER + '\nmsgid "2.2 Nyhedsbrev"\nmsgstr "2.2 Newsletter"\n\n'
    if flags:
        text += f"#, {flags}\n"
    line = text.count("\n") + 1
    text += f'msgid "{_quote(msgid)}"\nmsgstr "{_quote(msgstr)}"\n'
    path = tmp_path / "LC_MESSAGES" / "policy" / "side.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path, line


def _quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def run_check(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> tuple[int, list[str]]:
    status = check_po.main(["check", "--glossary", str(GLOSSARY), *extra, str(path)])
    return status, capsys.readouterr().err.splitlines()


def test_a_good_entry_passes(tmp_path, capsys):
    path, _ = write_po(tmp_path, GOOD)
    assert run_check(capsys, path, "--release") == (0, [])


@pytest.mark.parametrize(
    ("msgstr", "expected"),
    [
        pytest.param(
            "The legal basis is your consent, pursuant to Article 6(1)(a) GDPR.",
            "error: msgstr lacks the role(s) '{gdpr}`6(1)(a)`' of the msgid [markup]",
            id="dropped-role",
        ),
        pytest.param(
            "The legal basis is your consent, pursuant to {gdpr}`6(1)(a).",
            "error: unbalanced backticks in msgstr: a run of 1 backtick(s) is never closed [markup]",
            id="missing-backtick",
        ),
        pytest.param(
            "The legal basis is your consent, pursuant to {gdpr}`6(1)(f)`.",
            "error: msgstr has role(s) '{gdpr}`6(1)(f)`' that the msgid does not have [markup]",
            id="changed-role-target",
        ),
        pytest.param(
            "The legal basis is your agreement, pursuant to {gdpr}`6(1)(a)`.",
            "error: the msgid says 'samtykke', so the msgstr must say 'consent' (glossary line 6) [glossary]",
            id="glossary",
        ),
        pytest.param(
            "1. The legal basis is your consent, pursuant to {gdpr}`6(1)(a)`.",
            "error: msgstr starts with '1.', which MyST reads as a list item, heading or quote, "
            "so Sphinx would silently keep the source text; escape it as '1\\\\.' [block-start]",
            id="list-marker",
        ),
    ],
)
def test_each_broken_case_is_an_error_at_its_line(tmp_path, capsys, msgstr, expected):
    path, line = write_po(tmp_path, msgstr)
    status, lines = run_check(capsys, path)
    assert status == 1
    assert f"{path}:{line}: {expected}" in lines


def test_a_fuzzy_entry_is_a_warning_normally_and_an_error_for_a_release(tmp_path, capsys):
    path, line = write_po(tmp_path, GOOD, flags="fuzzy")
    message = "fuzzy: review the translation against the changed msgid, then remove the fuzzy flag [fuzzy]"
    assert run_check(capsys, path) == (0, [f"{path}:{line}: warning: {message}"])
    assert run_check(capsys, path, "--release") == (1, [f"{path}:{line}: error: {message}"])


def test_an_untranslated_entry_is_a_warning_normally_and_an_error_for_a_release(tmp_path, capsys):
    path, line = write_po(tmp_path, "")
    assert run_check(capsys, path) == (0, [f"{path}:{line}: warning: untranslated [untranslated]"])
    assert run_check(capsys, path, "--release") == (1, [f"{path}:{line}: error: untranslated [untranslated]"])


def test_a_syntax_error_is_reported_by_msgfmt_with_file_and_line(tmp_path, capsys):
    path, line = write_po(tmp_path, GOOD)
    path.write_text(path.read_text(encoding="utf-8").replace('msgstr "The legal', "msgstr The legal"), encoding="utf-8")
    status, lines = run_check(capsys, path)
    assert status == 1
    assert any(entry.startswith(f"{path}:{line + 1}: error: ") and entry.endswith("[syntax]") for entry in lines), lines


def test_links_footnotes_substitutions_and_labels_must_survive():
    msgid = "Se [her](https://a.dk)[^1], {{ firma }} og {ref}`sletning <sletning>` samt <kontakt@wexo.dk>."
    assert (
        check_po.markup_problems(
            msgid, "See [here](https://a.dk)[^1], {{ firma }} and {ref}`erasure <sletning>` and <kontakt@wexo.dk>."
        )
        == []
    )
    assert check_po.markup_problems(
        msgid, "See here[^1], {{ firma }} and {ref}`erasure <sletning>` and <kontakt@wexo.dk>."
    ) == ["msgstr lacks the link(s) 'https://a.dk' of the msgid"]
    assert check_po.markup_problems(
        msgid, "See [here](https://a.dk), {{ company }} and {ref}`erasure <sletning>` and kontakt@wexo.dk."
    ) == [
        "msgstr lacks the autolink(s) 'kontakt@wexo.dk' of the msgid",
        "msgstr lacks the footnote(s) '1' of the msgid",
        "msgstr lacks the substitution(s) 'firma' of the msgid",
        "msgstr has substitution(s) 'company' that the msgid does not have",
    ]


def test_a_role_without_content_is_caught():
    assert check_po.markup_problems("jf. {gdpr}`6(1)(a)`", "under {gdpr} 6(1)(a)") == [
        "role {gdpr} in msgstr is not followed by its `content`",
        "msgstr lacks the role(s) '{gdpr}`6(1)(a)`' of the msgid",
    ]


@pytest.mark.parametrize(
    ("danish", "english", "ok"),
    [
        ("den registrerede", "the data subject", True),
        ("de registreredes rettigheder", "the rights of data subjects", True),
        ("Datatilsynes", "the Danish Data Protection Agency", True),
        ("Datatilsynets vejledning", "the guidance of the Data Protection Agency", False),
        ("en legitime interesse", "a legitimate interest", True),
        ("vores legitime interesse", "our legitimate interests", True),
        ("tredjelande", "third countries", True),
        ("tredjelande", "non-EU countries", False),
        ("personoplysningerne", "the personal data", True),
        ("personoplysningerne", "the personal information", False),
        ("en databehandleraftale", "a data processing agreement", True),  # a compound, not the term
        ("den dataansvarlige kunde", "the customer, who is the controller", True),
    ],
)
def test_the_glossary_knows_danish_inflections(danish, english, ok):
    terms = check_po.parse_glossary(GLOSSARY.read_text(encoding="utf-8"), str(GLOSSARY))
    assert (check_po.glossary_problems(danish, english, terms) == []) is ok


def test_a_bad_glossary_row_names_the_file_and_line():
    with pytest.raises(check_po.GlossaryError, match=r"^g\.csv:3: invalid regular expression"):
        check_po.parse_glossary("danish,english,english_label\nfoo,bar,bar\nba(d,bad,bad\n", "g.csv")


def test_the_real_catalogs_are_complete_and_clean(capsys):
    status = check_po.main(["check", "--glossary", str(GLOSSARY), "--release", str(LOCALE / "en")])
    captured = capsys.readouterr()
    assert captured.err == ""
    assert status == 0


def test_stat_counts_per_file(tmp_path, capsys):
    write_po(tmp_path, "", flags="")
    fuzzy = tmp_path / "LC_MESSAGES" / "fuzzy.po"
    fuzzy.write_text(HEADER + '\n#, fuzzy\nmsgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d"\n', encoding="utf-8")
    assert check_po.main(["stat", str(tmp_path)]) == 0
    rows = [row.split() for row in capsys.readouterr().out.splitlines()]
    assert rows[1] == [str(fuzzy), "1", "1", "0", "50.0%"]
    assert rows[2] == [str(tmp_path / "LC_MESSAGES" / "policy" / "side.po"), "1", "0", "1", "50.0%"]
    assert rows[3] == ["total", "2", "1", "1", "50.0%"]


def test_no_compiled_catalog_is_committed():
    import subprocess

    listed = subprocess.run(
        ["git", "ls-files", "*.mo"], cwd=PROJECT_ROOT, capture_output=True, check=False, encoding="utf-8"
    )
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    assert listed.stdout == ""


def test_a_display_modifier_on_a_role_may_differ():
    """``~`` changes how {gdpr} displays, not what it cites: English may put it elsewhere."""
    msgid = "I henhold til {gdpr}`15-18` samt {gdpr}`~20-21`, har du"
    assert check_po.markup_problems(msgid, "Under {gdpr}`~15-18` and {gdpr}`20-21`, you have") == []
    assert check_po.markup_problems(msgid, "Under {gdpr}`Articles 15–18 <15-18>` and {gdpr}`20–21 GDPR <20-21>`") == []
    assert check_po.markup_problems(msgid, "Under {gdpr}`15-18` and {gdpr}`~20-22`, you have") == [
        "msgstr lacks the role(s) '{gdpr}`20-21`' of the msgid",
        "msgstr has role(s) '{gdpr}`20-22`' that the msgid does not have",
    ]
