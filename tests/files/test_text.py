"""Text decoding: a fixed rule, and binary data refused."""

from __future__ import annotations

import pytest

from councils.files import FileRefused
from councils.files.text import decode_text


@pytest.mark.parametrize(
    ("data", "charset"),
    [
        ("Ældrerådet".encode(), "utf-8"),
        (b"\xef\xbb\xbf" + "Ældrerådet".encode(), "utf-8"),
        ("Ældrerådet – “citat” €".encode("cp1252"), "windows-1252"),
        ("Ældrerådet".encode("utf-16"), "utf-16"),
        (b"\xc6ldrer\xe5det \x81", "iso-8859-1"),  # 0x81 is undefined in cp1252
    ],
)
def test_decode_text_by_a_fixed_rule(data, charset):
    text, found = decode_text(data, "a.txt")
    assert found == charset and text.lstrip("\ufeff").startswith("Ældrerådet")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"tekst\x00mere", "binary"),
        (bytes(range(1, 32)) * 20, "binary"),
        (b"\xff\xfe\x00\xd8", "binary"),  # a lone UTF-16 surrogate
        (b" \n\t\r\n", "empty"),
    ],
)
def test_binary_and_blank_files_are_refused(data, code):
    with pytest.raises(FileRefused) as info:
        decode_text(data, "a.txt")
    assert info.value.code == code and "“a.txt”" in info.value.message
