"""``accept``: the one way a file enters the archive.

    accept(data, name, purpose) -> AcceptedFile     or FileRefused (code, Danish message, cli)

1. the name becomes a safe display name (``names.display_name``);
2. size: not empty, at most the upload limit (``REFERATER_MAX_UPLOAD_MB``);
3. the extension must name a format the purpose allows (``formats.REFERAT`` / ``BILAG``);
4. the content decides the format (magic bytes, then a look at the text), and must agree with
   the extension;
5. the format's structure is checked with bounded work: a PDF opens without a password and
   has at most PDF_MAX_PAGES pages; a DOCX's ZIP is walked and every member decompressed
   with its bytes counted (``archive``); text decodes and is not binary.

Extraction of the text (``councils.importer.extract.text_of``) trusts an AcceptedFile and
adds its own bounds (characters, XML size).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import archive
from .errors import FileRefused
from .formats import (
    BY_EXTENSION,
    DANGEROUS_EXTENSIONS,
    FORMATS,
    KIND_LABELS,
    Purpose,
    sniff,
)
from .jsondata import check_json
from .limits import MB, max_upload_bytes, max_upload_mb
from .names import display_name, extension, storage_name
from .pdf import check_pdf
from .text import decode_text

DOCX_MAIN_PART = "word/document.xml"
OFFICE_ENCRYPTION_PARTS = {"EncryptionInfo", "EncryptedPackage"}


@dataclass(frozen=True)
class AcceptedFile:
    """A file the intake accepted: its display name, detected format and facts."""

    name: str  # safe display name (never used on disk)
    format: str  # a key of formats.FORMATS: "pdf", "docx", "txt", "md", "html", "json"
    content_type: str  # with "; charset=…" for text
    size: int
    sha256: str
    data: bytes = field(repr=False)

    @property
    def extension(self) -> str:
        return FORMATS[self.format].extensions[0]

    @property
    def storage_name(self) -> str:
        """A generated name to store the file under: "<sha256>.<ext>"."""
        return storage_name(self.sha256, self.extension)


def check_size(size: int, name: str) -> None:
    """Refuse an empty file or one over the upload limit, before reading it."""
    name = display_name(name)
    limit = max_upload_bytes()
    if size == 0:
        raise FileRefused(
            "empty",
            _("“%(name)s” er tom (0 bytes). Vælg filen igen.") % {"name": name},
            "The file is empty (0 bytes); export it again.",
        )
    if size > limit:
        raise FileRefused(
            "too_large",
            _(
                "“%(name)s” fylder %(size).1f MB; grænsen er %(limit)d MB. Gem filen mindre "
                "(fx PDF uden indlejrede billeder), eller del den op."
            )
            % {"name": name, "size": size / MB, "limit": max_upload_mb()},
            f"The file is {size / MB:.1f} MB; the limit is {max_upload_mb()} MB "
            "(setting REFERATER_MAX_UPLOAD_MB). Split it or remove embedded images.",
        )


def accept_upload(uploaded_file, purpose: Purpose) -> AcceptedFile:
    """An uploaded file (Django's UploadedFile): its size is checked before it is read."""
    check_size(uploaded_file.size, uploaded_file.name)
    uploaded_file.seek(0)
    return accept(uploaded_file.read(), uploaded_file.name, purpose)


def accept(data: bytes, name: str, purpose: Purpose) -> AcceptedFile:
    """The file as the archive will keep it, or FileRefused saying what is wrong."""
    data = data or b""
    shown = display_name(name)
    check_size(len(data), shown)
    declared = _declared_format(shown, purpose)
    kind = sniff(data)
    content_type = declared.content_type
    if declared.key == "pdf":
        if kind != "pdf":
            raise _mismatch("not_pdf", shown, kind, declared.key)
        check_pdf(data, shown)
    elif declared.key == "docx":
        if kind == "ole":
            raise archive.encrypted_docx(shown)
        if kind != "zip":
            raise _mismatch("not_docx", shown, kind, declared.key)
        _check_docx(data, shown)
    elif declared.key == "html":
        if kind != "html":
            raise _mismatch("not_html", shown, kind, declared.key)
    elif declared.key == "json":
        if kind != "text":
            raise _mismatch("not_json", shown, kind, declared.key)
        check_json(data, shown)
        content_type = f"{declared.content_type}; charset=utf-8"
    elif kind == "html" and purpose.allows("html"):
        # A portal's meeting page saved as .txt/.md: read as the HTML it is.
        declared = FORMATS["html"]
        content_type = declared.content_type
    else:  # txt, md
        if kind in ("svg", "html"):
            raise FileRefused(
                "not_allowed",
                _(
                    "“%(name)s” hedder %(ext)s, men indeholder %(what)s. HTML- og SVG-filer kan "
                    "indeholde scripts og kan ikke bruges som %(purpose)s. Gem det som PDF."
                )
                % {
                    "name": shown,
                    "ext": extension(shown),
                    "what": KIND_LABELS[kind][0],
                    "purpose": purpose.label,
                },
                f"The file is named as text but contains {KIND_LABELS[kind][1]}, which is "
                f"never accepted as a {purpose.key}; save it as PDF.",
            )
        if kind != "text":
            raise _mismatch("wrong_extension", shown, kind, declared.key)
        _text, charset = decode_text(data, shown)
        content_type = f"{declared.content_type}; charset={charset}"
    return AcceptedFile(
        name=shown,
        format=declared.key,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
    )


def _declared_format(shown: str, purpose: Purpose):
    ext = extension(shown)
    declared = BY_EXTENSION.get(ext)
    if declared is not None and purpose.allows(declared.key):
        return declared
    dangerous = ext in DANGEROUS_EXTENSIONS or (declared is not None and declared.key == "html")
    # A format we know but the purpose does not allow (or a dangerous one): "not_allowed".
    code = "not_allowed" if dangerous or declared is not None else "unknown_extension"
    reason = (
        _("HTML-, SVG- og programfiler kan indeholde kode, der ville køre hos den, der åbner dem.")
        if dangerous
        else ""
    )
    raise FileRefused(
        code,
        " ".join(
            part
            for part in (
                _("“%(name)s” kan ikke bruges som %(purpose)s.")
                % {"name": shown, "purpose": purpose.label},
                str(reason),
                _("Gem %(noun)s som %(allowed)s, og upload det igen.")
                % {"noun": purpose.noun, "allowed": purpose.allowed_labels()},
            )
            if part
        ),
        f"File type '{ext or '(no extension)'}' is not accepted for a {purpose.key}: accepted "
        f"are {purpose.allowed_extensions()}. Save the file in one of these formats.",
    )


def _mismatch(code: str, shown: str, kind: str, declared: str) -> FileRefused:
    what_da, what_en = KIND_LABELS[kind]
    hint_en = {
        "pdf": "export it as PDF again",
        "docx": "save it as .docx again",
        "html": "save the page again",
        "json": "fetch the data again",
    }.get(declared, "give it the right extension")
    return FileRefused(
        code,
        _(
            "“%(name)s” hedder %(ext)s, men indholdet er %(what)s. Kontrollér, at du har valgt "
            "den rigtige fil, eller gem den igen i det rigtige format."
        )
        % {"name": shown, "ext": extension(shown), "what": what_da},
        f"The file is named {extension(shown)} but contains {what_en}; {hint_en}.",
    )


def _check_docx(data: bytes, shown: str) -> None:
    zipped = archive.open_zip(data, shown)
    with zipped:
        names = set(zipped.namelist())
        if names & OFFICE_ENCRYPTION_PARTS:
            raise archive.encrypted_docx(shown)
        if DOCX_MAIN_PART not in names:
            raise FileRefused(
                "not_docx",
                _(
                    "“%(name)s” er et ZIP-arkiv, men ikke et Word-dokument (fx Excel eller "
                    "PowerPoint). Gem filen som Word (DOCX) eller PDF."
                )
                % {"name": shown},
                "The file is a zip archive but not a Word document; save it as .docx again.",
            )
        archive.scan_members(zipped, shown)
