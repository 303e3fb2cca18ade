"""The declared table: which formats exist, which each purpose allows, and how content is told.

A file's format is decided by its content (magic bytes, then a look at the text); the name's
extension must agree, because it is what the user chose and what a download will be called.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .limits import SNIFF_BYTES


@dataclass(frozen=True)
class Format:
    key: str  # stored as ``format`` on sources, uploads and bilag
    extensions: tuple[str, ...]  # lower case, with the dot; the first is the canonical one
    content_type: str  # text formats get "; charset=…" of the detected encoding
    label: str  # Danish, for messages


FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        Format("pdf", (".pdf",), "application/pdf", _("PDF")),
        Format(
            "docx",
            (".docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            _("Word (DOCX)"),
        ),
        Format("txt", (".txt", ".text"), "text/plain", _("tekst (TXT)")),
        Format("md", (".md", ".markdown"), "text/markdown", _("Markdown (MD)")),
        Format("html", (".html", ".htm"), "text/html", _("HTML")),
        # A meeting as a portal's API returns it (FirstAgenda Publication): the harvester's
        # source document, never uploaded by hand.
        Format("json", (".json",), "application/json", _("portaldata (JSON)")),
    )
}
BY_EXTENSION = {ext: f for f in FORMATS.values() for ext in f.extensions}

# Extensions refused with a reason, whatever the purpose: a browser or an operating system
# would run or render them (scripts in HTML/SVG, programs).
DANGEROUS_EXTENSIONS = frozenset(
    {
        ".svg", ".svgz", ".xhtml", ".xht", ".xml", ".js", ".mjs", ".exe", ".com", ".bat",
        ".cmd", ".msi", ".scr", ".ps1", ".vbs", ".jar", ".sh", ".app", ".dll", ".hta",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Purpose:
    """What a file is for, and the formats allowed for it (see the README's "Files")."""

    key: str  # English, for the command line
    formats: tuple[str, ...]
    label: str  # Danish: "referat", "bilag"
    noun: str  # Danish, definite: "referatet", "bilaget"

    def allows(self, fmt: str) -> bool:
        return fmt in self.formats

    @property
    def accept_attr(self) -> str:
        """The ``accept`` attribute of a file input: ".pdf,.docx,…"."""
        return ",".join(ext for key in self.formats for ext in FORMATS[key].extensions)

    def allowed_labels(self) -> str:
        """ "PDF, Word (DOCX) eller tekst (TXT)" (Danish)."""
        labels = [str(FORMATS[key].label) for key in self.formats]
        return format_lazy("{} {} {}", ", ".join(labels[:-1]), _("eller"), labels[-1])

    def allowed_extensions(self) -> str:
        """ ".pdf, .docx, .txt" (for the command line)."""
        return ", ".join(FORMATS[key].extensions[0] for key in self.formats)


# A referat: everything the importer reads.
REFERAT = Purpose("referat", ("pdf", "docx", "txt", "md", "html"), _("referat"), _("referatet"))
# A bilag is downloaded by the public: never HTML or SVG (scripts would run in our name when
# opened) nor programs; Markdown is left out because browsers and editors render it.
BILAG = Purpose("bilag", ("pdf", "docx", "txt"), _("bilag"), _("bilaget"))
# A portal's data of one meeting (``councils.harvest``): JSON only, kept as the meeting's
# source document like any referat file (idempotent by SHA-256); never served as a page.
PORTAL = Purpose("portal", ("json",), _("portaldata"), _("portaldataene"))

# --- what the content is --------------------------------------------------------------------
PDF_MAGIC = b"%PDF-"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header, or an empty archive
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc, or an encrypted Office file
IMAGE_MAGICS = (
    b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*",
)  # fmt: skip
PROGRAM_MAGICS = (  # ELF, Mach-O (both byte orders, 32/64 bit, universal)
    b"\x7fELF", b"\xfe\xed\xfa", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe",
)  # fmt: skip
# The HTML patterns of WHATWG's MIME sniffing standard (mimesniff.spec.whatwg.org, "identifying
# a resource with an unknown MIME type") without "<!--", which also starts Markdown files;
# each must be followed by a space or ">".
HTML_PATTERNS = (
    b"<!doctype html", b"<html", b"<head", b"<script", b"<iframe", b"<h1", b"<div", b"<font",
    b"<table", b"<a", b"<style", b"<title", b"<b", b"<body", b"<br", b"<p",
)  # fmt: skip
WHITESPACE = b"\t\n\x0c\r "

# What sniff() found, for messages: (Danish, English).
KIND_LABELS = {
    "pdf": (_("en PDF"), "a PDF"),
    "zip": (_("et ZIP-arkiv (fx Word, Excel eller PowerPoint)"), "a ZIP archive (e.g. Office)"),
    "ole": (
        _("et gammelt eller adgangskodebeskyttet Office-dokument"),
        "an old or encrypted Office file",
    ),
    "html": (_("en HTML-side"), "an HTML page"),
    "svg": (_("et SVG-billede"), "an SVG image"),
    "image": (_("et billede"), "an image"),
    "program": (_("et program"), "a program"),
    "rtf": (_("et RTF-dokument"), "an RTF document"),
    "text": (_("en tekstfil"), "a text file"),
}  # fmt: skip


def sniff(data: bytes) -> str:
    """The kind of content: pdf, zip, ole, html, svg, image, program, rtf or text.

    "text" means "none of the others"; whether it really is text (and not binary junk) is
    decided by decoding it (``councils.files.text.decode_text``).
    """
    head = data[:SNIFF_BYTES]
    stripped = head.lstrip(WHITESPACE + b"\xef\xbb\xbf")
    if stripped.startswith(PDF_MAGIC):
        return "pdf"
    if head.startswith(ZIP_MAGICS):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(IMAGE_MAGICS):
        return "image"
    if head.startswith(PROGRAM_MAGICS) or (head.startswith(b"MZ") and b"\x00" in head):
        return "program"
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    return _sniff_markup(_ascii_head(head))


def _ascii_head(head: bytes) -> bytes:
    """The head as ASCII-compatible bytes (UTF-16 with a BOM re-encoded), lower case."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head[: len(head) // 2 * 2].decode("utf-16", errors="replace").encode("utf-8")
    return head.lstrip(WHITESPACE + b"\xef\xbb\xbf").lower()


def _sniff_markup(head: bytes) -> str:
    for pattern in HTML_PATTERNS:
        if head.startswith(pattern) and head[len(pattern) : len(pattern) + 1] in (b" ", b">"):
            return "html"
    if head.startswith(b"<svg") or (
        head.startswith((b"<?xml", b"<!doctype svg")) and b"<svg" in head
    ):
        return "svg"
    if head.startswith(b"<?xml") and b"<html" in head:
        return "html"  # XHTML
    return "text"
