"""tools/i18n/check.py catches each broken case, naming the .po file and the line: the msgstr's for a
bad translation, the msgid's for an unfinished entry, the fault's own for bad syntax. No GNU gettext."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from po_catalogs import parse_po
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
            "error: unbalanced backticks in msgstr: the backtick in '{gdpr}`6(1)(a).' is never closed, "
            "so what follows prints as plain text [markup]",
            id="missing-backtick",
        ),
        pytest.param(
            "The legal basis is your agreement, pursuant to {gdpr}`6(1)(a)`.",
            "error: the msgid says 'samtykke', so the msgstr must say 'consent' (glossary line 6) [glossary]",
            id="glossary",
        ),
        pytest.param(
            "1. The legal basis is your consent, pursuant to {gdpr}`6(1)(a)`.",
            "error: msgstr starts with '1.', which MyST reads as a list item, "
            "so Sphinx would silently keep the source text; escape it as '1\\\\.' [block-start]",
            id="list-marker",
        ),
    ],
)
def test_each_broken_case_is_one_error_at_the_msgstr_line(tmp_path, capsys, msgstr, expected):
    path, line = write_po(tmp_path, msgstr)
    status, lines = run_check(capsys, path)
    assert (status, lines) == (1, [f"{path}:{line + 1}: {expected}"])


def test_a_changed_role_target_names_both_targets(tmp_path, capsys):
    path, line = write_po(tmp_path, GOOD.replace("6(1)(a)", "6(1)(f)"))
    assert run_check(capsys, path) == (
        1,
        [
            f"{path}:{line + 1}: error: msgstr has role(s) '{{gdpr}}`6(1)(f)`' that the msgid does not have [markup]",
            f"{path}:{line + 1}: error: msgstr lacks the role(s) '{{gdpr}}`6(1)(a)`' of the msgid [markup]",
        ],
    )


def test_an_unclosed_backtick_is_reported_at_its_own_line_of_a_long_msgstr(tmp_path, capsys):
    path, line = write_po(tmp_path, GOOD)
    text = path.read_text(encoding="utf-8").replace(
        f'msgstr "{GOOD}"', 'msgstr ""\n"The legal basis is your consent, "\n"pursuant to {gdpr}`6(1)(a)."'
    )
    path.write_text(text, encoding="utf-8")
    status, lines = run_check(capsys, path)
    assert (status, lines) == (
        1,
        [
            f"{path}:{line + 3}: error: unbalanced backticks in msgstr: the backtick in '{{gdpr}}`6(1)(a).' "
            "is never closed, so what follows prints as plain text [markup]"
        ],
    )


def test_a_fuzzy_entry_is_a_warning_normally_and_an_error_for_a_release(tmp_path, capsys):
    path, line = write_po(tmp_path, GOOD, flags="fuzzy")
    message = "fuzzy: review the translation against the changed msgid, then remove the fuzzy flag [fuzzy]"
    assert run_check(capsys, path) == (0, [f"{path}:{line}: warning: {message}"])
    assert run_check(capsys, path, "--release") == (1, [f"{path}:{line}: error: {message}"])


def test_an_untranslated_entry_is_a_warning_normally_and_an_error_for_a_release(tmp_path, capsys):
    path, line = write_po(tmp_path, "")
    assert run_check(capsys, path) == (0, [f"{path}:{line}: warning: untranslated [untranslated]"])
    assert run_check(capsys, path, "--release") == (1, [f"{path}:{line}: error: untranslated [untranslated]"])


@pytest.mark.parametrize(
    ("old", "new", "offset", "message"),
    [
        pytest.param('msgstr "The legal', "msgstr The legal", 1,
                     "expected a string in double quotes, found 'The legal basis is y'", id="unquoted"),
        pytest.param('pursuant to {gdpr}`6(1)(a)`."', "pursuant to {gdpr}`6(1)(a)`.", 1,
                     "the string is not closed: end it with a double quote on the same line", id="unterminated"),
        pytest.param('msgstr "The legal', 'msgstr "The "legal', 1,
                     'text after the closing quote: a double quote inside a string must be written \\"',
                     id="unescaped-quote"),
        pytest.param('msgstr "The legal', 'msgstrr "The legal', 1,
                     "unknown keyword: expected msgid, msgstr or msgctxt", id="unknown-keyword"),
        pytest.param(f'msgid "{MSGID}"', 'msgid "2.2 Nyhedsbrev"', 0,
                     "duplicate msgid '2.2 Nyhedsbrev', first defined on line 8", id="duplicate"),
    ],
)  # fmt: skip
def test_a_syntax_error_is_one_line_at_the_fault(tmp_path, capsys, old, new, offset, message):
    path, line = write_po(tmp_path, GOOD)
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    assert run_check(capsys, path) == (1, [f"{path}:{line + offset}: error: {message} [syntax]"])


def test_a_file_that_is_not_utf8_names_the_line(tmp_path, capsys):
    path, line = write_po(tmp_path, GOOD)
    path.write_bytes(path.read_bytes().replace(b"consent, pursuant", "consent, jf. \xe6".encode("latin-1")))
    assert run_check(capsys, path) == (1, [f"{path}:{line + 1}: error: not UTF-8: save the file as UTF-8 [syntax]"])


def test_the_previous_msgid_of_a_fuzzy_entry_is_read_not_kept_as_a_comment():
    po = parse_po(HEADER + '\n#, fuzzy\n#| msgid ""\n#| "Gammel "\n#| "tekst"\nmsgid "Ny tekst"\nmsgstr "Old text"\n')
    (entry,) = po.entries
    assert (entry.previous_msgid, entry.fuzzy, entry.line, entry.msgstr_line) == ("Gammel tekst", True, 12, 13)
    assert po.catalog.get("Ny tekst").user_comments == []


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


@pytest.mark.parametrize(
    ("msgstr", "kind", "start"),
    [("- Your rights", "list item", "-"), ("2026) was the year", "list item", "2026)"),
     ("# Your rights", "heading", "#"), ("> Quoted", "quote", ">")],
)
def test_a_msgstr_that_starts_a_block_is_named_by_what_myst_reads(msgstr, kind, start):
    message = check_po.block_start_problem("x", msgstr)
    assert message is not None and message.startswith(f"msgstr starts with {start!r}, which MyST reads as a {kind},")
    assert message.endswith(f"escape it as {start[:-1] + chr(92) + start[-1]!r}")


@pytest.mark.parametrize("msgstr", ["1\\. The first", "2026 was the year", "-5 degrees", "#hashtag", "Plain text"])
def test_a_msgstr_that_starts_a_paragraph_is_fine(msgstr):
    assert check_po.block_start_problem("x", msgstr) is None


def test_a_role_in_a_code_span_is_code_not_a_role():
    assert check_po.markup_problems("Se `{gdpr}`6`` her", "See `{gdpr}`6`` here") == []
    assert check_po.markup_inventory("Se `{gdpr}`6`` og {gdpr}`7`")["role"] == {"{gdpr}`7`": 1}


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
    terms = check_po.parse_glossary(GLOSSARY.read_text(encoding="utf-8"), str(GLOSSARY)).terms("en")
    assert (check_po.glossary_problems(danish, english, terms) == []) is ok


@pytest.mark.parametrize(
    ("danish", "english", "ok"),
    [
        ("formål og retsgrundlag for behandling", "purposes and legal basis for the processing", True),
        ("behandlingen af dine personoplysninger", "the handling of your personal data", False),
        ("listen over modtagere", "the list of recipients", False),  # a mailing list: the glossary's exception
        ("listen over modtagere", "the mailing list", True),
        ("modtagere af dine data", "recipients of your data", True),
        ("en modtager uden for EU", "a recipient outside the EU", True),
        ("hver modtager", "every addressee", False),  # the singular noun is checked too
        ("WEXO modtager din e-mail", "WEXO receives your e-mail", True),  # the verb is not
        ("at gøre indsigelse mod behandlingen", "to object to the processing", True),
        ("at gøre indsigelse mod behandlingen", "to oppose the processing", False),
        ("almindelige personoplysninger", "ordinary personal data", False),
        ("almindelige personoplysninger", "non-sensitive personal data", True),
        ("der findes særlovgivning", "special legislation exists", False),
        ("bogføringsloven og forældelsesloven", "the Danish Bookkeeping Act and the Danish Limitation Act", True),
        ("bogføringsloven", "the Accounting Act", False),
        ("EU-Kommissionens standardkontraktbestemmelser", "the European Commission's standard contractual clauses", True),
        ("samt Data Privacy Framework", "and the EU-U.S. Data Privacy Framework", True),
        ("med det formål at besvare", "in order to answer", False),
        ("indgive en klage til Datatilsynet", "lodge a complaint with the Danish Data Protection Agency", True),
        ("indgive en klage til Datatilsynet", "file a complaint with the Danish Data Protection Agency", False),
        ("retskrav kan fastlægges", "legal claims can be established", True),
        ("fra tredjeparter", "from third parties", True),
        ("WEXOs instruks", "WEXO's directions", False),
        ("kategorier af personoplysninger", "types of personal data", False),
        ("vigtige samfundsinteresser", "important public interest", True),
        ("din anmodning forud for indgåelse af en kontrakt", "your request before signing a contract", False),
        ("i bogføringsmateriale", "in accounting records", True),
        ("vi opbevarer dine personoplysninger", "we hold your personal data", False),
        ("3. Opbevaringsperiode", "3\\. Retention period", True),
        ("vi videregiver dine personoplysninger", "we pass on your personal data", False),
        ("ved overførsel af personoplysninger", "when transferring personal data", True),
        ("som garanti for", "as a guarantee of", False),
        ("med supplerende foranstaltninger", "with supplementary measures", True),
        ("blive slettet fra listen", "be deleted from the list", False),
        ("blive slettet fra listen", "be erased from the list", True),
        ("blive slettet fra listen over modtagere", "be removed from the mailing list", True),
        ("blive slettet fra listen over modtagere", "be erased from the list of recipients", False),
        ("en databehandleraftale", "a data processing agreement", True),
        ("direkte markedsføring", "direct marketing", True),
        ("trække dit samtykke tilbage", "withdraw your consent", True),
        ("uden for EU/EØS", "outside the EU/EEA", True),
        ("uden for EU/EØS", "outside the EU", False),
        ("vores databeskyttelsesrådgiver", "our DPO", False),
        ("at få overført disse personoplysninger", "to have these personal data transmitted", True),  # Art. 20
        ("slet ikke", "not at all", True),  # "slet" alone is an adverb
    ],
)
def test_the_glossary_has_the_gdpr_terms_of_the_policy(danish, english, ok):
    terms = check_po.parse_glossary(GLOSSARY.read_text(encoding="utf-8"), str(GLOSSARY)).terms("en")
    assert (check_po.glossary_problems(danish, english, terms) == []) is ok


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("danish,en,en_label\nfoo,bar,bar\nba(d,bad,bad\n", r"^g\.csv:3: invalid regular expression"),
        ("danish,en,en_label,de\nfoo,bar,bar,baz\n", r"^g\.csv:1: the header .*not a language code or unpaired: de_label"),
        ("danish,english,english_label\n", r"^g\.csv:1: the header .*not a language code or unpaired: english$"),
        ("danish,en,en_label\nfoo,bar,\n", r"^g\.csv:2: en and en_label must both be filled in, or neither"),
        (
            "danish,context,en,en_label\nfoo,,bar,bar\nfoa,foa x,baz,baz\n",
            r"^g\.csv:3: a row with a context is an exception to a term: its danish cell 'foa' must be the danish cell "
            r"of a row without a context$",
        ),
        ("danish,context,en,en_label\nfoo,,bar,bar\nfoo,(x,baz,baz\n", r"^g\.csv:3: invalid regular expression"),
    ],
)
def test_a_bad_glossary_names_the_file_and_line(text, error):
    with pytest.raises(check_po.GlossaryError, match=error):
        check_po.parse_glossary(text, "g.csv")


def test_an_exception_applies_in_its_context_only_and_names_its_line(tmp_path, capsys):
    """Where the msgid says "listen over modtagere", "mailing list" is required instead of "recipients";
    elsewhere in the same msgid "modtagere" still needs "recipients"."""
    glossary = tmp_path / "glossary.csv"
    glossary.write_text(
        "danish,context,en,en_label,note\n"
        "modtager(e|ne),,recipients?,recipient,Art. 4(9)\n"
        "modtager(e|ne),listen over modtagere,mailing list,mailing list,a newsletter's list\n",
        encoding="utf-8",
    )
    cases = [
        ("Du slettes fra listen over modtagere.", "You are removed from the mailing list.", []),
        ("Du slettes fra listen over modtagere.", "You are removed from the list of recipients.", [
            "the msgid says 'listen over modtagere', so the msgstr must say 'mailing list' (glossary line 3)"
        ]),
        ("Modtagere af data og listen over modtagere.", "Recipients of data and the mailing list.", []),
        ("Modtagere af data og listen over modtagere.", "Addressees of data and the mailing list.", [
            "the msgid says 'Modtagere', so the msgstr must say 'recipient' (glossary line 2)"
        ]),
    ]
    for msgid, msgstr, expected in cases:
        path, line = write_po(tmp_path, msgstr, msgid=msgid)
        status = check_po.main(["check", "--glossary", str(glossary), str(path)])
        assert (status, capsys.readouterr().err.splitlines()) == (
            1 if expected else 0,
            [f"{path}:{line + 1}: error: {message} [glossary]" for message in expected],
        ), msgid


def test_the_real_glossary_shows_its_exceptions_with_a_reason():
    """The exceptions are rows of locale/glossary.csv itself, each with its context and a note."""
    rows = list(csv.DictReader(GLOSSARY.open(encoding="utf-8")))
    exceptions = {row["context"]: (row["en_label"], row["note"]) for row in rows if row["context"]}
    assert exceptions["listen over modtagere"][0] == "mailing list"
    assert "Art. 4(9)" in exceptions["listen over modtagere"][1]
    assert exceptions["slettet fra listen over modtagere"][0] == "removed from the mailing list"


def test_each_language_is_checked_against_its_own_column_only(tmp_path, capsys):
    glossary = tmp_path / "glossary.csv"
    glossary.write_text(
        "danish,en,en_label,de,de_label,note\nsamtykke,consent,consent,Einwilligung,Einwilligung,\n"
        "nyhedsbrev,newsletter,newsletter,,,English only\n",
        encoding="utf-8",
    )
    german = tmp_path / "de" / "LC_MESSAGES" / "side.po"
    german.parent.mkdir(parents=True)
    german.write_text(
        HEADER.replace("Language: en", "Language: de")
        + '\nmsgid "Dit samtykke til nyhedsbrevet"\nmsgstr "Ihre Zustimmung zum Newsletter"\n',
        encoding="utf-8",
    )
    status = check_po.main(["check", "--glossary", str(glossary), str(german)])
    assert (status, capsys.readouterr().err.splitlines()) == (
        1,
        [
            f"{german}:9: error: the msgid says 'samtykke', so the msgstr must say 'Einwilligung' "
            "(glossary line 2) [glossary]"
        ],
    )
    french = Path(str(german).replace("de", "fr"))
    french.parent.mkdir(parents=True)
    french.write_text(HEADER.replace("Language: en", "Language: fr") + '\nmsgid "Samtykke"\nmsgstr "Accord"\n')
    assert check_po.main(["check", "--glossary", str(glossary), str(french)]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"{glossary}:1: notice: no 'fr' column: fr is not checked against the glossary [glossary]"
    ]


def test_the_real_catalogs_are_complete_and_clean(policy_build, capsys):
    templates = policy_build("gettext").outdir
    status = check_po.main(
        ["check", "--glossary", str(GLOSSARY), "--release", "--pot-dir", str(templates), str(LOCALE / "en")]
    )
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
