"""Redlines: sections paired by label, short common runs kept, added/removed sections."""

from __future__ import annotations

import lxml.html
import pytest

from tools.redline.compare import compare_documents, diff_html, extract_sections


def page(body: str) -> str:
    """A page shaped like Sphinx + Furo singlehtml output."""
    return (
        '<!DOCTYPE html><html lang="da"><head><title>x</title></head><body>'
        '<nav>menu</nav><article role="main" id="furo-main-content">'
        f"{body}</article><footer>foot</footer></body></html>"
    )


OLD = page(
    '<section id="rettigheder"><span id="id1"></span>'
    '<h2>5. Dine rettigheder<a class="headerlink" href="#rettigheder">¶</a></h2>'
    "<p>Du har en række rettigheder.</p>"
    '<section id="berigtigelse"><h3>5.2 Ret til berigtigelse</h3>'
    "<p>Du har ret til at få urigtige oplysninger om dig selv rettet.</p></section>"
    '<section id="sletning"><h3>5.3 Ret til sletning</h3><p>Du kan få slettet oplysninger.</p></section>'
    "</section>"
)
NEW = page(
    '<section id="rettigheder"><span id="id1"></span>'
    '<h2>5. Dine rettigheder<a class="headerlink" href="#rettigheder">¶</a></h2>'
    "<p>Du har en række rettigheder.</p>"
    '<section id="berigtigelse"><h3>5.1 Ret til rettelse</h3>'
    "<p>Du har altid ret til at få urigtige oplysninger om dig rettet.</p></section>"
    '<section id="indsigelse"><h3>5.4 Ret til indsigelse</h3><p>Du kan gøre indsigelse.</p></section>'
    "</section>"
)


def test_extract_sections_pairs_labels_without_subsections() -> None:
    sections = extract_sections(OLD)
    assert [(s.label, s.title, s.level) for s in sections] == [
        ("rettigheder", "5. Dine rettigheder", 1),
        ("berigtigelse", "5.2 Ret til berigtigelse", 2),
        ("sletning", "5.3 Ret til sletning", 2),
    ]
    # The parent's own text only: no subsection text, no anchors, no ¶ links.
    assert sections[0].body_html == "<p>Du har en række rettigheder.</p>"


def test_sections_are_paired_by_label_not_heading() -> None:
    redline = compare_documents(OLD, NEW)
    statuses = [(c.label, c.status) for c in redline.sections]
    assert statuses == [
        ("rettigheder", "unchanged"),
        ("berigtigelse", "changed"),
        ("sletning", "removed"),
        ("indsigelse", "added"),
    ]
    changed = redline.sections[1]
    assert changed.old_title == "5.2 Ret til berigtigelse"
    assert changed.new_title == "5.1 Ret til rettelse"
    assert "<ins>altid</ins>" in changed.diff_html
    assert "<del>selv</del>" in changed.diff_html
    assert "<ins>5.1</ins>" in changed.title_diff_html
    assert "<del>5.2</del>" in changed.title_diff_html
    assert redline.sections[2].diff_html == "<p><del>Du kan få slettet oplysninger.</del></p>"
    assert redline.sections[3].diff_html == "<p><ins>Du kan gøre indsigelse.</ins></p>"
    assert (redline.count("changed"), redline.count("added"), redline.count("removed")) == (1, 1, 1)


def test_short_common_runs_are_kept() -> None:
    """lxml's htmldiff drops matches of <= 2 tokens; ours keeps "Du har" and "om" unmarked."""
    from lxml.html.diff import htmldiff

    old = "<p>Du har ret til at få rettet oplysninger om dig.</p>"
    new = "<p>Du har altid ret til at få slettet oplysninger om dig selv.</p>"
    assert "<del>Du har</del>" in htmldiff(old, new)  # the weakness this module fixes
    result = diff_html(old, new)
    assert result.startswith("<p>Du har <ins>altid</ins> ret til at få")
    assert "<del>Du" not in result
    assert "oplysninger om" in result


