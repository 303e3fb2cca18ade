"""The declared table of formats and purposes, and sniffing content."""

from __future__ import annotations

import pytest

from councils.files import BILAG, FORMATS, REFERAT
from councils.files.formats import sniff
from tests.files import factories as f


def test_every_purpose_names_declared_formats_and_a_bilag_is_never_markup():
    for purpose in (REFERAT, BILAG):
        assert all(key in FORMATS for key in purpose.formats)
    assert REFERAT.formats == ("pdf", "docx", "txt", "md", "html")
    assert BILAG.formats == ("pdf", "docx", "txt")
    assert BILAG.accept_attr == ".pdf,.docx,.txt,.text"
    assert str(BILAG.allowed_labels()) == "PDF, Word (DOCX) eller tekst (TXT)"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n...", "pdf"),
        (b"\xef\xbb\xbf  %PDF-1.4", "pdf"),
        (f.docx(), "zip"),
        (b"PK\x05\x06" + b"\x00" * 18, "zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "ole"),
        (b"\x89PNG\r\n\x1a\n", "image"),
        (b"\xff\xd8\xff\xe0", "image"),
        (b"\x7fELF\x02\x01", "program"),
        (b"MZ\x90\x00\x03\x00", "program"),
        (b"MZ-udvalget holdt mode", "text"),  # "MZ" alone is not a program
        (b"{\\rtf1\\ansi}", "rtf"),
        (f.HTML_PAGE, "html"),
        (b"  <HTML lang='da'>", "html"),
        (b"<p>Punkt 1</p>", "html"),
        (b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'>", "html"),
        (f.SVG_IMAGE, "svg"),
        ("<!DOCTYPE html>".encode("utf-16"), "html"),
        (b"<!-- kommentar -->\n# Punkt 1", "text"),  # Markdown may start with a comment
        (b"<patient> fik besked", "text"),  # not a tag WHATWG lists
        ("Punkt 1: Godkendelse æøå".encode(), "text"),
    ],
)
def test_sniff(data, kind):
    assert sniff(data) == kind
