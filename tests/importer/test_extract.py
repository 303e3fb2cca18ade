"""Extraction: text encodings, bad inputs, and seeds converted to PDF and DOCX."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from councils.importer.errors import ImporterError
from councils.importer.extract import extract_text
from councils.importer.parse import parse_referat
from tests.importer.conftest import gold_differences, load_gold, seed_names

SAMPLE = (
    "REFERAT Ældrerådet d. 02-09-2024\n\nPunkt 1: Høring om madservice\n\nGodkendt på én gang.\n"
)


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"),
        SAMPLE.encode("cp1252"),
        SAMPLE.encode("latin-1"),
        SAMPLE.encode("utf-16"),
        SAMPLE.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "cp1252", "latin1", "utf16-bom", "crlf"],
)
def test_text_encodings_keep_danish_letters(data):
    text = extract_text(data, "referat.txt")
    assert "Ældrerådet" in text and "Høring" in text and "én" in text


def test_cp1252_specific_characters_survive():
    text = extract_text("REFERAT x – “citat” €\n".encode("cp1252"), "a.md")
    assert "– “citat” €" in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("seed", seed_names(), indirect=True)
def test_seed_converted_by_libreoffice_imports_to_gold(fmt, seed, converted_seeds, gold_dir):
    converted = converted_seeds(fmt) / f"{seed.stem}.{fmt}"
    assert converted.is_file(), f"LibreOffice did not write {converted.name}"
    text = extract_text(converted.read_bytes(), converted.name)
    parsed = parse_referat(text, seed.name)
    gold = load_gold(gold_dir, seed.name)
    assert gold_differences(parsed.to_json(), gold, fold=True) == []


@pytest.mark.parametrize("seed", seed_names(), indirect=True)
def test_pdf_keeps_danish_letters_paragraphs_and_table_rows(seed, converted_seeds):
    source = seed.read_text(encoding="utf-8")
    pdf = converted_seeds("pdf") / f"{seed.stem}.pdf"
    text = extract_text(pdf.read_bytes(), pdf.name)
    for letter in "æøåÆØÅ":
        assert text.count(letter) == source.count(letter), letter
    # Blank lines between paragraphs come back from the vertical gaps.
    assert text.count("\n\n") >= source.count("\n\n") * 0.9
    # Table rows keep their cells (TAB-separated) when the row fits on one printed line.
    # A PDF cannot show empty trailing cells, and a TAB that moved the text less than 1.5
    # spaces looks like a space; so most rows, not all, come back exactly.
    rows = [
        ln.rstrip("\t")
        for ln in source.splitlines()
        if ln.count("\t") >= 1 and len(ln) < 60 and "....." not in ln  # TOC entries aside
    ]
    extracted = set(text.splitlines())
    kept = [row for row in rows if row in extracted]
    assert len(kept) >= len(rows) * 0.7, set(rows) - extracted


def test_docx_tables_lists_and_line_breaks():
    document = docx.Document()
    document.add_paragraph("REFERAT Ældrerådet d. 02-09-2024")
    document.add_paragraph("Punkt 1: Madservice")
    document.add_paragraph("Sagsfremstilling")
    document.add_paragraph("Første punkt", style="List Bullet")
    document.add_paragraph("at forslaget godkendes", style="List Number")
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([["År", "Udgift", "Indtægt"], ["2025", "100", ""]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    text = extract_text(buffer.getvalue(), "referat.docx")
    lines = text.splitlines()
    assert "- Første punkt" in lines
    assert "1. at forslaget godkendes" in lines
    assert "År\tUdgift\tIndtægt" in lines and "2025\t100\t" in lines
    item = parse_referat(text).items[0]
    assert item.sections[0].text.splitlines()[-2:] == ["År\tUdgift\tIndtægt", "2025\t100\t"]


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("REFERAT Byrådet d. 01-02-2024")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/zip")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"", "a.txt", "empty"),
        (b"   \n\n\t\n", "a.txt", "empty"),
        (b"\x00\x01\x02binary\x00", "a.txt", "binary"),
        (bytes(range(1, 32)) * 20, "a.md", "binary"),
        (b"REFERAT", "a.rtf", "unknown_extension"),
        (b"REFERAT", "README", "unknown_extension"),
        (b"%PDF-1.7 ...", "a.txt", "wrong_extension"),
        (b"just text", "a.pdf", "not_pdf"),
        (b"just text", "a.docx", "not_docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "a.docx", "encrypted"),
        (_zip_without_document(), "a.docx", "not_docx"),
        (_docx_bytes()[:400], "a.docx", "truncated"),
        (b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n", "a.pdf", "truncated"),
    ],
)
def test_bad_input_raises_clear_importer_error(data, name, code):
    with pytest.raises(ImporterError) as info:
        extract_text(data, name)
    assert info.value.code == code
    assert info.value.message.strip() and "\n" not in info.value.message


def test_size_limit_is_a_setting(settings):
    settings.REFERATER_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ImporterError) as info:
        extract_text(SAMPLE.encode(), "a.txt")
    assert info.value.code == "too_large" and "REFERATER_MAX_UPLOAD_MB" in info.value.cli


def _synthetic_page(lines: list[str], head: str, foot: str) -> list[tuple]:
    """Words of a page at 12 pt line pitch: running head, body lines, running foot."""
    words = []
    rows = [head, *lines, foot]
    for row_no, row in enumerate(rows):
        top = 40 + row_no * 12 if row_no < len(rows) - 1 else 800
        x = 50.0
        for word in row.split():
            width = 6.0 * len(word)
            words.append((x, x + width, top, top + 10, word))
            x += width + 6.0
    return words


def test_pdf_running_heads_and_page_numbers_are_dropped():
    from councils.importer.extract import pdf_layout_text

    body = [[f"Linje {n} på side {p}" for n in range(3)] for p in range(1, 5)]
    pages = [
        _synthetic_page(lines, "Byrådet 22.04.2024", f"Side {p} af 4")
        for p, lines in enumerate(body, start=1)
    ]
    text = pdf_layout_text(pages)
    assert "Byrådet 22.04.2024" not in text and "Side" not in text.replace("på side", "")
    assert text.count("Linje 0 på side") == 4


@settings(max_examples=150, deadline=None)
@given(
    data=st.binary(max_size=3000),
    name=st.sampled_from(["a.txt", "a.md", "a.pdf", "a.docx", "a.bin"]),
    prefix=st.sampled_from([b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\xef\xbb\xbf"]),
)
def test_fuzz_extract_raises_only_importer_error(data, name, prefix):
    try:
        extract_text(prefix + data, name)
    except ImporterError as exc:
        assert exc.message and exc.code


def test_every_format_is_capped_at_max_text_chars(bounded):
    from councils.files.limits import MAX_TEXT_CHARS

    with bounded(seconds=5, megabytes=64):
        with pytest.raises(ImporterError) as info:
            extract_text(b"x" * (MAX_TEXT_CHARS + 1), "lang.txt")
    assert info.value.code == "too_many_characters"


def test_pdf_text_stops_at_the_cap_before_reading_the_characters(monkeypatch):
    from councils.importer import extract
    from tests.files.factories import pdf

    pages = [f"{word} side af referatet om godkendelse" for word in ("Forste", "Anden", "Tredje")]
    data = pdf(3, pages)
    assert extract_text(data, "r.pdf").count("godkendelse") == 3
    monkeypatch.setattr(extract, "MAX_TEXT_CHARS", 60)  # more than one page, fewer than three
    with pytest.raises(ImporterError) as info:
        extract_text(data, "r.pdf")
    assert info.value.code == "too_many_characters"


def test_html_referater_are_read_through_the_html_extractor():
    page = (
        "<!DOCTYPE html><html><head><script>alert(1)</script></head><body><nav>Menu</nav>"
        "<h1>Referat af møde i Teknisk Udvalg</h1><p>Punkt 1: Godkendelse</p></body></html>"
    ).encode()
    text = extract_text(page, "møde.html")
    assert "Punkt 1: Godkendelse" in text and "alert" not in text
    assert extract_text(page, "møde.txt") == text  # a page saved as .txt is read the same way


def test_a_zip_bomb_never_reaches_the_docx_reader(bounded):
    from tests.files.factories import zip_bomb_docx

    data = zip_bomb_docx(50_000_000)
    with bounded(seconds=5, megabytes=32):
        with pytest.raises(ImporterError) as info:
            extract_text(data, "bombe.docx")
    assert info.value.code == "unpacks_too_large"


def _valid_files() -> list[tuple[bytes, str]]:
    from tests.files.factories import docx as minimal_docx
    from tests.files.factories import pdf

    return [
        (_docx_bytes(), "r.docx"),
        (minimal_docx(), "r.docx"),
        (pdf(2, ["Side en med tekst nok til et lag", "Side to med mere tekst"]), "r.pdf"),
        (SAMPLE.encode() * 20, "r.txt"),
    ]


VALID_FILES = _valid_files()


@settings(max_examples=200, deadline=None)
@given(
    which=st.integers(0, len(VALID_FILES) - 1),
    edits=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=12),
    cut=st.floats(0.05, 1),
)
def test_fuzz_damaged_real_files_raise_only_importer_error(which, edits, cut):
    """Valid DOCX/PDF/TXT with bytes changed and the end cut off: a refusal, never a crash."""
    data, name = VALID_FILES[which]
    data = bytearray(data)
    for where, value in edits:
        data[int(where * (len(data) - 1))] = value
    try:
        extract_text(bytes(data[: max(1, int(len(data) * cut))]), name)
    except ImporterError as exc:
        assert exc.message and exc.code and exc.cli


def _line_words(
    words: list[str],
    top: float,
    height: float,
    gap: float,
    x: float = 40.0,
    char: float | None = None,
    gaps: list[float] | None = None,
) -> list[tuple]:
    """Words of one printed line: each word `char` points per letter, `gap` between them
    (or the given gaps)."""
    char = char if char is not None else height * 0.5
    out = []
    for n, word in enumerate(words):
        width = char * len(word)
        out.append((x, x + width, top, top + height, word))
        x += width + (gaps[n] if gaps and n < len(gaps) else gap)
    return out


def test_pdf_large_title_and_justified_lines_have_no_tabs_but_table_rows_keep_them():
    from councils.importer.extract import pdf_layout_text

    body = "Dette er en almindelig linje med tekst i brødteksten her".split()
    page = []
    # An 18 pt title: its spaces are wider than body spaces, still spaces.
    page += _line_words("Punkt 2: Svar på forslag om en ny bro".split(), 40, 18, 4.6)
    top = 70.0
    for _ in range(4):  # ragged body lines, 12 pt, 3 pt spaces
        page += _line_words(body, top, 12, 3.0)
        top += 12.2
    # A justified line: evenly stretched gaps, running to the right margin.
    right = max(w[1] for w in page)
    words = "Denne linje er spærret ud til en højre margen her".split()
    widths = sum(6.0 * len(w) for w in words)
    stretched = (right - 40 - widths) / (len(words) - 1)
    page += _line_words(words, top, 12, stretched)
    top += 12.2 + 6.0  # room before the table
    # A table row: small spaces inside cells, one wide gap between the cells.
    page += _line_words(["Samlet", "budget", "1.428,2"], top, 12, 3.0, gaps=[3.0, 40.0])
    text = pdf_layout_text([page])
    lines = text.splitlines()
    assert "Punkt 2: Svar på forslag om en ny bro" in lines
    assert "Denne linje er spærret ud til en højre margen her" in text.replace("\n", " ")
    assert "Samlet budget\t1.428,2" in lines
    assert "\t" not in text.replace("Samlet budget\t1.428,2", "")
    assert 3.0 * 1.5 < stretched  # the justified gaps would have been TABs by body spaces


def test_pdf_packed_paragraphs_stay_apart_and_extra_room_is_a_blank_line():
    from councils.importer.extract import pdf_layout_text

    full = "Sagen blev sendt videre til udvalget efter en lang og grundig drøftelse i".split()
    page = []
    top = 40.0

    def line(words, gap_before=0.2):
        nonlocal top, page
        top += gap_before
        page += _line_words(words, top, 12, 3.0)
        top += 12.0

    # Packed paragraphs: short last lines followed directly by the next paragraph.
    line("Første afsnit er kort.".split())
    line(full)  # reaches the margin, wraps …
    line("byrådet.".split())  # … and the paragraph ends
    line(full[:-1] + ["mødet."])  # a sentence ending at the margin …
    line("Udvalg: Magistraten".split())  # … and a new line starting with a capital
    line("Dato: 19-08-2025".split())
    line("Beslutninger".split(), gap_before=5.0)  # extra room above: a blank line
    line("Godkendt.".split(), gap_before=5.0)
    lines = pdf_layout_text([page]).splitlines()
    assert " ".join(full) + " byrådet." in lines  # the wrapped line is joined again
    assert "Udvalg: Magistraten" in lines  # not glued to the sentence above it
    at = lines.index("Beslutninger")
    assert lines[at - 1] == "" and lines[at + 1] == ""
