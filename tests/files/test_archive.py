"""DOCX/ZIP: bombs, lying and truncated headers, too many members, nested archives, path
tricks and DTDs are refused in well under a second, with bounded memory (was: 123 s and
1.1 GB for a 352 KB DOCX)."""

from __future__ import annotations

import io
import zipfile

import pytest

from councils.files import BILAG, REFERAT, FileRefused, accept
from councils.files.limits import ZIP_MAX_MEMBERS, ZIP_MAX_RATIO
from tests.files import factories as f


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """100 MB of XML in a DOCX of a few hundred KB (each header tells the truth)."""
    data = f.zip_bomb_docx(100_000_000)
    assert len(data) < 1024 * 1024
    return data


def refused(data: bytes, name: str = "referat.docx", purpose=REFERAT) -> FileRefused:
    with pytest.raises(FileRefused) as info:
        accept(data, name, purpose)
    assert info.value.message.startswith(f"“{name}”") and "\n" not in info.value.cli
    return info.value


def test_zip_bomb_is_refused_while_streaming_within_seconds(zip_bomb, bounded):
    with bounded(seconds=5, megabytes=32):
        error = refused(zip_bomb)
    assert error.code == "unpacks_too_large"
    assert f"{ZIP_MAX_RATIO} gange" in error.message and "zip bomb" in error.cli


def test_zip_bomb_as_bilag_too(zip_bomb, bounded):
    with bounded(seconds=5, megabytes=32):
        assert refused(zip_bomb, "bilag.docx", BILAG).code == "unpacks_too_large"


def test_lying_header_declaring_a_smaller_size_is_refused(zip_bomb, bounded):
    lying = f.with_declared_size(zip_bomb, "word/document.xml", 2000)
    with bounded(seconds=5, megabytes=32):
        error = refused(lying)
    assert error.code == "damaged"  # the real bytes do not match the header (size, CRC)
    assert "word/document.xml" in error.message


def test_header_declaring_more_than_the_limit_is_refused_before_unpacking(bounded):
    lying = f.with_declared_size(f.docx(), "word/document.xml", 0xFFFFFFF0)
    with bounded(seconds=1, megabytes=8):
        error = refused(lying)
    assert error.code == "unpacks_too_large" and "as the file itself declares" in error.cli


def test_huge_xml_that_compresses_like_text_is_refused(settings, bounded):
    settings.REFERATER_MAX_UPLOAD_BYTES = 1024 * 1024  # a member may unpack to 2 MB
    data = f.varied_text_docx(3 * 1024 * 1024)
    assert len(data) < 1024 * 1024  # within the upload limit
    with bounded(seconds=5, megabytes=16):
        error = refused(data)
    assert error.code == "unpacks_too_large" and "mere end 2 MB" in error.message


def test_all_members_together_are_limited(settings):
    settings.REFERATER_MAX_UPLOAD_BYTES = 1024 * 1024  # all together: 4 MB
    part = f.paragraph("ord " * 200).encode() * 1800  # 1.5 MB each: under the member limit
    extra = {f"word/part{i}.xml": part for i in range(6)}
    error = refused(f.docx(extra=extra))
    assert error.code == "unpacks_too_large" and "mere end 4 MB" in error.message


def test_too_many_members_are_counted_before_zipfile_reads_them(bounded):
    data = f.many_members_docx(5000)
    with bounded(seconds=2, megabytes=16):
        error = refused(data)
    assert error.code == "too_many_members" and str(ZIP_MAX_MEMBERS) in error.message


def test_an_end_record_lying_about_the_member_count_does_not_help():
    data = f.with_entry_count(f.many_members_docx(5000), 5)
    assert refused(data).code == "too_many_members"


def test_up_to_the_member_limit_is_fine():
    accept(f.many_members_docx(ZIP_MAX_MEMBERS - 2), "r.docx", REFERAT)


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95])
def test_truncated_archives_are_refused(cut):
    data = f.docx(f.paragraph("tekst " * 5000))
    error = refused(data[: int(len(data) * cut)])
    assert error.code in ("truncated", "damaged")


@pytest.mark.parametrize(
    "member",
    ["../../evil.xml", "/etc/cron.d/x", "word\\..\\evil.xml", "C:/evil.xml", "word/./x.xml",
     "word//x.xml"],
)  # fmt: skip
def test_path_tricks_in_member_names_are_refused(member):
    data = f.raw_zip(
        [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<d/>"), (member, b"x")]
    )
    assert refused(data).code == "unsafe_member_name"


def test_duplicate_member_names_are_refused():
    data = f.raw_zip([("word/document.xml", b"<a/>"), ("word/document.xml", b"<b/>")])
    assert refused(data).code == "damaged"


def test_encrypted_members_and_other_compression_are_refused():
    plain = [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<d/>")]
    assert refused(f.raw_zip(plain, flag_bits=0x1)).code == "encrypted"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_BZIP2) as archive:
        for name, data in plain:
            archive.writestr(name, data)
    assert refused(buffer.getvalue()).code == "damaged"


def test_nested_archives_are_refused_but_embedded_objects_are_kept():
    assert refused(f.docx(extra={"word/media/inde.zip": f.docx()})).code == "nested_archive"
    assert refused(f.docx(extra={"word/document2.docx": f.docx()})).code == "nested_archive"
    accepted = accept(f.docx(extra={"word/embeddings/Regneark1.xlsx": f.docx()}), "r.docx", BILAG)
    assert accepted.format == "docx"  # stored, never opened


def test_xml_entity_bomb_is_refused(bounded):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", f.CONTENT_TYPES)
        archive.writestr("word/document.xml", f.entity_bomb_xml())
    with bounded(seconds=2, megabytes=16):
        error = refused(buffer.getvalue())
    assert error.code == "xml_dtd" and "DTD" in error.cli


def test_a_word_document_made_by_python_docx_is_accepted():
    import docx

    document = docx.Document()
    document.add_paragraph("REFERAT Byrådet")
    document.add_picture(io.BytesIO(f.png()))
    buffer = io.BytesIO()
    document.save(buffer)
    assert accept(buffer.getvalue(), "r.docx", REFERAT).format == "docx"