def test_identical_documents_have_no_changes() -> None:
    redline = compare_documents(OLD, OLD)
    assert not redline.has_changes
    assert "Teksten er ikke ændret." in redline.render_page("da", old_name="a", new_name="b")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", ["Ændringer fra versionen af 24. november 2026 til versionen af 1. december 2026",
                "Indsat tekst er understreget", "Nyt afsnit", "Fjernet afsnit", '<html lang="da">']),
        ("en", ["Changes from the version of 24 November 2026 to the version of 1 December 2026",
                "Inserted text is underlined", "New section", "Removed section", '<html lang="en">']),
    ],
)
def test_render_page_is_translated(language: str, expected: list[str]) -> None:
    old_name, new_name = {"da": ("24. november 2026", "1. december 2026"),
                          "en": ("24 November 2026", "1 December 2026")}[language]
    page_html = compare_documents(OLD, NEW).render_page(language, old_name=old_name, new_name=new_name)
    for text in expected:
        assert text in page_html
    # Marks are understandable without colour: text markers in the stylesheet.
    assert 'ins::before { content: "[+' in page_html
    assert "line-through" in page_html


MOVED_OLD = page(
    '<section id="modtagere"><h2>4. Modtagere</h2><p>Vi videregiver oplysninger til leverandører.</p>'
    '<section id="overfoersel"><h3>4.1 Overførsel til tredjelande</h3></section>'
    '<section id="databehandler"><h3>4.2 WEXO som databehandler</h3>'
    "<p>Når en kunde anvender vores ydelser, er vi databehandler.</p>"
    "<p>WEXO kan overføre dine personoplysninger til tredjelande, når det er nødvendigt.</p>"
    '<div class="table-wrapper" id="modtagere-tabel"><table><tr><td>Microsoft Inc i USA</td><td>LinkedIn: Virksomhedsprofil på LinkedIn.</td></tr></table></div>'
    "</section></section>"
)
MOVED_NEW = page(
    '<section id="modtagere"><h2>4. Modtagere</h2><p>Vi videregiver oplysninger til leverandører.</p>'
    '<section id="overfoersel"><h3>4.1 Overførsel til tredjelande</h3>'
    "<p>WEXO kan overføre dine personoplysninger til tredjelande, når det er nødvendigt.</p>"
    '<div class="table-wrapper" id="modtagere-tabel"><table><tr><td>Microsoft Inc i USA</td><td>LinkedIn: Virksomhedsprofil på LinkedIn.</td></tr></table></div>'
    "</section></section>"
)


def test_moved_text_is_shown_once_as_moved_with_a_link_from_its_old_place() -> None:
    redline = compare_documents(MOVED_OLD, MOVED_NEW)
    by_label = {change.label: change for change in redline.sections}
    (move,) = redline.moves
    assert (move.old_label, move.new_label) == ("databehandler", "overfoersel")
    arrived = [part for part in by_label["overfoersel"].parts if part.kind == "moved-in"]
    assert len(arrived) == 1
    assert "WEXO kan overføre" in arrived[0].html and "Microsoft Inc" in arrived[0].html
    assert "<ins>" not in arrived[0].html  # not an insertion
    left = by_label["databehandler"]
    assert [part.kind for part in left.parts] == ["diff", "moved-out"]
    assert "<del>Når en kunde" in left.parts[0].html
    assert "WEXO kan overføre" not in left.diff_html  # not a deletion either
    page_html = redline.render_page("da", old_name="a", new_name="b")
    document = lxml.html.document_fromstring(page_html)
    note = document.get_element_by_id(move.origin_anchor)
    assert "Teksten er flyttet til 4.1 Overførsel til tredjelande." in note.text_content()
    assert note.xpath(".//a/@href") == [f"#{move.anchor}"]
    moved = document.get_element_by_id(move.anchor)
    assert "Flyttet hertil fra 4.2 WEXO som databehandler." in moved.text_content()
    assert moved.xpath(".//a/@href") == [f"#{move.origin_anchor}"]


def test_no_id_twice_in_a_redline() -> None:
    """The old text's ids that the new text also has are dropped (a table changed, not moved)."""
    old = MOVED_OLD.replace("Microsoft Inc i USA", "Microsoft Inc i Irland").replace(
        "<p>Når en kunde anvender vores ydelser, er vi databehandler.</p>", "")
    page_html = compare_documents(old, MOVED_NEW.replace("Microsoft Inc i USA", "Google LLC i USA")).render_page(
        "da", old_name="a", new_name="b")
    ids = lxml.html.document_fromstring(page_html).xpath("//@id")
    assert sorted(id_ for id_ in set(ids) if ids.count(id_) > 1) == []
    assert ids.count("modtagere-tabel") == 1
