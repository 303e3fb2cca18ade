"""Every limit on files that enter the archive, named once (README, section "Files").

Sizes derived from the upload limit (the setting ``REFERATER_MAX_UPLOAD_MB``) are functions,
so a deployment that raises the upload limit raises them too, up to an absolute cap.
"""

from __future__ import annotations

from django.conf import settings

MB = 1024 * 1024

# Names.
MAX_NAME_LENGTH = 200  # characters of a display name (the model fields hold 255)

# Content sniffing.
SNIFF_BYTES = 1024  # bytes read to recognise a format (the PDF standard's header window)
MAX_CONTROL_CHAR_RATIO = 0.01  # more control characters than this in "text": binary data

# ZIP containers (DOCX). Counted while decompressing, never taken from the ZIP headers.
ZIP_MAX_MEMBERS = 1000  # files inside one DOCX (Word writes 10-30, images add one each)
ZIP_MEMBER_FACTOR = 2  # one member unpacks to at most 2 × the upload limit …
ZIP_MEMBER_CAP_BYTES = 100 * MB  # … and never more than 100 MB
ZIP_TOTAL_FACTOR = 4  # all members together: at most 4 × the upload limit …
ZIP_TOTAL_CAP_BYTES = 200 * MB  # … and never more than 200 MB
ZIP_MAX_RATIO = 100  # a member unpacking to more than 100 × its compressed size is a bomb …
ZIP_RATIO_GRACE_BYTES = 1 * MB  # … once it has unpacked more than this (small parts may)
ZIP_READ_CHUNK = 64 * 1024  # bytes decompressed per step
XML_PART_CAP_BYTES = 32 * MB  # largest XML part parsed (document, styles, relationships)

# PDF.
PDF_MAX_PAGES = 2000  # a referat of more pages is certainly not one referat
PDF_EOF_WINDOW = 2048  # the end marker %%EOF must be in the last this many bytes

# JSON (a portal's meeting data).
MAX_JSON_DEPTH = 64  # nesting levels; a FirstAgenda meeting nests about six

# Extracted text (every format).
MAX_TEXT_CHARS = 5_000_000  # characters of text taken from one file (≈ 2,000 full pages)


def max_upload_bytes() -> int:
    """The upload limit in bytes (setting ``REFERATER_MAX_UPLOAD_MB``, default 50)."""
    return int(getattr(settings, "REFERATER_MAX_UPLOAD_BYTES", 50 * MB))


def max_upload_mb() -> int:
    return max_upload_bytes() // MB


def zip_member_limit() -> int:
    """Bytes one ZIP member may unpack to."""
    return min(ZIP_MEMBER_FACTOR * max_upload_bytes(), ZIP_MEMBER_CAP_BYTES)


def zip_total_limit() -> int:
    """Bytes all members of one ZIP together may unpack to."""
    return min(ZIP_TOTAL_FACTOR * max_upload_bytes(), ZIP_TOTAL_CAP_BYTES)
