"""ZIP containers (DOCX) opened with bounded work: nothing is trusted that the headers claim.

- ``open_zip``: the central directory is counted by walking it (at most ZIP_MAX_MEMBERS
  entries; Python's zipfile would read a million of them into memory first), then every
  member name, flag and compression method is checked: no absolute paths, "..", backslashes,
  drive letters or duplicate names; no encrypted members; only stored or deflated data.
- ``scan_members``: every member is decompressed in chunks and the bytes that come out are
  counted: a member over the member limit, all members over the total limit, or a member
  unpacking to more than ZIP_MAX_RATIO × its compressed size is refused as soon as the count
  passes the limit. A member whose real size differs from its header fails zipfile's CRC and
  size check and is refused as damaged. Archives inside the archive are refused, except
  Office's embedded objects (``word/embeddings/``), which are stored and never opened.
- ``xml_events``: one XML part parsed incrementally (lxml's pull parser) from a counted
  stream, at most XML_PART_CAP_BYTES, with entities never resolved, no network, no DTD: a
  part with a DOCTYPE (which OOXML never has; it is how "billion laughs" entity bombs work)
  is refused.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator

from django.utils.translation import gettext as _

from .errors import FileRefused
from .limits import (
    MB,
    XML_PART_CAP_BYTES,
    ZIP_MAX_MEMBERS,
    ZIP_MAX_RATIO,
    ZIP_RATIO_GRACE_BYTES,
    ZIP_READ_CHUNK,
    zip_member_limit,
    zip_total_limit,
)

EOCD = b"PK\x05\x06"
EOCD64_LOCATOR = b"PK\x06\x07"
EOCD64 = b"PK\x06\x06"
CENTRAL_HEADER = b"PK\x01\x02"
CENTRAL_HEADER_SIZE = 46
MAX_EOCD_COMMENT = 65535
ALLOWED_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}  # all that OOXML permits
EMBEDDED_OBJECTS = "word/embeddings/"  # Office's embedded objects: stored, never opened
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
DOCTYPE_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
# What zipfile and zlib raise on damaged archives (NotImplementedError: "zip file version").
ZIP_ERRORS = (
    zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError,
    KeyError, RuntimeError, NotImplementedError, struct.error,
)  # fmt: skip
ROOT_START = re.compile(rb"<[A-Za-z_]")


def _damaged(name: str, detail: str, detail_en: str) -> FileRefused:
    return FileRefused(
        "damaged",
        _(
            "“%(name)s” er beskadiget eller ikke gemt færdigt (%(detail)s). Gem filen igen som "
            "Word (DOCX) eller PDF, og upload den igen."
        )
        % {"name": name, "detail": detail},
        f"The Word document is damaged ({detail_en}); save it again as .docx.",
    )


def _too_large(name: str, limit: int, detail: str, detail_en: str) -> FileRefused:
    return FileRefused(
        "unpacks_too_large",
        _(
            "“%(name)s” pakker sig ud til mere end %(limit)d MB (%(detail)s); sådan en fil kan "
            "ikke være et almindeligt dokument. Gem den igen uden indlejrede objekter, eller "
            "gem den som PDF."
        )
        % {"name": name, "limit": limit // MB, "detail": detail},
        f"The Word document unpacks to more than {limit // MB} MB ({detail_en}): a zip bomb or "
        "huge embedded objects. Save it again without them, or as PDF.",
    )


def _too_compressed(name: str, member: str) -> FileRefused:
    return FileRefused(
        "unpacks_too_large",
        _(
            "“%(name)s” indeholder en del (%(member)s), der pakker sig ud til mere end %(ratio)d "
            "gange sin pakkede størrelse; sådan pakker intet almindeligt dokument. Gem den igen, "
            "eller gem den som PDF."
        )
        % {"name": name, "member": member, "ratio": ZIP_MAX_RATIO},
        f"The Word document's part {member} unpacks to more than {ZIP_MAX_RATIO} times its "
        "compressed size: a zip bomb. Save the document again, or as PDF.",
    )


def has_dtd(head: bytes) -> bool:
    """Whether the start of an XML part declares a DOCTYPE or entities before its root."""
    root = ROOT_START.search(head)
    prolog = head[: root.start()] if root else head
    return any(marker in prolog for marker in DOCTYPE_MARKERS)


def _dtd(name: str, member: str) -> FileRefused:
    return FileRefused(
        "xml_dtd",
        _(
            "“%(name)s” har en del (%(member)s) med en DTD, som Word aldrig skriver (sådan "
            "virker XML-bomber). Gem dokumentet igen i Word, eller gem det som PDF."
        )
        % {"name": name, "member": member},
        f"The Word document's part {member} has a DTD, which Word never writes (XML entity "
        "bombs use one); save it again in Word or as PDF.",
    )


def count_members(data: bytes, name: str) -> int:
    """Entries in the central directory, counted by walking it (never more than the limit)."""
    start = max(0, len(data) - 22 - MAX_EOCD_COMMENT)
    pos = data.rfind(EOCD, start)
    if pos < 0 or len(data) - pos < 22:
        raise FileRefused(
            "truncated",
            _(
                "“%(name)s” er afkortet: slutningen af filen mangler. Hent eller gem filen igen."
            )
            % {"name": name},
            "The file is truncated (the end of the ZIP archive is missing); save it again.",
        )
    (_sig, _disk, _cd_disk, _n_disk, entries, cd_size, cd_offset, _comment) = struct.unpack(
        "<4s4H2LH", data[pos : pos + 22]
    )
    cd_end = pos
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF:
        locator = pos - 20
        if locator < 0 or data[locator : locator + 4] != EOCD64_LOCATOR:
            raise _damaged(name, "zip64", "zip64 end record")
        eocd64 = data.rfind(EOCD64, 0, locator)
        if eocd64 < 0 or len(data) - eocd64 < 56:
            raise _damaged(name, "zip64", "zip64 end record")
        on_disk, in_total, cd_size, cd_offset = struct.unpack(
            "<QQQQ", data[eocd64 + 24 : eocd64 + 56]
        )
        entries, cd_end = max(on_disk, in_total), eocd64
    if entries > ZIP_MAX_MEMBERS:
        raise _too_many(name, entries)
    # Walk the directory where zipfile will read it (it ends where the end record starts).
    position, counted = cd_end - cd_size, 0
    if position < 0:
        raise _damaged(name, _("forkert indholdsfortegnelse"), "bad central directory")
    while position < cd_end:
        header = data[position : position + CENTRAL_HEADER_SIZE]
        if len(header) < CENTRAL_HEADER_SIZE or header[:4] != CENTRAL_HEADER:
            raise _damaged(name, _("forkert indholdsfortegnelse"), "bad central directory")
        name_len, extra_len, comment_len = struct.unpack("<3H", header[28:34])
        position += CENTRAL_HEADER_SIZE + name_len + extra_len + comment_len
        counted += 1
        if counted > ZIP_MAX_MEMBERS:
            raise _too_many(name, counted)
    return counted


def _too_many(name: str, count: int) -> FileRefused:
    return FileRefused(
        "too_many_members",
        _(
            "“%(name)s” består af mere end %(limit)d filer; et Word-dokument har normalt "
            "under 100. Gem det igen, eller gem det som PDF."
        )
        % {"name": name, "limit": ZIP_MAX_MEMBERS},
        f"The archive has more than {ZIP_MAX_MEMBERS} members ({count} or more); "
        "save the document again or as PDF.",
    )


def open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    """The archive, after the structural checks (no member is decompressed here)."""
    count_members(data, name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except ZIP_ERRORS as exc:
        raise _damaged(name, _("kan ikke åbnes"), f"{type(exc).__name__}: {exc}") from exc
    seen: set[str] = set()
    for info in infos:
        member = info.filename
        if not _safe_member_name(member):
            raise FileRefused(
                "unsafe_member_name",
                _(
                    "“%(name)s” indeholder en fil med et ugyldigt navn (%(member)s). Gem "
                    "dokumentet igen i Word, eller gem det som PDF."
                )
                % {"name": name, "member": member[:80]},
                f"The archive contains a member with an unsafe name ({member[:80]!r}).",
            )
        if member.casefold() in seen:
            raise _damaged(
                name,
                _("to dele med samme navn: %(member)s") % {"member": member[:80]},
                f"two members named {member[:80]!r}",
            )
        seen.add(member.casefold())
        if info.flag_bits & 0x1:
            raise encrypted_docx(name)
        if info.compress_type not in ALLOWED_METHODS:
            raise _damaged(
                name, _("ukendt komprimering"), f"compression method {info.compress_type}"
            )
        if info.file_size > zip_member_limit():
            raise _too_large(
                name, zip_member_limit(), _("ifølge filen selv"), "as the file itself declares"
            )
    if sum(info.file_size for info in infos) > zip_total_limit():
        raise _too_large(
            name, zip_total_limit(), _("ifølge filen selv"), "as the file itself declares"
        )
    return archive


def encrypted_docx(name: str) -> FileRefused:
    return FileRefused(
        "encrypted",
        _(
            "“%(name)s” er beskyttet med adgangskode eller gemt i det gamle Word-format (.doc). "
            "Fjern adgangskoden, eller gem den som Word-dokument (.docx), og upload den igen."
        )
        % {"name": name},
        "The Word file is encrypted or in the old .doc format; remove the password or save it "
        "as .docx (Word 2007 or later).",
    )


def _safe_member_name(member: str) -> bool:
    if not member or "\x00" in member or "\\" in member or member.startswith("/"):
        return False
    if len(member) > 1 and member[1] == ":":  # a Windows drive letter
        return False
    parts = member.split("/")
    return ".." not in parts and posixpath.normpath(member).lstrip("/") == member.rstrip("/")


def scan_members(archive: zipfile.ZipFile, name: str) -> int:
    """Decompress every member, counting real bytes against the limits; the total unpacked."""
    member_limit, total_limit = zip_member_limit(), zip_total_limit()
    total = 0
    for info in archive.infolist():
        if info.is_dir():
            continue
        member = info.filename[:80]
        size = 0
        head = b""
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(ZIP_READ_CHUNK):
                    if not head:
                        head = chunk
                        if member.endswith((".xml", ".rels")) and has_dtd(head):
                            raise _dtd(name, member)
                    size += len(chunk)
                    total += len(chunk)
                    if size > member_limit:
                        raise _too_large(name, member_limit, member, member)
                    if total > total_limit:
                        raise _too_large(
                            name, total_limit, _("alle delene tilsammen"), "all parts together"
                        )
                    if (
                        size > ZIP_RATIO_GRACE_BYTES
                        and size > ZIP_MAX_RATIO * max(info.compress_size, 1)
                    ):
                        raise _too_compressed(name, member)
        except FileRefused:
            raise
        except ZIP_ERRORS as exc:
            raise _damaged(name, member, f"{member}: {exc}"[:160]) from exc
        if head.startswith(ZIP_MAGICS) and not info.filename.startswith(EMBEDDED_OBJECTS):
            raise FileRefused(
                "nested_archive",
                _(
                    "“%(name)s” indeholder et andet arkiv (%(member)s). Et Word-dokument "
                    "indeholder ikke arkiver uden for indlejrede objekter; gem det igen, eller "
                    "gem det som PDF."
                )
                % {"name": name, "member": info.filename[:80]},
                f"The archive contains another archive ({info.filename[:80]}); "
                "nested archives are refused.",
            )
    return total


class _CountedStream:
    """A member's decompressed bytes, refused once more than ``limit`` have come out."""

    def __init__(self, raw, limit: int, name: str, member: str):
        self.raw, self.limit, self.name, self.member = raw, limit, name, member
        self.count = 0

    def read(self, size: int = ZIP_READ_CHUNK) -> bytes:
        chunk = self.raw.read(min(size, ZIP_READ_CHUNK))
        self.count += len(chunk)
        if self.count > self.limit:
            raise FileRefused(
                "xml_too_large",
                _(
                    "“%(name)s” har en tekstdel (%(member)s) på mere end %(limit)d MB; det "
                    "kan ikke læses sikkert. Del dokumentet op, eller gem det som PDF."
                )
                % {"name": self.name, "member": self.member, "limit": self.limit // MB},
                f"The Word document's part {self.member} is larger than "
                f"{self.limit // MB} MB of XML; split the document or save it as PDF.",
            )
        return chunk


def xml_events(
    archive: zipfile.ZipFile,
    member: str,
    name: str,
    *,
    tags=None,
    limit: int | None = None,
) -> Iterator[object]:
    """Elements of one XML part as they end (lxml "end" events, only ``tags`` if given),
    parsed incrementally; nothing when the part is missing.

    The caller may clear and remove each element after handling it: memory then stays
    bounded by the open elements, not the part. DTDs are refused, entities never expanded.
    """
    from lxml import etree

    parser = etree.XMLPullParser(
        events=("end",),
        tag=tags,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        info = archive.getinfo(member)
    except KeyError:  # an optional part that is not there
        return
    try:
        raw = archive.open(info)
    except ZIP_ERRORS as exc:
        raise _damaged(name, member, f"{member}: {exc}"[:160]) from exc
    stream = _CountedStream(raw, limit or XML_PART_CAP_BYTES, name, member)
    prolog, in_prolog = b"", True
    try:
        with raw:
            while chunk := stream.read():
                if in_prolog:  # before the root element: where a DOCTYPE would be
                    prolog += chunk
                    if has_dtd(prolog):
                        raise _dtd(name, member)
                    in_prolog, prolog = ROOT_START.search(prolog) is None, prolog[-16:]
                parser.feed(chunk)
                for _event, element in parser.read_events():
                    yield element
            parser.close()
            for _event, element in parser.read_events():
                yield element
    except FileRefused:
        raise
    except (etree.XMLSyntaxError, *ZIP_ERRORS) as exc:
        raise _damaged(name, member, f"{member}: {exc}"[:160]) from exc
