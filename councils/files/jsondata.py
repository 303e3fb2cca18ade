"""JSON (a portal's data of one meeting): strict UTF-8, well-formed, bounded nesting."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _

from .errors import FileRefused
from .limits import MAX_JSON_DEPTH


def check_json(data: bytes, name: str) -> object:
    """The parsed document, or FileRefused ``not_json`` / ``json_too_deep``.

    RFC 8259: JSON exchanged between systems is UTF-8 (a BOM is tolerated). Parsing is
    bounded by the file size limit; nesting deeper than ``MAX_JSON_DEPTH`` is refused (a
    meeting nests about six levels), so no reader of the data recurses without bound.
    """
    try:
        text = data.decode("utf-8-sig")
        document = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        detail = str(exc)[:120]
        raise FileRefused(
            "not_json",
            _("“%(name)s” er ikke gyldige JSON-data (%(detail)s).")
            % {"name": name, "detail": detail},
            f"The file is not valid JSON ({detail}).",
        ) from exc
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise FileRefused(
                "json_too_deep",
                _("“%(name)s” er indlejret dybere end %(limit)d niveauer.")
                % {"name": name, "limit": MAX_JSON_DEPTH},
                f"The JSON nests deeper than {MAX_JSON_DEPTH} levels.",
            )
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return document
