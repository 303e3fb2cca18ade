"""The importer's one error type. Every failure a user can cause ends up here."""

from __future__ import annotations


class ImporterError(Exception):
    """A file the importer cannot use, with one line saying what is wrong and what to do.

    ``code`` is stable and machine-readable (e.g. ``"empty"``, ``"no_text_layer"``);
    ``message`` is the line shown to the user in summaries and upload forms.
    """

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message
