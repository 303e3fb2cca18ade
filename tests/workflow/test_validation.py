import io
import zipfile

import pytest

from councils.staff.validation import (
    UploadRejected,
    check_file,
    sanitize_filename,
    sniff_format,
)


def docx_bytes(with_document=True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if with_document:
            archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\sek\\Referat 25.03.pdf", "Referat_25.03.pdf"),
        ("referat<script>.PDF", "referatscript.pdf"),
        ("Børn og Unge – referat.docx", "Børn_og_Unge_referat.docx"),
        ("\x00\x1fnavn.txt", "navn.txt"),
        ("..", "fil"),
    ],
)
def test_sanitize_filename_keeps_only_a_safe_base_name(raw, expected):
    assert sanitize_filename(raw) == expected


def test_sanitize_filename_limits_length():
    name = sanitize_filename("a" * 400 + ".pdf")
    assert name.endswith(".pdf") and len(name) <= 200


def test_sniff_format_reads_content_not_names():
    assert sniff_format(b"%PDF-1.7\n...") == "pdf"
    assert sniff_format(docx_bytes()) == "docx"
    assert sniff_format(docx_bytes(with_document=False)) is None
    assert sniff_format("Punkt 1: Godkendelse æøå".encode()) == "text"
    assert sniff_format("Punkt 1: æøå".encode("cp1252")) == "text"
    assert sniff_format(b"\x89PNG\r\n\x1a\n\x00\x00") is None


def test_check_file_accepts_matching_content():
    checked = check_file("Referat.PDF", b"%PDF-1.4 body")
    assert (checked.name, checked.format) == ("Referat.pdf", "pdf")
    assert check_file("r.docx", docx_bytes()).format == "docx"
    assert check_file("r.md", b"# Punkt 1: Test").format == "md"


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("referat.pdf", b"Punkt 1: just text", "content_mismatch"),
        ("referat.txt", b"%PDF-1.4 binary", "content_mismatch"),
        ("referat.docx", b"PK\x03\x04broken zip", "content_mismatch"),
        ("referat.exe", b"MZ\x90\x00", "unsupported_type"),
        ("referat.pdf", b"", "empty"),
    ],
)
def test_check_file_rejects_with_a_message_saying_what_to_do(name, data, code):
    with pytest.raises(UploadRejected) as info:
        check_file(name, data)
    assert info.value.code == code
    assert "“" in info.value.message  # names the file


def test_size_limit_is_the_setting(settings):
    settings.REFERATER_MAX_UPLOAD_BYTES = 1024 * 1024
    check_file("ok.txt", b"x" * (1024 * 1024))
    with pytest.raises(UploadRejected) as info:
        check_file("big.txt", b"x" * (1024 * 1024 + 1))
    assert info.value.code == "too_large"
    assert "1 MB" in info.value.message
