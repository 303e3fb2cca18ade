"""Extraction: text encodings, bad inputs, and seeds converted to PDF and DOCX."""

from __future__ import annotations

import pytest

from councils.importer.extract import extract_text

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
