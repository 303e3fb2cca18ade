"""Bilag files matched to the bilag titles printed in the referat, by file name."""

from __future__ import annotations

import difflib
import logging
import re
import unicodedata

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from ..files import BILAG, AcceptedFile, FileRefused, accept_upload
from ..models import Attachment
from .sandbox import LimitExceeded, memory_limit_mb, run_limited, timeout_seconds

log = logging.getLogger(__name__)

# How similar (0..1) a file name must be to a bilag title to count as that bilag.
MIN_NAME_SIMILARITY = 0.8


def title_key(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "").casefold()
    text = re.sub(r"\.(pdf|docx|txt|md|markdown)$", "", text)
    text = re.sub(r"\s*\(\d+\)$", "", text)  # "navn (2).pdf": a browser's copy suffix
    text = re.sub(r"[_\-.,;:()\[\]]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _numbers(key: str) -> list[str]:
    return re.findall(r"\d+", key)


def best_match(filename: str, titles: list[tuple[int, str]], taken=()) -> tuple[int, str] | None:
    """The (item number, title) a file name refers to, or None. Exact names win."""
    key = title_key(filename)
    if not key:
        return None
    candidates = [(n, t) for n, t in titles if (n, t) not in taken]
    for n, t in candidates:
        if title_key(t) == key:
            return n, t
    scored = []
    for n, t in candidates:
        tk = title_key(t)
        if not tk:
            continue
        if _numbers(key) and _numbers(tk) and _numbers(key) != _numbers(tk):
            continue  # "4.1 …" is never "4.2 …"
        ratio = difflib.SequenceMatcher(a=key, b=tk).ratio()
        if len(tk) >= 5 and (key.startswith(tk) or tk.startswith(key)):
            ratio = max(ratio, 0.9)
        scored.append((ratio, n, t))
    scored.sort(key=lambda s: -s[0])
    if scored and scored[0][0] >= MIN_NAME_SIMILARITY:
        return scored[0][1], scored[0][2]
    return None


def _text_in_child(accepted: AcceptedFile) -> tuple[str, str]:
    from ..importer import ImporterError
    from ..importer.extract import text_of

    try:
        return text_of(accepted), ""
    except ImporterError as exc:
        return "", str(exc.message)
    except MemoryError:
        raise
    except Exception:  # a broken bilag must not stop the referat
        log.exception("text extraction failed for bilag %s", accepted.name)
        return "", str(_unreadable(accepted.name))


def _unreadable(name: str) -> str:
    return _("Teksten kunne ikke læses ud af “%(name)s”; filen er gemt, men kan ikke søges i.") % {
        "name": name
    }


def extract(accepted: AcceptedFile) -> tuple[str, str]:
    """(text, error) of an accepted bilag; extraction problems never lose the file.

    The text is read in a child process within the reading limits (``sandbox``): a bilag that
    takes too long or too much memory is kept without text, with the reason."""
    try:
        return run_limited(_text_in_child, accepted)
    except LimitExceeded as exc:
        log.warning("text extraction of bilag %s stopped: %s", accepted.name, exc)
        if exc.code == "timeout":
            return "", _(
                "Teksten i “%(name)s” kunne ikke læses på %(seconds)s sekunder; filen er gemt, "
                "men kan ikke søges i."
            ) % {"name": accepted.name, "seconds": f"{timeout_seconds():g}"}
        if exc.code == "memory":
            return "", _(
                "Teksten i “%(name)s” krævede mere end %(mb)s MB hukommelse at læse; filen er "
                "gemt, men kan ikke søges i."
            ) % {"name": accepted.name, "mb": memory_limit_mb()}
        return "", _unreadable(accepted.name)


def store_on_attachment(attachment: Attachment, accepted: AcceptedFile, text: str) -> Attachment:
    """Put an accepted file (and its text) on a bilag and save it."""
    set_file_facts(attachment, accepted, text)
    attachment.file.save(accepted.storage_name, ContentFile(accepted.data), save=False)
    attachment.save()
    return attachment


def set_file_facts(attachment: Attachment, accepted: AcceptedFile, text: str) -> None:
    """The facts of the file on the bilag: display name, type, size, hash, text."""
    attachment.original_name = accepted.name
    attachment.content_type = accepted.content_type
    attachment.size = accepted.size
    attachment.sha256 = accepted.sha256
    attachment.extracted_text = text


def attach_later(meeting, files, user=None) -> tuple[list[Attachment], list[str]]:
    """Attach bilag files to an existing meeting's bilag titles; returns (attached, errors).

    Each file is its own transaction: one bad file does not stop the others.
    """
    attachments = list(
        Attachment.objects.filter(agenda_item__meeting=meeting).select_related("agenda_item")
    )
    titles = [(a.pk, a.title) for a in attachments]
    by_pk = {a.pk: a for a in attachments}
    attached, errors, taken = [], [], set()
    for upload in files:
        try:
            accepted = accept_upload(upload, BILAG)
        except FileRefused as exc:
            errors.append(exc.message)
            continue
        match = best_match(accepted.name, titles, taken)
        if match is None:
            errors.append(
                _(
                    "“%(name)s” passer ikke til nogen bilagstitel i referatet. Giv filen samme "
                    "navn som bilaget (fx “%(example)s”) og upload den igen."
                )
                % {"name": accepted.name, "example": titles[0][1] if titles else "Bilag 1"}
            )
            continue
        taken.add(match)
        text, problem = extract(accepted)
        if problem:
            errors.append(problem)  # it names the file
        attachment = by_pk[match[0]]
        if user is not None:
            attachment._history_user = user
        with transaction.atomic():
            attached.append(store_on_attachment(attachment, accepted, text))
    return attached, errors
