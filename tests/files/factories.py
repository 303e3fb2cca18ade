"""Builders of good and hostile files, made in the test (no checked-in blobs)."""

from __future__ import annotations

import io
import random
import struct
import zipfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
DOCUMENT_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'
DOCUMENT_TAIL = "</w:body></w:document>"
MB = 1024 * 1024


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def docx(body: str = paragraph("REFERAT Byrådet"), extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal DOCX: content types and word/document.xml with ``body``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", DOCUMENT_HEAD + body + DOCUMENT_TAIL)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb_docx(unpacked: int = 100_000_000) -> bytes:
    """A DOCX whose document.xml is ``unpacked`` bytes of repeated XML (a few hundred KB
    compressed), written in chunks so the builder itself stays small in memory."""
    buffer = io.BytesIO()
    chunk = ("<w:p><w:r><w:t>bombe</w:t></w:r></w:p>" * 2000).encode()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(DOCUMENT_HEAD.encode())
            written = len(DOCUMENT_HEAD)
            while written + len(chunk) < unpacked:
                member.write(chunk)
                written += len(chunk)
            member.write(DOCUMENT_TAIL.encode())
    return buffer.getvalue()


def varied_text_docx(unpacked: int, vocabulary: int = 50, seed: int = 7) -> bytes:
    """A DOCX of about ``unpacked`` bytes of XML of random words: it compresses like text
    (about 7:1 with 50 words), not like a bomb."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyzæøå"
    words = ["".join(rng.choice(letters) for _ in range(7)) for _ in range(vocabulary)]
    parts, size = [], 0
    while size < unpacked:
        p = paragraph(" ".join(rng.choice(words) for _ in range(40)))
        parts.append(p)
        size += len(p.encode())
    return docx("".join(parts))


def with_declared_size(data: bytes, member: str, size: int) -> bytes:
    """The archive with ``member``'s uncompressed size in its headers replaced by ``size``."""
    data = bytearray(data)
    encoded = member.encode()
    # Central directory entries: uncompressed size at offset 24, name length at 28.
    position = 0
    while (position := data.find(b"PK\x01\x02", position)) >= 0:
        name_len = struct.unpack("<H", data[position + 28 : position + 30])[0]
        if bytes(data[position + 46 : position + 46 + name_len]) == encoded:
            data[position + 24 : position + 28] = struct.pack("<L", size)
        position += 4
    # Local headers: uncompressed size at offset 22.
    position = 0
    while (position := data.find(b"PK\x03\x04", position)) >= 0:
        name_len = struct.unpack("<H", data[position + 26 : position + 28])[0]
        if bytes(data[position + 30 : position + 30 + name_len]) == encoded:
            data[position + 22 : position + 26] = struct.pack("<L", size)
        position += 4
    return bytes(data)


def entity_bomb_xml(levels: int = 9) -> str:
    """ "Billion laughs": a document.xml whose entities would expand to 10**levels × "lol"."""
    entities = "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels + 1)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">{entities}]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol{levels};</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )


def many_members_docx(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", DOCUMENT_HEAD + paragraph("x") + DOCUMENT_TAIL)
        for index in range(count):
            archive.writestr(f"word/media/{index}.txt", b"")
    return buffer.getvalue()


def with_entry_count(data: bytes, count: int) -> bytes:
    """The archive with the end record's entry counts replaced by ``count`` (a lie)."""
    data = bytearray(data)
    position = data.rfind(b"PK\x05\x06")
    data[position + 8 : position + 12] = struct.pack("<HH", count, count)
    return bytes(data)


def raw_zip(members: list[tuple[str, bytes]], *, flag_bits: int = 0) -> bytes:
    """A stored ZIP written by hand, so member names zipfile would refuse to write are kept."""
    import zlib

    local, central = bytearray(), bytearray()
    for name, data in members:
        encoded = name.encode()
        crc = zlib.crc32(data)
        offset = len(local)
        local += struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, flag_bits, 0, 0, 0, crc, len(data), len(data),
            len(encoded), 0,
        ) + encoded + data  # fmt: skip
        central += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, flag_bits, 0, 0, 0, crc, len(data), len(data),
            len(encoded), 0, 0, 0, 0, 0, offset,
        ) + encoded  # fmt: skip
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), len(local), 0
    )
    return bytes(local + central + end)


def png() -> bytes:
    """A valid 1×1 PNG image."""
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def pdf(pages: int = 1, text: str | list[str] | None = None) -> bytes:
    """A valid PDF written by hand: ``pages`` pages, each with ``text`` (Helvetica) if given
    (a list: one line per page, repeated)."""
    objects: dict[int, bytes] = {}
    first_page = 4
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(pages))
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[2] = f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode()
    objects[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    for i in range(pages):
        page, content = first_page + 2 * i, first_page + 2 * i + 1
        line = text[i % len(text)] if isinstance(text, list) else text
        stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode() if text else b""
        objects[page] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>"
        ).encode()
        objects[content] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for number in sorted(objects):
        out += b"%010d 00000 n \n" % offsets[number]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def encrypted_pdf(user_password: str = "hemmelig", owner_password: str = "ejer") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf(1, "Fortroligt bilag"))))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


HTML_PAGE = (
    b"<!DOCTYPE html><html><head><title>x</title></head>"
    b"<body><script>alert(1)</script></body></html>"
)
SVG_IMAGE = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)
