"""The intake: format by content per purpose, size, names, and one error type with messages."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from councils.files import (
    BILAG,
    REFERAT,
    FileRefused,
    accept,
    accept_upload,
    check_size,
)
from tests.files import factories as f

TEXT = "REFERAT Byrådet d. 22-04-2024\n\nPunkt 1: Godkendelse af dagsorden\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100


@pytest.mark.parametrize(
    ("name", "data", "purpose", "fmt", "content_type"),
    [
        ("Referat.PDF", f.pdf(1, "Punkt 1"), REFERAT, "pdf", "application/pdf"),
        ("bilag.pdf", f.pdf(1, "Bilag"), BILAG, "pdf", "application/pdf"),
        (
            "r.docx",
            f.docx(),
            BILAG,
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("r.txt", TEXT.encode(), REFERAT, "txt", "text/plain; charset=utf-8"),
        ("r.txt", TEXT.encode("cp1252"), BILAG, "txt", "text/plain; charset=windows-1252"),
        ("r.txt", TEXT.encode("utf-16"), REFERAT, "txt", "text/plain; charset=utf-16"),
        ("r.md", b"# Punkt 1: Test", REFERAT, "md", "text/markdown; charset=utf-8"),
        ("r.markdown", b"<!-- note -->\n# Punkt 1", REFERAT, "md", "text/markdown; charset=utf-8"),
        ("side.html", f.HTML_PAGE, REFERAT, "html", "text/html"),
    ],
)
def test_allowed_files_are_accepted_with_their_facts(name, data, purpose, fmt, content_type):
    accepted = accept(data, name, purpose)
    assert (accepted.format, accepted.content_type) == (fmt, content_type)
    assert accepted.size == len(data) and accepted.data == data
    assert accepted.sha256 == hashlib.sha256(data).hexdigest()
    assert accepted.storage_name == f"{accepted.sha256}.{fmt}"  # never the uploaded name
    assert accepted.name == name.replace(".PDF", ".pdf")


@pytest.mark.parametrize(
    ("name", "data", "purpose", "code"),
    [
        ("referat.pdf", b"", REFERAT, "empty"),
        ("referat.pdf", f.docx(), REFERAT, "not_pdf"),
        ("referat.pdf", TEXT.encode(), REFERAT, "not_pdf"),
        ("bilag.pdf", f.HTML_PAGE, BILAG, "not_pdf"),
        ("bilag.docx", f.pdf(), BILAG, "not_docx"),
        ("referat.docx", TEXT.encode(), REFERAT, "not_docx"),
        ("referat.docx", OLE, REFERAT, "encrypted"),
        ("referat.docx", f.raw_zip([("xl/workbook.xml", b"<w/>")]), REFERAT, "not_docx"),
        ("referat.txt", f.pdf(), REFERAT, "wrong_extension"),
        ("referat.txt", f.docx(), REFERAT, "wrong_extension"),
        ("referat.txt", PNG, BILAG, "wrong_extension"),
        ("referat.txt", EXE, BILAG, "wrong_extension"),
        ("referat.txt", b"{\\rtf1\\ansi Punkt 1}", REFERAT, "wrong_extension"),
        ("referat.html", TEXT.encode(), REFERAT, "not_html"),
        ("referat.txt", b"\x00\x01\x02binary\x00", REFERAT, "binary"),
        ("referat.txt", b"   \n\n\t\n", REFERAT, "empty"),
        ("referat.rtf", b"{\\rtf1}", REFERAT, "unknown_extension"),
        ("README", TEXT.encode(), REFERAT, "unknown_extension"),
        ("bilag.md", b"# Bilag", BILAG, "not_allowed"),
        ("program.exe", EXE, BILAG, "not_allowed"),
    ],
)
def test_refusals_say_what_is_wrong_in_danish_and_in_one_line(name, data, purpose, code):
    with pytest.raises(FileRefused) as info:
        accept(data, name, purpose)
    refused = info.value
    assert refused.code == code
    assert f"“{name}”" in refused.message  # names the file, for the secretary
    assert refused.message.strip() and "\n" not in refused.message
    assert refused.cli.strip() and "\n" not in refused.cli
    assert refused.cli != refused.message  # the command gets its own line


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bilag.html", f.HTML_PAGE),
        ("bilag.htm", f.HTML_PAGE),
        ("bilag.HTML", f.HTML_PAGE),
        ("bilag.svg", f.SVG_IMAGE),
        ("bilag.xhtml", f.HTML_PAGE),
        ("bilag.txt", f.HTML_PAGE),  # HTML content under an allowed name
        ("bilag.txt", b"\n  <html><body>hej</body></html>"),
        ("bilag.txt", f.SVG_IMAGE),
        ("bilag.txt", b"<svg onload=alert(1)>"),
        ("bilag.txt", "<!DOCTYPE html>".encode("utf-16")),
    ],
)
def test_html_and_svg_are_never_a_bilag(name, data):
    with pytest.raises(FileRefused) as info:
        accept(data, name, BILAG)
    assert info.value.code == "not_allowed"
    assert "kan ikke bruges som bilag" in info.value.message
    assert "bilag" in info.value.cli


def test_html_is_a_referat_format_detected_by_content():
    assert accept(f.HTML_PAGE, "møde.htm", REFERAT).format == "html"
    assert REFERAT.allows("html") and not BILAG.allows("html")


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\sek\\Referat 25.03.txt", "Referat 25.03.txt"),
        ("\x00\x1fnavn.txt", "navn.txt"),
        ("referat.pdf\x00.txt", "referat.pdf.txt"),  # the NUL trick: what counts is .txt
        ("referat<script>.TXT", "referatscript.txt"),
        ("referat\u202etxt.txt", "referattxt.txt"),  # RTL override removed
        ("zero\u200bwidth.txt", "zerowidth.txt"),
        ("linje\nskift.txt", "linje skift.txt"),
    ],
)
def test_odd_names_become_safe_display_names(raw, shown):
    accepted = accept(TEXT.encode(), raw, REFERAT)
    assert accepted.name == shown
    assert "/" not in accepted.storage_name and shown not in accepted.storage_name


def test_a_very_long_name_is_shortened_and_keeps_its_extension():
    accepted = accept(TEXT.encode(), "a" * 5000 + ".txt", REFERAT)
    assert len(accepted.name) == 200 and accepted.name.endswith(".txt")


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("faktura\u202etxt.exe", "not_allowed"),  # shows as "fakturaexe.txt" in a browser
        ("..", "unknown_extension"),
        ("", "unknown_extension"),
        ("/", "unknown_extension"),
    ],
)
def test_names_that_hide_their_type_are_refused(raw, code):
    with pytest.raises(FileRefused) as info:
        accept(TEXT.encode(), raw, BILAG)
    assert info.value.code == code


def test_size_limit_is_the_setting(settings):
    settings.REFERATER_MAX_UPLOAD_BYTES = 1024 * 1024
    accept(b"x" * (1024 * 1024), "ok.txt", REFERAT)
    with pytest.raises(FileRefused) as info:
        accept(b"x" * (1024 * 1024 + 1), "stor.txt", REFERAT)
    assert info.value.code == "too_large"
    assert "grænsen er 1 MB" in info.value.message
    assert "REFERATER_MAX_UPLOAD_MB" in info.value.cli


class _Unreadable:
    """An upload that claims a size and must not be read."""

    name = "stor.pdf"
    size = 10 * 1024 * 1024 * 1024

    def read(self, *args):  # pragma: no cover - the point is that it is not called
        raise AssertionError("the file was read before its size was checked")

    seek = read


def test_an_upload_over_the_limit_is_refused_before_it_is_read():
    with pytest.raises(FileRefused) as info:
        accept_upload(_Unreadable(), REFERAT)
    assert info.value.code == "too_large"
    with pytest.raises(FileRefused):
        check_size(0, "tom.txt")


def test_accept_upload_reads_a_django_upload():
    upload = SimpleUploadedFile("../Bilag 1.txt", b"Bilagstekst")
    accepted = accept_upload(upload, BILAG)
    assert (accepted.name, accepted.format, accepted.data) == ("Bilag 1.txt", "txt", b"Bilagstekst")


def test_a_portal_page_saved_as_text_is_read_as_the_html_it_is_for_a_referat_only():
    accepted = accept(f.HTML_PAGE, "referat.txt", REFERAT)
    assert (accepted.format, accepted.content_type) == ("html", "text/html")
    with pytest.raises(FileRefused) as info:
        accept(f.HTML_PAGE, "bilag.txt", BILAG)
    assert info.value.code == "not_allowed"
