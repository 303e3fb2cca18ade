"""PDF files: complete, readable without a password, and of a bounded number of pages.

PDFium (pypdfium2) opens a document without reading its pages, so counting pages and noticing
a password costs milliseconds even for a file of thousands of pages. A PDF that only restricts
printing or copying (an owner password, no user password) opens without one and is accepted:
its text is readable, and municipalities publish many such files.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .errors import FileRefused
from .limits import PDF_EOF_WINDOW, PDF_MAX_PAGES


def check_pdf(data: bytes, name: str) -> int:
    """The number of pages; FileRefused ``truncated``, ``encrypted`` or ``too_many_pages``."""
    import pypdfium2 as pdfium

    if b"%%EOF" not in data[-PDF_EOF_WINDOW:]:
        raise truncated(name, "no end marker %%EOF")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).casefold():
            raise FileRefused(
                "encrypted",
                _(
                    "“%(name)s” er beskyttet med adgangskode. Gem en kopi uden adgangskode, og "
                    "upload den."
                )
                % {"name": name},
                "The PDF is password-protected; save an unprotected copy and import that.",
            ) from exc
        raise truncated(name, str(exc)) from exc
    try:
        pages = len(document)
    finally:
        document.close()
    if pages > PDF_MAX_PAGES:
        raise FileRefused(
            "too_many_pages",
            _(
                "“%(name)s” har %(pages)d sider; grænsen er %(limit)d. Er det flere referater "
                "i én fil? Del den op."
            )
            % {"name": name, "pages": pages, "limit": PDF_MAX_PAGES},
            f"The PDF has {pages} pages; the limit is {PDF_MAX_PAGES}. "
            "Is it several referater in one file? Split it.",
        )
    if pages == 0:
        raise truncated(name, "no pages")
    return pages


def truncated(name: str, detail: str) -> FileRefused:
    return FileRefused(
        "truncated",
        _(
            "“%(name)s” er beskadiget eller afkortet og kan ikke læses. Hent eller gem PDF'en "
            "igen, og upload den igen."
        )
        % {"name": name},
        f"The PDF is damaged or truncated ({detail}); download or export it again.",
    )
