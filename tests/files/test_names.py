"""Display names keep the user's words and lose what could mislead; storage names are made."""

from __future__ import annotations

import pytest

from councils.files import display_name, storage_name
from councils.files.limits import MAX_NAME_LENGTH
from councils.files.names import extension


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\sek\\Referat 25.03.pdf", "Referat 25.03.pdf"),
        ("referat<script>.PDF", "referatscript.pdf"),
        ("Børn og Unge – referat.docx", "Børn og Unge – referat.docx"),
        ("Bo\u0308rn.txt", "Børn.txt".replace("ø", "ö")),  # NFC: o + combining diaeresis = ö
        ("\x00\x1fnavn.txt", "navn.txt"),
        ("faktura\u202efdp.exe", "fakturafdp.exe"),
        ("a\u2066b\u2069.pdf", "ab.pdf"),
        ("  ..skjult.txt  ", "skjult.txt"),
        ("navn.  ", "navn"),
        ('a:b*c?"d|e.txt', "abcde.txt"),
        ("mange    mellemrum.txt", "mange mellemrum.txt"),
        ("rapport.versionnummer-2024", "rapport.versionnummer-2024"),  # not an extension
        ("..", "fil"),
        ("", "fil"),
        (None, "fil"),
    ],
)
def test_display_name(raw, expected):
    assert display_name(raw) == expected


def test_display_name_is_short_and_keeps_the_extension():
    name = display_name("ø" * 400 + ".pdf")
    assert len(name) == MAX_NAME_LENGTH and name.endswith(".pdf")
    assert extension(name) == ".pdf" and extension("fil") == ""


def test_storage_name_is_the_hash_and_the_format():
    assert storage_name("ab" * 32, ".pdf") == "ab" * 32 + ".pdf"
