"""DOCX text, streamed: the same text python-docx gave, in bounded time and memory."""

from __future__ import annotations

import io

import docx
import pytest
from docx.enum.text import WD_BREAK

from councils.files import FileRefused
from councils.importer import word
from councils.importer.word import docx_text
from tests.files import factories as f


def _saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_headings_lists_breaks_and_merged_cells():
    document = docx.Document()
    document.add_heading("Referat", 0)
    document.add_heading("Punkt 1", 2)
    document.add_paragraph("en", style="List Number")
    document.add_paragraph("to", style="List Number")
    document.add_paragraph("punkt", style="List Bullet")
    paragraph = document.add_paragraph("linje 1")
    paragraph.add_run().add_break()
    paragraph.add_run("linje 2\tkolonne")
    paragraph.add_run().add_break(WD_BREAK.PAGE)  # a page break is no line break
    table = document.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = f"{r}{c}"
    table.cell(0, 0).merge(table.cell(0, 1))  # across: the text once
    table.cell(1, 2).merge(table.cell(2, 2))  # down: the text on both rows
    document.add_paragraph("efter tabellen")
    lines = docx_text(_saved(document), "r.docx").splitlines()
    assert lines[:6] == ["# Referat", "## Punkt 1", "1. en", "2. to", "- punkt", "linje 1"]
    assert lines[6] == "linje 2\tkolonne"
    assert lines[7:11] == ["00 01\t02", "10\t11\t12 22", "20\t21\t12 22", ""]
    assert lines[11] == "efter tabellen"


def test_runs_in_hyperlinks_count_but_text_boxes_and_deletions_do_not():
    body = (
        '<w:p><w:r><w:t xml:space="preserve">Se </w:t></w:r>'
        '<w:hyperlink><w:r><w:t>randers.dk</w:t></w:r></w:hyperlink>'
        "<w:del><w:r><w:delText>slettet</w:delText></w:r></w:del>"
        "<w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>boks</w:t></w:r></w:p></w:txbxContent>"
        "</w:drawing></w:r></w:p>"
    )
    assert docx_text(f.docx(body), "r.docx") == "Se randers.dk\n"


def test_twenty_thousand_paragraphs_take_under_a_second_or_so(bounded):
    # python-docx took 255 s for this 45 KB file: every paragraph's style looked up anew.
    data = f.docx(f.paragraph("Punkt 1. Godkendelse af dagsorden og andet tekst her") * 20_000)
    with bounded(seconds=10, megabytes=64):
        text = docx_text(data, "r.docx")
    assert text.count("\n") == 20_000


def test_text_over_the_character_cap_is_refused(monkeypatch, bounded):
    monkeypatch.setattr(word, "MAX_TEXT_CHARS", 10_000)
    data = f.docx(f.paragraph("x" * 100) * 1000)
    with bounded(seconds=5, megabytes=32):
        with pytest.raises(FileRefused) as info:
            docx_text(data, "lang.docx")
    assert info.value.code == "too_many_characters" and "“lang.docx”" in info.value.message


def test_an_xml_part_over_the_cap_is_refused_while_parsing(monkeypatch, bounded):
    from councils.files import archive

    monkeypatch.setattr(archive, "XML_PART_CAP_BYTES", 1024 * 1024)
    data = f.varied_text_docx(2 * 1024 * 1024)
    with bounded(seconds=5, megabytes=32):
        with pytest.raises(FileRefused) as info:
            docx_text(data, "stor.docx")
    assert info.value.code == "xml_too_large" and "word/document.xml" in info.value.cli


def test_entities_are_never_expanded_even_without_the_intake(bounded):
    data = f.raw_zip([("word/document.xml", f.entity_bomb_xml().encode())])
    with bounded(seconds=2, megabytes=16):
        with pytest.raises(FileRefused) as info:
            docx_text(data, "bombe.docx")
    assert info.value.code == "xml_dtd"


def test_broken_xml_is_refused_as_damaged():
    data = f.raw_zip([("word/document.xml", b"<w:document><w:body><w:p>")])
    with pytest.raises(FileRefused) as info:
        docx_text(data, "r.docx")
    assert info.value.code == "damaged"
