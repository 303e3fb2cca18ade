"""PDF: thousands of pages, passwords and broken files are refused in milliseconds."""

from __future__ import annotations

import pytest

from councils.files import BILAG, REFERAT, FileRefused, accept
from councils.files.limits import PDF_MAX_PAGES
from tests.files import factories as f


@pytest.fixture(scope="module")
def five_thousand_pages() -> bytes:
    return f.pdf(5000)


def test_a_pdf_of_thousands_of_pages_is_refused_without_reading_them(five_thousand_pages, bounded):
    with bounded(seconds=5, megabytes=32):
        with pytest.raises(FileRefused) as info:
            accept(five_thousand_pages, "samlet.pdf", REFERAT)
    assert info.value.code == "too_many_pages"
    assert "5000 sider" in info.value.message and f"{PDF_MAX_PAGES}" in info.value.cli


def test_the_page_limit_itself_is_accepted():
    assert accept(f.pdf(PDF_MAX_PAGES), "stor.pdf", BILAG).format == "pdf"


@pytest.mark.parametrize("purpose", [REFERAT, BILAG])
def test_a_password_protected_pdf_is_refused(purpose, bounded):
    with bounded(seconds=5, megabytes=32):
        with pytest.raises(FileRefused) as info:
            accept(f.encrypted_pdf(), "hemmelig.pdf", purpose)
    assert info.value.code == "encrypted"
    assert "adgangskode" in info.value.message and "password" in info.value.cli


def test_a_pdf_that_only_restricts_printing_opens_and_is_accepted():
    assert accept(f.encrypted_pdf(user_password=""), "laast.pdf", BILAG).format == "pdf"


@pytest.mark.parametrize(
    "data",
    [
        f.pdf(1, "tekst")[:-200],  # cut off: no %%EOF
        b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n",  # no catalog, no pages
        b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n",  # junk
    ],
    ids=["truncated", "no-pages", "junk"],
)
def test_broken_pdfs_are_refused(data):
    with pytest.raises(FileRefused) as info:
        accept(data, "referat.pdf", REFERAT)
    assert info.value.code == "truncated"
    assert "beskadiget eller afkortet" in info.value.message
