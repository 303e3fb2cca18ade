"""The importer's one error type. Every failure a user can cause ends up here."""

from __future__ import annotations


class ImporterError(Exception):
    """A file the importer cannot use, with one line saying what is wrong and what to do.

    ``code`` is stable and machine-readable (e.g. ``"empty"``, ``"no_text_layer"``);
    ``message`` is the line shown to the user in summaries and upload forms; ``cli`` the line
    the ``import_referater`` command prints (the message itself unless a subclass has its own:
    ``councils.files.FileRefused`` gives a Danish message and an English command line).
    """

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code

    @property
    def cli(self) -> str:
        return str(self.message)

    def __str__(self) -> str:
        return str(self.message)
